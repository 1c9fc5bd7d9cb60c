/** A problem with the user's input: its message is shown as is (CLI, API problem detail). */
export class ImportError extends Error {
  override name = 'ImportError';
}

/** A problem with the user's input: its message is shown as is (CLI, API problem detail). */
export class ImportError extends Error {
  override name = 'ImportError';
}

/**
 * Loading real data would remove the synthetic demo, and the caller has not said it may. Raised
 * only by `requireDemoConsent`; the CLI (import-command.ts) and the HTTP app (app.ts) each turn
 * it into their own words: a flag to pass, or a field to send.
 */
export class DemoPresentError extends Error {
  override name = 'DemoPresentError';
  constructor() {
    super('The database holds the synthetic demo county; loading real data removes it (its incidents and districts).');
  }
}

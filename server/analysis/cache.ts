/**
 * A small LRU of serialised analysis responses. Keys include the data version, so an import
 * (which bumps it) makes every older entry unreachable; they age out of the LRU.
 */
export class ResponseCache {
  readonly #entries = new Map<string, string>();
  constructor(readonly capacity: number) {}

  get(key: string): string | undefined {
    const body = this.#entries.get(key);
    if (body !== undefined) {
      this.#entries.delete(key);
      this.#entries.set(key, body);
    }
    return body;
  }

  set(key: string, body: string): void {
    if (this.capacity <= 0) return;
    this.#entries.delete(key);
    this.#entries.set(key, body);
    while (this.#entries.size > this.capacity) this.#entries.delete(this.#entries.keys().next().value!);
  }
}

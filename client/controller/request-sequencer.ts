/** What a sequenced request came to: its value, its failure, or 'stale' when a newer request of the same key (or a cancel) overtook it. */
export type RequestOutcome<T> = { status: 'done'; value: T } | { status: 'failed'; error: unknown } | { status: 'stale' };

interface InFlight {
  serial: number;
  controller: AbortController;
}

/**
 * The one place that sequences the client's requests. Each request has a key ('analysis',
 * 'points', 'patrol-preview', …): a new request aborts the one in flight under the same key, and
 * an answer (or failure) that arrives after it was overtaken comes back as 'stale', so no panel
 * ever draws an old answer over a newer one. Keys are independent of each other.
 *
 * Stale detection does not rely on the abort: a request whose function ignores the signal (or
 * answers from a cache) is still reported stale by its serial.
 */
export class RequestSequencer {
  private readonly inFlight = new Map<string, InFlight>();
  private serial = 0;

  /** Runs `fn` as the newest request of `key`; never rejects. */
  async request<T>(key: string, fn: (signal: AbortSignal) => Promise<T>): Promise<RequestOutcome<T>> {
    this.cancel(key);
    const mine: InFlight = { serial: ++this.serial, controller: new AbortController() };
    this.inFlight.set(key, mine);
    try {
      const value = await fn(mine.controller.signal);
      return this.isCurrent(key, mine.serial) ? { status: 'done', value } : { status: 'stale' };
    } catch (error) {
      return this.isCurrent(key, mine.serial) ? { status: 'failed', error } : { status: 'stale' };
    } finally {
      if (this.isCurrent(key, mine.serial)) this.inFlight.delete(key);
    }
  }

  /** Aborts the request in flight under `key`, if any: its outcome becomes 'stale'. */
  cancel(key: string): void {
    const current = this.inFlight.get(key);
    if (!current) return;
    current.controller.abort();
    this.inFlight.delete(key);
  }

  /** Whether a request of `key` is in flight. */
  pending(key: string): boolean {
    return this.inFlight.has(key);
  }

  private isCurrent(key: string, serial: number): boolean {
    return this.inFlight.get(key)?.serial === serial;
  }
}

/** What a panel or loader needs to sequence its requests (the AppController provides it). */
export type Requests = Pick<RequestSequencer, 'request' | 'cancel'>;

import type { LatLngRing } from '../../db/police-api-store';
import { ImportError } from './errors';

const sleepMs = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms));

/**
 * Token bucket: `rate` tokens a second, at most `burst` stored. police.uk allows 15 requests/s with
 * a burst of 30 (https://data.police.uk/docs/api-call-limits/).
 */
export class TokenBucket {
  #tokens: number;
  #last: number;
  constructor(
    readonly rate: number,
    readonly burst: number,
    private readonly now: () => number = () => performance.now(),
    private readonly sleep: (ms: number) => Promise<void> = sleepMs,
  ) {
    this.#tokens = burst;
    this.#last = now();
  }

  async take(): Promise<void> {
    for (;;) {
      const now = this.now();
      this.#tokens = Math.min(this.burst, this.#tokens + ((now - this.#last) / 1000) * this.rate);
      this.#last = now;
      // The epsilon stops floating-point rounding from waiting forever for the last 1e-15 of a token.
      if (this.#tokens >= 1 - 1e-9) {
        this.#tokens = Math.max(0, this.#tokens - 1);
        return;
      }
      await this.sleep(Math.max(1, ((1 - this.#tokens) / this.rate) * 1000));
    }
  }
}

/** The API answered 503: the area holds more than 10,000 crimes; subdivide it. */
export class AreaTooBig extends Error {}

export interface PoliceApiClientOptions {
  baseUrl: string;
  bucket?: TokenBucket;
  /** Attempts per request for 429, other 5xx and network errors. */
  maxAttempts?: number;
  /** First backoff; doubles per attempt (with jitter), unless the answer has Retry-After. */
  backoffMs?: number;
  sleep?: (ms: number) => Promise<void>;
}

export class PoliceApiClient {
  readonly #base: string;
  readonly #bucket: TokenBucket;
  readonly #maxAttempts: number;
  readonly #backoffMs: number;
  readonly #sleep: (ms: number) => Promise<void>;
  requests = 0;
  retries = 0;

  constructor(options: PoliceApiClientOptions) {
    this.#base = options.baseUrl.replace(/\/+$/, '');
    this.#bucket = options.bucket ?? new TokenBucket(15, 30);
    this.#maxAttempts = options.maxAttempts ?? 6;
    this.#backoffMs = options.backoffMs ?? 500;
    this.#sleep = options.sleep ?? sleepMs;
  }

  /** Street-level crimes of every category in a polygon for a month (POST, for long polygons). */
  async crimesStreet(ring: LatLngRing, month: string): Promise<unknown[]> {
    const body = new URLSearchParams({ poly: ring.map(([lat, lng]) => `${lat},${lng}`).join(':'), date: month });
    const url = `${this.#base}/crimes-street/all-crime`;
    for (let attempt = 1; ; attempt++) {
      await this.#bucket.take();
      this.requests++;
      let response: Response;
      try {
        response = await fetch(url, { method: 'POST', body, headers: { accept: 'application/json' } });
      } catch (error) {
        if (attempt >= this.#maxAttempts) throw new ImportError(`police.uk API unreachable at ${url}: ${(error as Error).message}`);
        await this.#backoff(attempt, null);
        continue;
      }
      if (response.status === 503) {
        await response.body?.cancel();
        throw new AreaTooBig();
      }
      if (response.status === 429 || response.status >= 500) {
        await response.body?.cancel();
        if (attempt >= this.#maxAttempts) {
          throw new ImportError(`police.uk API: ${url} answered ${response.status} ${attempt} times; try again later (the import resumes where it stopped)`);
        }
        await this.#backoff(attempt, response.headers.get('retry-after'));
        continue;
      }
      if (!response.ok) throw new ImportError(`police.uk API: ${url} answered ${response.status} ${response.statusText} for ${month}`);
      const json = (await response.json()) as unknown;
      if (!Array.isArray(json)) throw new ImportError(`police.uk API: ${url} did not answer with a JSON array`);
      return json;
    }
  }

  async #backoff(attempt: number, retryAfter: string | null): Promise<void> {
    this.retries++;
    const seconds = retryAfter !== null && /^\d+$/.test(retryAfter) ? Number(retryAfter) : undefined;
    const ms = seconds !== undefined ? seconds * 1000 : this.#backoffMs * 2 ** (attempt - 1) * (0.5 + Math.random() / 2);
    await this.#sleep(ms);
  }
}

import type { Driver } from 'kysely';
import type { Sql } from 'postgres';

/** One postgres.js pool, kysely-postgres-js's driver over it, and how many of its connections are out. */
export interface Pool {
  client: Sql;
  driver: Driver;
  ready: Promise<void>;
  /** Connections reserved from it and not yet released (or dropped). */
  outstanding: number;
  retired: boolean;
}

/**
 * The postgres.js pool new work goes to, and the retired ones still finishing theirs.
 *
 * Why retire a pool at all: postgres@3.4.9 keeps a connection's last query and its error after
 * the backend was terminated under that query (closed() resets neither). The next reconnect of
 * that connection object then rejects whatever triggered it with the old 57P01, and when that was
 * a reserve() (kysely-postgres-js reserves for every query) the reconnected connection is handed
 * to the already rejected reserve and never comes back: a 503 and one connection fewer per kill,
 * until, with all ten gone, every query waits for ever (measured; porsager/postgres#1209, #1215
 * fix it upstream, unreleased). There is no way to reset one connection from outside, so the whole
 * pool is replaced: new work gets a fresh pool, and the old one is closed once its last
 * connection in use comes back (its idle connections with it; the poisoned one is never reused).
 */
export class ConnectionPools {
  current: Pool;
  private readonly pools = new Set<Pool>();
  private ended = false;

  constructor(private readonly open: () => { client: Sql; driver: Driver }) {
    this.current = this.add();
  }

  private add(): Pool {
    const { client, driver } = this.open();
    const pool: Pool = { client, driver, ready: driver.init(), outstanding: 0, retired: false };
    // Not awaited here: init() of kysely-postgres-js's driver only stores the client.
    pool.ready.catch(() => {});
    this.pools.add(pool);
    return pool;
  }

  /** The current pool, with one more connection counted out of it (give it back with release). */
  hold(): Pool {
    this.current.outstanding++;
    return this.current;
  }

  release(pool: Pool): void {
    pool.outstanding--;
    if (pool.retired && pool.outstanding === 0) void this.close(pool, 0);
  }

  /** New work goes to a fresh pool from now on; `pool` closes when its last connection is back. */
  retire(pool: Pool): void {
    if (pool.retired) return;
    pool.retired = true;
    if (pool === this.current && !this.ended) this.current = this.add();
    if (pool.outstanding === 0) void this.close(pool, 0);
  }

  /**
   * end({ timeout }) closes idle connections at once and the rest after `timeout` seconds; a
   * plain end() would wait for ever for the poisoned connection, whose stale query never settles.
   */
  private async close(pool: Pool, timeoutSeconds: number): Promise<void> {
    if (!this.pools.delete(pool)) return;
    await pool.client.end({ timeout: timeoutSeconds }).catch(() => {});
  }

  /** Closes every pool, giving queries in flight `timeoutSeconds` to finish. */
  async end(timeoutSeconds: number): Promise<void> {
    this.ended = true;
    await Promise.all([...this.pools].map((pool) => this.close(pool, timeoutSeconds)));
  }
}

import { sql } from 'kysely';
import { describe, expect, it } from 'vitest';
import { openTestDatabase, testBackends } from '../setup/backends';

// A server stopped (SIGTERM, a rolling restart) while requests are running must still exit:
// closing the pool with queries in flight once waited for ever (found by the load bench).
describe.each(testBackends())('closing the database while queries are in flight [%s]', (kind) => {
  it('settles instead of waiting for ever', async () => {
    const database = await openTestDatabase(kind);
    const inFlight = Array.from({ length: 5 }, () => sql`select pg_sleep(0.2)`.execute(database.db).catch(() => undefined));
    await new Promise((resolve) => setTimeout(resolve, 20));
    // Without the grace period this never resolves and the test's time limit fails it.
    await expect(database.close()).resolves.toBeUndefined();
    void inFlight;
  });
});

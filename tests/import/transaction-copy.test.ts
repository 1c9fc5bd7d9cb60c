import { sql } from 'kysely';
import { expect, it } from 'vitest';
import { describeBackends } from '../setup/backends';

// DatabaseHandle.transactionWithCopy: COPY inside a transaction, on the transaction's connection.
// The police.uk import leaves a COPY in flight while it parses on; a statement made meanwhile must
// wait for it. postgres.js pipelines, so without that the statement's Parse message went into the
// COPY's data: "unexpected message type 0x50 during COPY from stdin", and the connection was lost.
describeBackends('COPY inside a transaction', (ctx) => {
  const lines = (n: number, month: string) => 'police-csv\t' + `${month}\tshoplifting\tcopy-test\t\\N\n`.repeat(n).split('\n').filter(Boolean).join('\npolice-csv\t') + '\n';

  it('runs a statement made while a COPY is in flight after it, and both land in the transaction', async () => {
    const counted = await ctx.database.transactionWithCopy(async (trx, copy) => {
      // ~5 MB: still being sent when the next statement is made.
      const inFlight = copy('incidents', ['source', 'month', 'category', 'force', 'district_code'], lines(120_000, '2024-01-01'));
      const during = sql<{ n: number }>`select count(*)::int as n from incidents where force = 'copy-test'`.execute(trx);
      await inFlight;
      const { rows } = await during;
      await copy('incidents', ['source', 'month', 'category', 'force', 'district_code'], lines(3, '2024-02-01'));
      return rows[0]!.n;
    });
    expect(counted).toBe(120_000);
    const { rows } = await sql<{ n: number }>`select count(*)::int as n from incidents where force = 'copy-test'`.execute(ctx.database.db);
    expect(rows[0]!.n).toBe(120_003);
    await sql`delete from incidents where force = 'copy-test'`.execute(ctx.database.db);
  });

  it('rolls the COPYed rows back with the transaction', async () => {
    await expect(ctx.database.transactionWithCopy(async (_trx, copy) => {
      await copy('incidents', ['source', 'month', 'category', 'force', 'district_code'], lines(10, '2024-03-01'));
      throw new Error('rolled back on purpose');
    })).rejects.toThrow('rolled back on purpose');
    const { rows } = await sql<{ n: number }>`select count(*)::int as n from incidents where force = 'copy-test'`.execute(ctx.database.db);
    expect(rows[0]!.n).toBe(0);
  });

  // postgres.js 3.4.9 never settled a COPY refused after its last data went out: the import waited
  // for ever in an aborted transaction holding its locks (porsager/postgres#1173).
  it('fails, and leaves nothing open, when the database refuses a COPY after all its data is sent', async () => {
    const refused = ctx.database.transactionWithCopy(async (trx, copy) => {
      await sql`create temp table copy_refused (a int not null) on commit drop`.execute(trx);
      await copy('copy_refused', ['a'], '1\n\\N\n');
      return 'committed';
    });
    const waited = new Promise((resolve) => setTimeout(() => resolve('no answer in 20 s'), 20_000));
    await expect(Promise.race([refused, waited])).rejects.toThrow(ctx.kind === 'postgres' ? /COPY into copy_refused was refused/ : /null value/);
    if (ctx.kind === 'postgres') {
      const { rows } = await sql<{ n: number }>`
        select count(*)::int as n from pg_stat_activity
        where pid <> pg_backend_pid() and datname = current_database() and state like 'idle in transaction%'`.execute(ctx.database.db);
      expect(rows[0]!.n).toBe(0);
    }
    // The handle still works, and a COPY after the refused one goes in.
    await ctx.database.transactionWithCopy(async (_trx, copy) => {
      await copy('incidents', ['source', 'month', 'category', 'force', 'district_code'], lines(2, '2024-04-01'));
    });
    const { rows } = await sql<{ n: number }>`select count(*)::int as n from incidents where force = 'copy-test'`.execute(ctx.database.db);
    expect(rows[0]!.n).toBe(2);
    await sql`delete from incidents where force = 'copy-test'`.execute(ctx.database.db);
  });
});

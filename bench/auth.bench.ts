import { randomBytes } from 'node:crypto';
import { sql } from 'kysely';
import postgres from 'postgres';
import { openDatabase } from '../db/connect';
import { insertToken } from '../db/api-tokens';
import { sessionOwners } from '../db/credential-cache';
import { insertUser } from '../db/users';
import { createApp } from '../server/app';
import { TOKEN_PREFIX, newSecret, secretHash } from '../server/auth/secrets';
import { startSession } from '../server/auth/sessions';
import { loadConfig } from '../server/config';
import { BENCH_DATABASE_URL, ensureDatabase } from './bench-database';
import { type Bench, interleaveRuns, pairedRatios, stats } from './harness';

const RUNS = 400;
// A cheap read route, so the request's own work does not drown the authorisation cost.
const ROUTE = '/api/districts';

/**
 * What sign-in and authorisation add to a request: the same GET with READ_ACCESS=public and no
 * credentials (the baseline), signed in by session cookie, and by personal API token (both as a
 * busy map sees them: remembered for a few seconds), and by session looked up every time. Runs in a
 * scratch schema of the bench server (users there would make the other benches' apps private).
 */
export const bench: Bench = {
  name: 'auth',
  run: async () => {
    await ensureDatabase(BENCH_DATABASE_URL);
    const schema = `auth_bench_${randomBytes(4).toString('hex')}`;
    const database = await openDatabase({ url: BENCH_DATABASE_URL, schema });
    try {
      const user = (await insertUser(database.db, { name: 'bench', role: 'analyst', districts: [], passwordHash: null }))!;
      const token = newSecret(TOKEN_PREFIX);
      await insertToken(database.db, user.id, secretHash(token), 'bench');
      const open = createApp({ database, config: loadConfig({ READ_ACCESS: 'public', DATABASE_URL: BENCH_DATABASE_URL }) });
      const config = loadConfig({ DATABASE_URL: BENCH_DATABASE_URL });
      const closed = createApp({ database, config });
      const { secret } = await startSession(database.db, config, user.id);
      const cookie = { headers: { cookie: `hotspot_session=${secret}` } };
      const coldSession = await startSession(database.db, config, user.id);
      const coldCookie = { headers: { cookie: `hotspot_session=${coldSession.secret}` } };
      const bearer = { headers: { authorization: `Bearer ${token}` } };
      const get = async (app: typeof open, init?: RequestInit) => {
        const res = await app.request(ROUTE, init);
        await res.text();
        if (res.status !== 200) throw new Error(`${ROUTE} answered ${res.status}`);
      };
      // Interleaved rounds after a warm-up (rotating order), so drift on a shared machine hits all alike.
      const samples = await interleaveRuns({
        open: () => get(open),
        session: () => get(closed, cookie),
        token: () => get(closed, bearer),
        // A second session looked up in the database every time: what the in-process memory saves.
        cold: { prepare: () => sessionOwners.delete(secretHash(coldSession.secret)), run: () => get(closed, coldCookie) },
        roundTrip: () => sql`select 1`.execute(database.db),
      }, { warmup: 50, runs: RUNS });
      const p50 = (xs: number[]) => stats(xs).p50;
      const base = { name: 'READ_ACCESS=public, anonymous', value: p50(samples.open) };
      const ratioOf = (xs: number[]) => ({ ofMedians: p50(xs) / base.value, spread: pairedRatios(xs, samples.open) });
      // The added cost per round (same round, so the same machine state), then its spread.
      const added = (xs: number[]) => stats(xs.map((x, k) => x - samples.open[k]!));
      const addedNote = (xs: number[]) => `per-round difference p25 ${added(xs).p25.toFixed(2)}, p50 ${added(xs).p50.toFixed(2)}, p75 ${added(xs).p75.toFixed(2)} ms`;
      const how = `${RUNS} interleaved rounds (rotate) after 50 warm-ups`;
      return {
        bench: 'auth',
        figures: [
          { name: `${ROUTE} signed in by session, p50`, unit: 'ms', value: p50(samples.session), baseline: base, ratio: ratioOf(samples.session), note: how },
          { name: `${ROUTE} with a personal API token, p50`, unit: 'ms', value: p50(samples.token), baseline: base, ratio: ratioOf(samples.token), note: how },
          { name: 'added by session authorisation, p50', unit: 'ms', value: p50(samples.session) - base.value, goal: '< 2', note: addedNote(samples.session) },
          { name: 'added by token authorisation, p50', unit: 'ms', value: p50(samples.token) - base.value, goal: '< 2', note: addedNote(samples.token) },
          {
            name: 'added by session authorisation, looked up every time (no in-process memory), p50', unit: 'ms',
            value: p50(samples.cold) - base.value, note: `what a request costs after the 5 s memory lapses; ${addedNote(samples.cold)}`,
          },
          // The lookup is one query: on a loaded machine its cost is mostly this round trip.
          { name: 'one SQL round trip (select 1), p50', unit: 'ms', value: p50(samples.roundTrip), note: 'reference' },
        ],
        skipped: [],
      };
    } finally {
      await database.close();
      const admin = postgres(BENCH_DATABASE_URL, { max: 1, onnotice: () => {} });
      await admin.unsafe(`drop schema if exists "${schema}" cascade`);
      await admin.end();
    }
  },
};

import { type Transaction, sql } from 'kysely';
import { districtContaining } from './districts';
import { json } from './json-param';
import type { LoadedCounts } from './incident-copy-text';
import type { Database } from './schema';

/**
 * The police.uk file import's way into `incidents`: COPY straight into the table, inside the
 * transaction that replaced the force-month, on that transaction's connection
 * (DatabaseHandle.transactionWithCopy). Each distinct map point is reprojected and given its
 * district by PostGIS once (locatePoints), and its stored columns are then written as COPY text
 * beside every row at that point: police.uk snaps crimes to a few thousand points per force (the
 * bench's 1,000,000 rows have 20,000).
 *
 * The first version COPYed into a staging table and moved the rows with one INSERT … SELECT: the
 * rows were written twice, the insert fed the summary trigger a 1,000,000-row transition table,
 * and the table then needed a VACUUM for its visibility map. Measured on the same machine and
 * load: staging COPY 33 s, ANALYZE 1.7 s and INSERT … SELECT 29 s against the floor's 9.5 s COPY
 * (docs/scaling.md has the quiet figures).
 */

/** How the rows go in; decided once the force-month's old rows are deleted (beginIncidentLoad). */
export interface IncidentLoad {
  /** Secondary indexes, foreign keys and the summary's insert trigger are off until finishIncidentLoad. */
  bulk: boolean;
  /** The table was empty and truncated in this transaction: COPY … (FREEZE) may be used. */
  freeze: boolean;
  indexes: Definition[];
  foreignKeys: Definition[];
}

interface Definition {
  name: string;
  definition: string;
}

/**
 * Bulk load, when the rows expected are at least as many as the rows left in `incidents`: the
 * secondary indexes and the foreign keys are dropped inside the transaction and re-created from
 * their own catalogue definitions after the COPY (which re-checks every foreign key in one query),
 * and the summary table's insert trigger is disabled, its counts added by one grouped query at the
 * end instead of from a transition table of every row. Measured on 1,000,000 rows into an empty
 * table: 27 s with the indexes against 10 s + 8 s for the rebuild without; the per-row foreign-key
 * triggers took 4.3 s of an 11 s insert. When the table is empty (and not partitioned) it is
 * also truncated, so the rows can be COPYed with FREEZE: written frozen and all-visible, with no
 * VACUUM needed before index-only scans use them. The price is an exclusive lock on `incidents` (and, for the foreign
 * keys, on `districts` and `imports`) until the transaction commits: readers wait, which is why
 * smaller loads keep the indexes and triggers.
 *
 * `expectedRows` is an estimate made before reading (from the file's size): the decision must be
 * taken before the first row goes in.
 */
export async function beginIncidentLoad(trx: Transaction<Database>, expectedRows: number): Promise<IncidentLoad> {
  const remaining = await rowsUpTo(trx, expectedRows + 1);
  if (expectedRows <= 0 || expectedRows < remaining) return { bulk: false, freeze: false, indexes: [], foreignKeys: [] };
  await sql`lock table incidents in access exclusive mode`.execute(trx);
  // Under the lock no other writer can have rows in flight: empty now means empty at commit.
  // PostgreSQL refuses COPY … (FREEZE) on a partitioned table (the experiment of incident-partitions.ts).
  const freeze = (await rowsUpTo(trx, 1)) === 0 && !(await isPartitioned(trx));
  if (freeze) await sql`truncate incidents`.execute(trx);
  const indexes = await secondaryIndexes(trx);
  const foreignKeys = await foreignKeysOfIncidents(trx);
  for (const index of indexes) await sql`drop index ${sql.id(index.name)}`.execute(trx);
  for (const key of foreignKeys) await sql`alter table incidents drop constraint ${sql.id(key.name)}`.execute(trx);
  await sql`alter table incidents disable trigger incident_counts_insert`.execute(trx);
  return { bulk: true, freeze, indexes, foreignKeys };
}

/**
 * Ends a bulk load (nothing to do otherwise): the load's counts into the summary, then the trigger,
 * indexes and foreign keys back as they were. The counts are the importer's own tally of the rows
 * it COPYed (per district and category; month and force are the file's): counting them again from
 * the table, unindexed at this point, took 2.2 s of a 1,000,000-row load. (A larger
 * maintenance_work_mem did not help the index builds: 10.3 s with 512 MB against the floor's 8.1 s
 * with the default 64 MB, quiet.)
 */
export async function finishIncidentLoad(trx: Transaction<Database>, load: IncidentLoad, loaded: LoadedCountsOf): Promise<void> {
  if (!load.bulk) return;
  if (loaded.counts.length > 0) {
    await sql`
      insert into incident_counts as c (district_code, month, category, force, n)
      select e.v->>'district', ${`${loaded.month}-01`}::date, e.v->>'category', ${loaded.force}, (e.v->>'n')::int
      from json_array_elements(${json(loaded.counts)}) as e(v)
      order by 1, 3
      on conflict (district_code, month, category, force) do update set n = c.n + excluded.n`.execute(trx);
  }
  await sql`alter table incidents enable trigger incident_counts_insert`.execute(trx);
  // The definitions come from pg_get_indexdef / pg_get_constraintdef (catalogue text, no user input).
  for (const index of load.indexes) await sql.raw(index.definition).execute(trx);
  for (const key of load.foreignKeys) await sql`alter table incidents add constraint ${sql.id(key.name)} ${sql.raw(key.definition)}`.execute(trx);
}

/** What a bulk load COPYed: rows per district and category, all of one month ('YYYY-MM') and force. */
export interface LoadedCountsOf {
  month: string;
  force: string;
  counts: LoadedCounts;
}

/** How many rows `incidents` has, counting no further than `limit`. */
async function rowsUpTo(trx: Transaction<Database>, limit: number): Promise<number> {
  const { rows } = await sql<{ n: number }>`select count(*)::int as n from (select 1 from incidents limit ${limit}) t`.execute(trx);
  return rows[0]!.n;
}

async function foreignKeysOfIncidents(trx: Transaction<Database>): Promise<Definition[]> {
  const { rows } = await sql<Definition>`
    select conname as name, pg_get_constraintdef(oid) as definition from pg_constraint
    where conrelid = 'incidents'::regclass and contype = 'f' order by conname`.execute(trx);
  return rows;
}

async function isPartitioned(trx: Transaction<Database>): Promise<boolean> {
  const { rows } = await sql<{ kind: string }>`select relkind as kind from pg_class where oid = 'incidents'::regclass`.execute(trx);
  return rows[0]!.kind === 'p';
}

/**
 * Indexes on incidents that back no constraint (the primary key stays). On a partitioned table
 * pg_get_indexdef writes `ON ONLY incidents`, which would re-create the index on the parent alone
 * (invalid, no partition indexed); the definition is given without ONLY, to build it on every partition.
 */
async function secondaryIndexes(trx: Transaction<Database>): Promise<Definition[]> {
  const { rows } = await sql<Definition>`
    select c.relname as name,
           case when c.relkind = 'I' and starts_with(d.definition, d.head || 'ONLY ')
                then d.head || substr(d.definition, length(d.head || 'ONLY ') + 1) else d.definition end as definition
    from pg_index x join pg_class c on c.oid = x.indexrelid,
         lateral (select pg_get_indexdef(x.indexrelid) as definition,
                         'CREATE ' || case when x.indisunique then 'UNIQUE ' else '' end || 'INDEX ' || quote_ident(c.relname) || ' ON ' as head) d
    where x.indrelid = 'incidents'::regclass
      and not exists (select 1 from pg_constraint k where k.conindid = x.indexrelid)
    order by c.relname`.execute(trx);
  return rows;
}

/**
 * The stored location columns of each point (geom, geom_bng, easting, northing, district_code) as
 * the tail of a COPY line, computed by PostGIS exactly as every other writer computes them
 * (incident-writer.ts): ST_Transform to BNG, and districtContaining. Geometries travel as hex
 * EWKB and coordinates as PostgreSQL's own shortest exact text, so the stored values are the ones
 * an INSERT … SELECT would have stored.
 */
export async function locatePoints(trx: Transaction<Database>, points: ReadonlyArray<readonly [number, number]>): Promise<string[]> {
  if (points.length === 0) return [];
  const { rows } = await sql<{ i: number; tail: string }>`
    select l.i::int as i,
           concat_ws(E'\t', encode(ST_AsEWKB(l.g), 'hex'), encode(ST_AsEWKB(l.b), 'hex'), ST_X(l.b)::text, ST_Y(l.b)::text,
                     coalesce(${districtContaining(sql.ref('l.b'))}, '\\N')) as tail
    from (select p.i, p.g, ST_Transform(p.g, 27700) as b
          from (select e.i, ST_SetSRID(ST_MakePoint((e.v->>0)::float8, (e.v->>1)::float8), 4326) as g
                from json_array_elements(${json(points)}) with ordinality as e(v, i)) p) l`.execute(trx);
  const tails = new Array<string>(points.length);
  for (const r of rows) tails[r.i - 1] = r.tail;
  return tails;
}

/**
 * The districts as this transaction sees them, as one digest of every row's code and the
 * transaction that wrote it (xmin): an insert, update or delete of any district changes it. A
 * point's tail (locatePoints) depends on nothing else, so tails located under one digest may be
 * reused while it holds (server/import/located-points.ts).
 */
export async function districtsVersion(trx: Transaction<Database>): Promise<string> {
  const { rows } = await sql<{ version: string }>`
    select md5(coalesce(string_agg(code || ':' || xmin::text, ',' order by code), '')) as version from districts`.execute(trx);
  return rows[0]!.version;
}

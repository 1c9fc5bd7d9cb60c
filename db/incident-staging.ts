import { type Kysely, type Transaction, sql } from 'kysely';
import type { CopyIn, DatabaseHandle } from './connect';
import { districtContaining } from './districts';
import type { Database, IncidentSource } from './schema';

/**
 * Bulk path of the police.uk file import: rows are streamed with COPY into an unlogged staging
 * table of one import (while the file is still being parsed), then moved into `incidents` by one
 * INSERT … SELECT inside the transaction that replaces the force-month. Points are reprojected and
 * assigned to districts once per distinct location, not once per row: police.uk snaps crimes to a
 * few thousand map points per force (the bench's 1,000,000 rows have 20,000).
 *
 * The staging table is an ordinary unlogged table (not TEMP), because on a server the COPY runs on
 * a connection of its own, not the transaction's. It is dropped after the import; one left by a
 * killed process is dropped by the next import (`dropStaleStaging`).
 */

const STAGING_PREFIX = 'police_import_staging_';
const STAGING_COLUMNS = ['crime_id', 'category', 'location', 'lsoa_code', 'lsoa_name', 'outcome', 'lon', 'lat'] as const;

/** One row for the staging table; longitude/latitude in WGS84 degrees, both null without location. */
export interface StagedIncident {
  crimeId: string | null;
  category: string;
  location: string | null;
  lsoaCode: string | null;
  lsoaName: string | null;
  outcome: string | null;
  longitude: number | null;
  latitude: number | null;
}

function stagingTableName(importId: number): string {
  if (!Number.isSafeInteger(importId) || importId < 0) throw new Error(`Invalid import id ${importId}`);
  return `${STAGING_PREFIX}${importId}`;
}

export async function createStaging(db: Kysely<Database>, importId: number): Promise<string> {
  const table = stagingTableName(importId);
  await sql`create unlogged table ${sql.id(table)} (
    crime_id text, category text not null, location text, lsoa_code text, lsoa_name text, outcome text,
    lon float8, lat float8)`.execute(db);
  return table;
}

export async function dropStaging(db: Kysely<Database>, table: string): Promise<void> {
  await sql`drop table if exists ${sql.id(table)}`.execute(db);
}

/** Drops staging tables of imports no longer running, or running for over a day (a killed process). */
export async function dropStaleStaging(db: Kysely<Database>): Promise<void> {
  const { rows } = await sql<{ name: string }>`
    select c.relname as name from pg_class c
    where c.relnamespace = (select oid from pg_namespace where nspname = current_schema()) and c.relkind = 'r'
      and c.relname like ${`${STAGING_PREFIX}%`}
      and not exists (select 1 from imports i where ${STAGING_PREFIX}::text || i.id = c.relname
                      and i.status = 'running' and i.started_at > now() - interval '1 day')`.execute(db);
  for (const { name } of rows) await dropStaging(db, name);
}

export function openStagingCopy(database: DatabaseHandle, table: string): Promise<CopyIn> {
  return database.copyInto(table, STAGING_COLUMNS);
}

/**
 * Appends one line of COPY text format to `out` as separate pieces (joined once per batch, which
 * is cheaper than building each line as a string). `\`, tab, CR and LF are escaped; the reader's
 * cleaned fields hold none of the last three.
 */
export function appendStagingCopyLine(out: string[], r: StagedIncident): void {
  out.push(
    text(r.crimeId), '\t', text(r.category), '\t', text(r.location), '\t', text(r.lsoaCode), '\t', text(r.lsoaName), '\t',
    text(r.outcome), '\t', r.longitude === null ? '\\N' : String(r.longitude), '\t',
    r.latitude === null ? '\\N' : String(r.latitude), '\n',
  );
}

function text(value: string | null): string {
  if (value === null) return '\\N';
  if (value.indexOf('\\') < 0 && value.indexOf('\t') < 0 && value.indexOf('\n') < 0 && value.indexOf('\r') < 0) return value;
  return value.replace(/[\\\t\n\r]/g, (c) => (c === '\\' ? '\\\\' : c === '\t' ? '\\t' : c === '\n' ? '\\n' : '\\r'));
}

export interface StagedMove {
  table: string;
  source: IncidentSource;
  importId: number;
  force: string;
  /** 'YYYY-MM': every staged row's month (the normaliser rejects rows of another month). */
  month: string;
  /** Rows in the staging table (the reader counted them). */
  rows: number;
}

export interface StagedMoveResult {
  inserted: number;
  /** True when the secondary indexes were dropped and rebuilt around the insert (a bulk load). */
  rebuiltIndexes: boolean;
}

/**
 * Inserts the staged rows into `incidents`. Each distinct point is made once, reprojected to BNG
 * and assigned to the district containing it (districtContaining), then joined back to its rows on
 * the exact longitude and latitude.
 *
 * Bulk load: when the staged rows are at least as many as the rows already in `incidents`, the
 * secondary indexes (two GiST and four btrees at the time of writing) and the foreign keys are
 * dropped inside the transaction and re-created from their own catalogue definitions after the
 * insert (which re-checks every foreign key in one query). Measured on 1,000,000 rows into an empty
 * table: 27 s with the indexes, against 10 s + 8 s for the rebuild without; the per-row
 * foreign-key triggers took 4.3 s of an 11 s insert. The price is an exclusive lock on `incidents`
 * (and, for the foreign keys, on `districts` and `imports`) until the transaction commits: readers
 * wait, which is why smaller imports keep them.
 */
export async function moveStagedIncidents(trx: Transaction<Database>, move: StagedMove): Promise<StagedMoveResult> {
  const { rows } = await sql<{ n: number }>`
    select count(*)::int as n from (select 1 from incidents limit ${move.rows + 1}) t`.execute(trx);
  const rebuild = move.rows > 0 && move.rows >= rows[0]!.n;
  const indexes = rebuild ? await secondaryIndexes(trx) : [];
  const foreignKeys = rebuild ? await foreignKeysOfIncidents(trx) : [];
  for (const index of indexes) await sql`drop index ${sql.id(index.name)}`.execute(trx);
  for (const key of foreignKeys) await sql`alter table incidents drop constraint ${sql.id(key.name)}`.execute(trx);
  const inserted = await insertStaged(trx, move);
  // The definitions come from pg_get_indexdef / pg_get_constraintdef (catalogue text, no user input).
  for (const index of indexes) await sql.raw(index.definition).execute(trx);
  for (const key of foreignKeys) await sql`alter table incidents add constraint ${sql.id(key.name)} ${sql.raw(key.definition)}`.execute(trx);
  return { inserted, rebuiltIndexes: rebuild };
}

async function foreignKeysOfIncidents(trx: Transaction<Database>): Promise<Array<{ name: string; definition: string }>> {
  const { rows } = await sql<{ name: string; definition: string }>`
    select conname as name, pg_get_constraintdef(oid) as definition from pg_constraint
    where conrelid = 'incidents'::regclass and contype = 'f' order by conname`.execute(trx);
  return rows;
}

/** Gives the planner the staged table's size and value spread (a hash join on the points). */
export async function analyzeStaging(db: Kysely<Database>, table: string): Promise<void> {
  await sql`analyze ${sql.id(table)}`.execute(db);
}

/** Indexes on incidents that back no constraint (the primary key stays). */
async function secondaryIndexes(trx: Transaction<Database>): Promise<Array<{ name: string; definition: string }>> {
  const { rows } = await sql<{ name: string; definition: string }>`
    select c.relname as name, pg_get_indexdef(x.indexrelid) as definition
    from pg_index x join pg_class c on c.oid = x.indexrelid
    where x.indrelid = 'incidents'::regclass
      and not exists (select 1 from pg_constraint k where k.conindid = x.indexrelid)
    order by c.relname`.execute(trx);
  return rows;
}

async function insertStaged(trx: Transaction<Database>, move: StagedMove): Promise<number> {
  const staging = sql.id(move.table);
  const result = await sql`
    insert into incidents (source, crime_id, month, category, force, location, lsoa_code, lsoa_name,
                           outcome, geom, geom_bng, easting, northing, district_code, import_id)
    with points as materialized (
      select lon, lat, g, ST_Transform(g, 27700) as b
      from (select lon, lat, ST_SetSRID(ST_MakePoint(lon, lat), 4326) as g
            from (select distinct lon, lat from ${staging} where lon is not null and lat is not null) d) p
    ), located as materialized (
      select p.lon, p.lat, p.g, p.b, ST_X(p.b) as x, ST_Y(p.b) as y,
             ${districtContaining(sql.ref('p.b'))} as code
      from points p
    )
    select ${move.source}, s.crime_id, ${`${move.month}-01`}::date, s.category, ${move.force}, s.location, s.lsoa_code,
           s.lsoa_name, s.outcome, l.g, l.b, l.x, l.y, l.code, ${move.importId}::int
    from ${staging} s left join located l on l.lon = s.lon and l.lat = s.lat`.execute(trx);
  return Number(result.numAffectedRows ?? 0);
}

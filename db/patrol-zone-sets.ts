import type { Kysely, Transaction } from 'kysely';
import type { Database } from './schema';

export type PatrolZoneSetFormat = 'geojson' | 'csv' | 'kml';

export interface NewPatrolZoneSet {
  name: string;
  createdBy: string;
  /** The query string the zones were built from, as given to /api/patrol-zones. */
  query: string;
  zoneCount: number;
  fileStem: string;
  files: Record<PatrolZoneSetFormat, string>;
}

export interface PatrolZoneSetRow {
  id: number;
  name: string;
  createdBy: string;
  createdAt: Date;
  zoneCount: number;
  query: string;
  fileStem: string;
}

/** Stores a set with its three files as built; the table's trigger keeps them unchanged afterwards. */
export async function insertPatrolZoneSet(trx: Transaction<Database>, set: NewPatrolZoneSet): Promise<PatrolZoneSetRow> {
  const row = await trx
    .insertInto('patrol_zone_sets')
    .values({
      name: set.name,
      created_by: set.createdBy,
      query: set.query,
      zone_count: set.zoneCount,
      file_stem: set.fileStem,
      geojson: set.files.geojson,
      csv: set.files.csv,
      kml: set.files.kml,
    })
    .returning(['id', 'name', 'created_by', 'created_at', 'zone_count', 'query', 'file_stem'])
    .executeTakeFirstOrThrow();
  return toRow(row);
}

/** Every saved set, newest first, without its files. */
export async function listPatrolZoneSets(db: Kysely<Database>): Promise<PatrolZoneSetRow[]> {
  const rows = await db
    .selectFrom('patrol_zone_sets')
    .select(['id', 'name', 'created_by', 'created_at', 'zone_count', 'query', 'file_stem'])
    .orderBy('id', 'desc')
    .execute();
  return rows.map(toRow);
}

/** One saved file of a set, or undefined when there is no such set. */
export async function patrolZoneSetFile(
  db: Kysely<Database>, id: number, format: PatrolZoneSetFormat,
): Promise<{ fileStem: string; body: string } | undefined> {
  // Only the one file asked for: a set's GeoJSON can be megabytes.
  const row = await db
    .selectFrom('patrol_zone_sets')
    .select((eb) => ['file_stem', eb.ref(format).as('body')])
    .where('id', '=', id)
    .executeTakeFirst();
  return row && { fileStem: row.file_stem, body: row.body };
}

function toRow(r: { id: number; name: string; created_by: string; created_at: Date; zone_count: number; query: string; file_stem: string }): PatrolZoneSetRow {
  // postgres.js answers a Date, PGlite may answer text: one Date either way.
  return { id: r.id, name: r.name, createdBy: r.created_by, createdAt: new Date(r.created_at), zoneCount: r.zone_count, query: r.query, fileStem: r.file_stem };
}

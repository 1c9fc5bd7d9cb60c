import { type Kysely, sql } from 'kysely';

// Frozen once released.
//
// Street-level tiles (db/tile-selection.ts) read every incident of a tile; through the GiST index
// on geom_bng that was a bitmap heap scan over pages scattered across the 273 MB table (401 ms
// for the busiest z14 tile at 1M incidents). This btree orders incidents by 250 m strip of
// easting, then northing, then easting, and carries what the tiles read, so a tile becomes one
// short index-only range scan per strip it crosses, touching only entries inside its northing range.
// The strip width (250 m) is written out in the queries that must match this expression.
export async function up(db: Kysely<any>): Promise<void> {
  await sql`create index incidents_snap_position on incidents ((floor(easting / 250)::int), northing, easting)
    include (month, category, district_code, id)`.execute(db);
}

export async function down(db: Kysely<any>): Promise<void> {
  await sql`drop index if exists incidents_snap_position`.execute(db);
}

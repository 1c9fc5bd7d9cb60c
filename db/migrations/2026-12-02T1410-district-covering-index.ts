import { type Kysely, sql } from 'kysely';

// Frozen once released.
//
// A profile bins one district's incidents into its grid cells, then reads the location labels of
// its hottest cells. With only an index on district_code both read the heap (a bitmap heap scan
// over ~100–200k rows of the 1M-incident bench, 0.5–1 s each), or the planner took the county-wide
// (category, month) covering index and filtered ~600k entries. This index carries what both read,
// so they are index-only scans of the district's own range once VACUUM has set the visibility map.
// `location` is included for the labels (882 distinct short strings on the bench, ~23 bytes).
// It replaces incidents_district: same leading column, so the lookups that used that one (the
// district filter, the ON DELETE SET NULL from districts, the per-district force-month delete) can
// use this one, and imports still maintain one btree for them.
export async function up(db: Kysely<any>): Promise<void> {
  await sql`create index incidents_district_month_cover on incidents (district_code, month)
    include (category, easting, northing, location)`.execute(db);
  await sql`drop index if exists incidents_district`.execute(db);
}

export async function down(db: Kysely<any>): Promise<void> {
  await db.schema.createIndex('incidents_district').on('incidents').column('district_code').execute();
  await sql`drop index if exists incidents_district_month_cover`.execute(db);
}

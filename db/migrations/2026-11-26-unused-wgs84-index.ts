import { type Kysely, sql } from 'kysely';

// Frozen once released.
//
// The GiST index on the WGS84 points served the first patrol-zone count, which probed every
// incident of a zone against its exported polygon. Zone counts now probe geom_bng near zone
// edges only, and the street-level points query uses geom_bng too, so nothing reads this index
// while every import still paid to maintain or rebuild it (44 MB at a million incidents).
export async function up(db: Kysely<any>): Promise<void> {
  await sql`drop index if exists incidents_geom_gist`.execute(db);
}

export async function down(db: Kysely<any>): Promise<void> {
  await sql`create index incidents_geom_gist on incidents using gist (geom)`.execute(db);
}

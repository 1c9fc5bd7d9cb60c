import { type Kysely, sql } from 'kysely';

// Frozen once released.

export async function up(db: Kysely<any>): Promise<void> {
  // Kept apart from districts: incidents are assigned to the district containing them, and a
  // police force area around every district would take that assignment over wherever the districts
  // leave a gap.
  await db.schema
    .createTable('police_force_areas')
    .addColumn('code', 'text', (c) => c.primaryKey())
    .addColumn('name', 'text', (c) => c.notNull())
    // police.uk's force id (`lancashire`), the key of incidents.force; null for an area police.uk does not publish.
    .addColumn('force_id', 'text', (c) => c.unique())
    .addColumn('geom', sql`geometry(MultiPolygon, 4326)`, (c) => c.notNull())
    .addColumn('geom_bng', sql`geometry(MultiPolygon, 27700)`, (c) => c.notNull())
    .addColumn('area_m2', 'double precision', (c) => c.notNull())
    // The Home Office "most similar group" as the user loaded it: other PFA codes, no foreign key
    // (a group names forces whose boundaries may not be loaded).
    .addColumn('most_similar', sql`text[]`, (c) => c.notNull().defaultTo(sql`'{}'::text[]`))
    .execute();
  await sql`create index police_force_areas_geom_bng on police_force_areas using gist (geom_bng)`.execute(db);
}

export async function down(db: Kysely<any>): Promise<void> {
  await db.schema.dropTable('police_force_areas').ifExists().execute();
}

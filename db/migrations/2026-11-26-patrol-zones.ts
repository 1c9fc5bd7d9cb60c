import { type Kysely, sql } from 'kysely';

// Frozen once released.

export async function up(db: Kysely<any>): Promise<void> {
  await db.schema
    .createTable('patrol_zone_sets')
    .addColumn('id', 'integer', (c) => c.primaryKey().generatedByDefaultAsIdentity())
    .addColumn('name', 'text', (c) => c.notNull())
    .addColumn('created_by', 'text', (c) => c.notNull())
    .addColumn('created_at', 'timestamptz', (c) => c.notNull().defaultTo(sql`now()`))
    .addColumn('query', 'text', (c) => c.notNull())
    .addColumn('zone_count', 'integer', (c) => c.notNull())
    .addColumn('file_stem', 'text', (c) => c.notNull())
    .addColumn('geojson', 'text', (c) => c.notNull())
    .addColumn('csv', 'text', (c) => c.notNull())
    .addColumn('kml', 'text', (c) => c.notNull())
    .execute();
  // Saved sets are evidence for patrol plans: they are never changed once written.
  await sql`create function patrol_zone_sets_immutable() returns trigger language plpgsql as $$
    begin raise exception 'patrol zone sets are immutable'; end $$`.execute(db);
  await sql`create trigger patrol_zone_sets_no_update before update on patrol_zone_sets
    for each row execute function patrol_zone_sets_immutable()`.execute(db);

  await db.schema
    .createTable('audit_log')
    .addColumn('id', 'bigint', (c) => c.primaryKey().generatedByDefaultAsIdentity())
    .addColumn('at', 'timestamptz', (c) => c.notNull().defaultTo(sql`now()`))
    .addColumn('actor', 'text', (c) => c.notNull())
    .addColumn('action', 'text', (c) => c.notNull())
    .addColumn('details', 'jsonb', (c) => c.notNull().defaultTo(sql`'{}'::jsonb`))
    .execute();
  await db.schema.createIndex('audit_log_at').on('audit_log').column('at').execute();

  // Zone counts are taken against the exported WGS84 polygons, so they match the file exactly.
  await sql`create index incidents_geom_gist on incidents using gist (geom)`.execute(db);
}

export async function down(db: Kysely<any>): Promise<void> {
  await sql`drop index if exists incidents_geom_gist`.execute(db);
  await db.schema.dropTable('audit_log').ifExists().execute();
  await db.schema.dropTable('patrol_zone_sets').ifExists().execute();
  await sql`drop function if exists patrol_zone_sets_immutable()`.execute(db);
}

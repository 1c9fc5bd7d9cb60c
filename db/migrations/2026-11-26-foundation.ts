import { type Kysely, sql } from 'kysely';

// Frozen once released: later schema changes get their own migration file.

const CATEGORY_SLUGS = [
  'anti-social-behaviour', 'bicycle-theft', 'burglary', 'criminal-damage-arson', 'drugs',
  'other-theft', 'possession-of-weapons', 'public-order', 'robbery', 'shoplifting',
  'theft-from-the-person', 'vehicle-crime', 'violent-crime', 'other-crime',
];

export async function up(db: Kysely<any>): Promise<void> {
  await db.schema
    .createTable('districts')
    .addColumn('code', 'text', (c) => c.primaryKey())
    .addColumn('name', 'text', (c) => c.notNull())
    .addColumn('kind', 'text', (c) => c.notNull().defaultTo('lad'))
    .addColumn('geom', sql`geometry(MultiPolygon, 4326)`, (c) => c.notNull())
    .addColumn('geom_bng', sql`geometry(MultiPolygon, 27700)`, (c) => c.notNull())
    .addColumn('area_m2', 'double precision', (c) => c.notNull())
    .addColumn('population', 'integer')
    .addColumn('population_year', 'integer')
    .execute();
  await sql`create index districts_geom_bng_gist on districts using gist (geom_bng)`.execute(db);

  await db.schema
    .createTable('imports')
    .addColumn('id', 'integer', (c) => c.primaryKey().generatedByDefaultAsIdentity())
    .addColumn('source', 'text', (c) => c.notNull())
    .addColumn('description', 'text', (c) => c.notNull())
    .addColumn('status', 'text', (c) => c.notNull().check(sql`status in ('running', 'succeeded', 'failed')`))
    .addColumn('started_at', 'timestamptz', (c) => c.notNull().defaultTo(sql`now()`))
    .addColumn('finished_at', 'timestamptz')
    .addColumn('rows_read', 'integer', (c) => c.notNull().defaultTo(0))
    .addColumn('rows_loaded', 'integer', (c) => c.notNull().defaultTo(0))
    .addColumn('rows_without_location', 'integer', (c) => c.notNull().defaultTo(0))
    .addColumn('rows_rejected', 'integer', (c) => c.notNull().defaultTo(0))
    .addColumn('report', 'jsonb', (c) => c.notNull().defaultTo(sql`'{}'::jsonb`))
    .execute();

  await db.schema
    .createTable('incidents')
    .addColumn('id', 'bigint', (c) => c.primaryKey().generatedByDefaultAsIdentity())
    .addColumn('source', 'text', (c) => c.notNull())
    .addColumn('crime_id', 'text')
    .addColumn('month', 'date', (c) => c.notNull().check(sql`extract(day from month) = 1`))
    .addColumn('category', 'text', (c) =>
      c.notNull().check(sql`category in (${sql.join(CATEGORY_SLUGS.map((s) => sql.lit(s)))})`),
    )
    .addColumn('force', 'text', (c) => c.notNull())
    .addColumn('location', 'text')
    .addColumn('lsoa_code', 'text')
    .addColumn('lsoa_name', 'text')
    .addColumn('outcome', 'text')
    .addColumn('geom', sql`geometry(Point, 4326)`)
    .addColumn('geom_bng', sql`geometry(Point, 27700)`)
    .addColumn('easting', 'double precision')
    .addColumn('northing', 'double precision')
    .addColumn('district_code', 'text', (c) => c.references('districts.code').onDelete('set null'))
    .addColumn('import_id', 'integer', (c) => c.references('imports.id').onDelete('set null'))
    .addCheckConstraint('incidents_location_complete', sql`(geom is null) = (geom_bng is null) and (geom_bng is null) = (easting is null)`)
    .execute();
  await sql`create index incidents_geom_bng_gist on incidents using gist (geom_bng)`.execute(db);
  await db.schema.createIndex('incidents_month').on('incidents').column('month').execute();
  await db.schema.createIndex('incidents_category_month').on('incidents').columns(['category', 'month']).execute();
  await db.schema.createIndex('incidents_district').on('incidents').column('district_code').execute();
  await db.schema.createIndex('incidents_force_month').on('incidents').columns(['force', 'month']).execute();

  await db.schema
    .createTable('dataset_state')
    .addColumn('id', 'integer', (c) => c.primaryKey().check(sql`id = 1`))
    .addColumn('data_version', 'bigint', (c) => c.notNull().defaultTo(1))
    .addColumn('synthetic', 'boolean', (c) => c.notNull().defaultTo(false))
    .addColumn('updated_at', 'timestamptz', (c) => c.notNull().defaultTo(sql`now()`))
    .execute();
  await sql`insert into dataset_state (id) values (1)`.execute(db);
}

export async function down(db: Kysely<any>): Promise<void> {
  for (const table of ['dataset_state', 'incidents', 'imports', 'districts']) {
    await db.schema.dropTable(table).ifExists().execute();
  }
}

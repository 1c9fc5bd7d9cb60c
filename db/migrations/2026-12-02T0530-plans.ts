import { type Kysely, sql } from 'kysely';

// Frozen once released.

export async function up(db: Kysely<any>): Promise<void> {
  await db.schema
    .createTable('plans')
    .addColumn('id', 'integer', (c) => c.primaryKey().generatedByDefaultAsIdentity())
    // No foreign key: boundary imports replace district rows, and a plan must outlive that.
    .addColumn('district_code', 'text', (c) => c.notNull())
    .addColumn('title', 'text', (c) => c.notNull())
    .addColumn('period_start', 'text', (c) => c.notNull())
    .addColumn('period_end', 'text', (c) => c.notNull())
    .addColumn('status', 'text', (c) => c.notNull().check(sql`status in ('draft', 'published')`))
    .addColumn('summary', 'text', (c) => c.notNull().defaultTo(''))
    .addColumn('priorities', 'jsonb', (c) => c.notNull().defaultTo(sql`'[]'::jsonb`))
    .addColumn('owner_contact', 'text', (c) => c.notNull().defaultTo(''))
    // +1 on every change to the plan or its features: the ETag that stops silent overwrites.
    .addColumn('version', 'integer', (c) => c.notNull().defaultTo(1))
    .addColumn('created_at', 'timestamptz', (c) => c.notNull().defaultTo(sql`now()`))
    .addColumn('created_by', 'text', (c) => c.notNull())
    .addColumn('updated_at', 'timestamptz', (c) => c.notNull().defaultTo(sql`now()`))
    .addColumn('updated_by', 'text', (c) => c.notNull())
    .execute();
  await db.schema.createIndex('plans_district').on('plans').column('district_code').execute();

  await db.schema
    .createTable('plan_features')
    .addColumn('id', 'integer', (c) => c.primaryKey().generatedByDefaultAsIdentity())
    .addColumn('plan_id', 'integer', (c) => c.notNull().references('plans.id').onDelete('cascade'))
    .addColumn('kind', 'text', (c) => c.notNull().check(sql`kind in ('priority-area', 'intervention-site', 'route', 'other')`))
    .addColumn('name', 'text', (c) => c.notNull())
    .addColumn('description', 'text', (c) => c.notNull().defaultTo(''))
    .addColumn('lead_partner', 'text')
    .addColumn('funding', 'jsonb')
    .addColumn('properties', 'jsonb', (c) => c.notNull().defaultTo(sql`'{}'::jsonb`))
    .addColumn('geom', sql`geometry(Geometry, 4326)`, (c) => c.notNull())
    // Coverage is measured in metres against the BNG analysis grid.
    .addColumn('geom_bng', sql`geometry(Geometry, 27700)`, (c) => c.notNull())
    .addColumn('created_at', 'timestamptz', (c) => c.notNull().defaultTo(sql`now()`))
    .addColumn('created_by', 'text', (c) => c.notNull())
    .addColumn('updated_at', 'timestamptz', (c) => c.notNull().defaultTo(sql`now()`))
    .addColumn('updated_by', 'text', (c) => c.notNull())
    .execute();
  await db.schema.createIndex('plan_features_plan').on('plan_features').column('plan_id').execute();
  await sql`create index plan_features_geom_bng on plan_features using gist (geom_bng)`.execute(db);
}

export async function down(db: Kysely<any>): Promise<void> {
  await db.schema.dropTable('plan_features').ifExists().execute();
  await db.schema.dropTable('plans').ifExists().execute();
}

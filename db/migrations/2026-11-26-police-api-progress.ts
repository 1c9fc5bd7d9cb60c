import { type Kysely, sql } from 'kysely';

// Resumable police.uk API imports: each fetched area's crimes are kept until their month is loaded,
// so an interrupted run picks up where it stopped without fetching those areas again.
export async function up(db: Kysely<any>): Promise<void> {
  await db.schema
    .createTable('police_api_progress')
    .addColumn('run_key', 'text', (c) => c.notNull())
    .addColumn('month', 'text', (c) => c.notNull())
    .addColumn('area_key', 'text', (c) => c.notNull())
    .addColumn('crimes', 'jsonb', (c) => c.notNull())
    .addColumn('fetched_at', 'timestamptz', (c) => c.notNull().defaultTo(sql`now()`))
    .addPrimaryKeyConstraint('police_api_progress_pk', ['run_key', 'month', 'area_key'])
    .execute();
}

export async function down(db: Kysely<any>): Promise<void> {
  await db.schema.dropTable('police_api_progress').ifExists().execute();
}

import { type Kysely, sql } from 'kysely';

// Frozen once released: later schema changes get their own migration file.

export async function up(db: Kysely<any>): Promise<void> {
  await db.schema
    .createTable('users')
    .addColumn('id', 'integer', (c) => c.primaryKey().generatedByDefaultAsIdentity())
    .addColumn('name', 'text', (c) => c.notNull().unique())
    .addColumn('role', 'text', (c) => c.notNull().check(sql`role in ('viewer', 'analyst', 'editor', 'admin')`))
    .addColumn('districts', sql`text[]`, (c) => c.notNull().defaultTo(sql`'{}'::text[]`))
    // Null: the account signs in by personal token only (or, later, through an identity provider).
    .addColumn('password_hash', 'text')
    .addColumn('disabled_at', 'timestamptz')
    .addColumn('created_at', 'timestamptz', (c) => c.notNull().defaultTo(sql`now()`))
    // An editor edits the plans of named districts; no other role is scoped to districts.
    .addCheckConstraint('users_districts_only_for_editors', sql`(role = 'editor') = (cardinality(districts) > 0)`)
    .execute();

  await db.schema
    .createTable('sessions')
    // sha256 of the cookie value: a copy of this table does not let anyone sign in.
    .addColumn('id_hash', 'text', (c) => c.primaryKey())
    .addColumn('user_id', 'integer', (c) => c.notNull().references('users.id').onDelete('cascade'))
    .addColumn('created_at', 'timestamptz', (c) => c.notNull().defaultTo(sql`now()`))
    .addColumn('last_seen_at', 'timestamptz', (c) => c.notNull().defaultTo(sql`now()`))
    .addColumn('expires_at', 'timestamptz', (c) => c.notNull())
    .addColumn('revoked_at', 'timestamptz')
    .execute();
  await db.schema.createIndex('sessions_user').on('sessions').column('user_id').execute();

  await db.schema
    .createTable('api_tokens')
    .addColumn('id', 'integer', (c) => c.primaryKey().generatedByDefaultAsIdentity())
    .addColumn('user_id', 'integer', (c) => c.notNull().references('users.id').onDelete('cascade'))
    .addColumn('token_hash', 'text', (c) => c.notNull().unique())
    .addColumn('label', 'text', (c) => c.notNull().defaultTo(''))
    .addColumn('created_at', 'timestamptz', (c) => c.notNull().defaultTo(sql`now()`))
    .addColumn('last_used_at', 'timestamptz')
    .addColumn('revoked_at', 'timestamptz')
    .execute();
  await db.schema.createIndex('api_tokens_user').on('api_tokens').column('user_id').execute();

  // Every sign-in attempt, kept a day: failures per name and per address drive the lockout.
  await db.schema
    .createTable('sign_in_attempts')
    .addColumn('id', 'bigint', (c) => c.primaryKey().generatedByDefaultAsIdentity())
    .addColumn('at', 'timestamptz', (c) => c.notNull().defaultTo(sql`now()`))
    .addColumn('name', 'text', (c) => c.notNull())
    .addColumn('address', 'text', (c) => c.notNull())
    .addColumn('succeeded', 'boolean', (c) => c.notNull())
    .execute();
  await db.schema.createIndex('sign_in_attempts_name_at').on('sign_in_attempts').columns(['name', 'at']).execute();
  await db.schema.createIndex('sign_in_attempts_address_at').on('sign_in_attempts').columns(['address', 'at']).execute();

  // The audit log is the single append-only record: where a request came from, and no row ever
  // changes or goes (existing writers only insert).
  await db.schema.alterTable('audit_log').addColumn('address', 'text').execute();
  await sql`create function audit_log_append_only() returns trigger language plpgsql as $$
    begin raise exception 'audit_log is append-only: % refused', tg_op; end $$`.execute(db);
  await sql`create trigger audit_log_no_update_delete before update or delete on audit_log
    for each row execute function audit_log_append_only()`.execute(db);
  await sql`create trigger audit_log_no_truncate before truncate on audit_log
    for each statement execute function audit_log_append_only()`.execute(db);
}

export async function down(db: Kysely<any>): Promise<void> {
  await sql`drop trigger if exists audit_log_no_truncate on audit_log`.execute(db);
  await sql`drop trigger if exists audit_log_no_update_delete on audit_log`.execute(db);
  await sql`drop function if exists audit_log_append_only()`.execute(db);
  await db.schema.alterTable('audit_log').dropColumn('address').execute();
  for (const table of ['sign_in_attempts', 'api_tokens', 'sessions', 'users']) {
    await db.schema.dropTable(table).ifExists().execute();
  }
}

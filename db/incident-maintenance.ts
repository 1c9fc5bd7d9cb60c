import { type Kysely, sql } from 'kysely';
import type { Database } from './schema';

/**
 * VACUUM ANALYZE of the incident table, to run after every import or other bulk change (and
 * outside any transaction: VACUUM refuses to run inside one). It marks the table's pages
 * all-visible, which lets analyses count from the covering index alone (index-only scans), and
 * refreshes the planner's statistics. On a server autovacuum would get there too, within
 * minutes; PGlite has no autovacuum, so there only this does it.
 */
export async function vacuumIncidents(db: Kysely<Database>): Promise<void> {
  // On one pinned connection: the server's statement timeout is lifted for the VACUUM only (it
  // may take longer than any request should), then restored before the connection is pooled again.
  await db.connection().execute(async (connection) => {
    await sql`set statement_timeout = 0`.execute(connection);
    try {
      await sql`vacuum (analyze) incidents`.execute(connection);
    } finally {
      await sql`reset statement_timeout`.execute(connection);
    }
  });
}

/**
 * Share (0–1) of the incident table's pages marked all-visible, against its current size (as the
 * planner reckons it): below ~1, index-only scans fetch rows from the table as well. A table
 * partitioned by month (the experiment of incident-partitions.ts) has no pages of its own: its
 * partitions' are summed (pg_partition_tree lists nothing for a plain table).
 */
export async function incidentPagesAllVisible(db: Kysely<Database>): Promise<number> {
  const { rows } = await sql<{ share: number }>`
    select least(1, sum(relallvisible)::float8 / greatest(1, sum(pg_relation_size(oid) / current_setting('block_size')::int))::float8) as share
    from pg_class
    where oid = 'incidents'::regclass or oid in (select relid from pg_partition_tree('incidents') where isleaf)`.execute(db);
  return rows[0]?.share ?? 0;
}

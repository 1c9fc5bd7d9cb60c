import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import type { DatabaseHandle } from '../../db/connect';
import { incidentPagesAllVisible, vacuumIncidents } from '../../db/incident-maintenance';
import { partitionIncidentsByMonth } from '../../db/incident-partitions';
import { loadDemo } from '../../server/demo';
import { openTestDatabase } from '../setup/backends';

// The monthly-partitioning experiment of docs/scaling.md, on PostgreSQL only (PGlite is never
// partitioned): the conversion keeps the schema's behaviour, and a one-month query reads one
// partition. The whole database suite runs partitioned with TEST_PARTITIONED_INCIDENTS=1.
describe.runIf(inject('testDatabaseUrl'))('incidents partitioned by month [postgres]', () => {
  let database: DatabaseHandle;
  beforeAll(async () => {
    database = await openTestDatabase('postgres');
    await partitionIncidentsByMonth(database.db, { from: '2024-01', to: '2026-12' });
    await loadDemo(database.db, { incidents: 20_000 });
    await vacuumIncidents(database.db);
  }, 300_000);
  afterAll(async () => {
    await database?.close();
  });

  it('is a partitioned table whose rows land in their months and whose summary stays exact', async () => {
    const { rows: [table] } = await sql<{ kind: string }>`select relkind as kind from pg_class where oid = 'incidents'::regclass`.execute(database.db);
    expect(table!.kind).toBe('p');
    const { rows: stray } = await sql<{ n: number }>`select count(*)::int as n from incidents_default`.execute(database.db);
    expect(stray[0]!.n).toBe(0);
    const { rows: [counts] } = await sql<{ located: number; summed: number }>`
      select (select count(*)::int from incidents where district_code is not null) as located,
             (select coalesce(sum(n), 0)::int from incident_counts) as summed`.execute(database.db);
    expect(counts!.located).toBeGreaterThan(15_000);
    expect(counts!.summed).toBe(counts!.located);
    expect(await incidentPagesAllVisible(database.db)).toBeGreaterThan(0.9);
  });

  it('reads only the month asked for (partition pruning)', async () => {
    const { rows } = await sql<{ 'QUERY PLAN': unknown }>`
      explain (format json) select count(*) from incidents where month = date '2025-03-01' and category = 'anti-social-behaviour'`.execute(database.db);
    const plan = JSON.stringify(rows[0]!['QUERY PLAN']);
    const read = [...new Set(plan.match(/incidents_(\d{4}_\d{2}|default)/g) ?? [])];
    expect(read).toEqual(['incidents_2025_03']);
  });
});

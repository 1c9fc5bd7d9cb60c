import { type Kysely, type Transaction, sql } from 'kysely';
import { jsonb } from './json-param';
import type { Database, PlanStatus } from './schema';

type Db = Kysely<Database> | Transaction<Database>;

export interface PlanFields {
  districtCode: string;
  title: string;
  periodStart: string;
  periodEnd: string;
  status: PlanStatus;
  summary: string;
  priorities: string[];
  ownerContact: string;
}

export interface PlanRow extends PlanFields {
  id: number;
  version: number;
  createdAt: string;
  createdBy: string;
  updatedAt: string;
  updatedBy: string;
}

const COLUMNS = [
  'id', 'district_code', 'title', 'period_start', 'period_end', 'status', 'summary', 'priorities', 'owner_contact',
  'version', 'created_at', 'created_by', 'updated_at', 'updated_by',
] as const;

const toColumns = (p: Partial<PlanFields>) => ({
  ...(p.districtCode !== undefined && { district_code: p.districtCode }),
  ...(p.title !== undefined && { title: p.title }),
  ...(p.periodStart !== undefined && { period_start: p.periodStart }),
  ...(p.periodEnd !== undefined && { period_end: p.periodEnd }),
  ...(p.status !== undefined && { status: p.status }),
  ...(p.summary !== undefined && { summary: p.summary }),
  ...(p.priorities !== undefined && { priorities: jsonb(p.priorities) }),
  ...(p.ownerContact !== undefined && { owner_contact: p.ownerContact }),
});

export async function insertPlan(db: Db, plan: PlanFields, actor: string): Promise<PlanRow> {
  const row = await db
    .insertInto('plans')
    .values({ ...(toColumns(plan) as Required<ReturnType<typeof toColumns>>), created_by: actor, updated_by: actor })
    .returning(COLUMNS)
    .executeTakeFirstOrThrow();
  return toRow(row);
}

export async function getPlan(db: Db, id: number): Promise<PlanRow | undefined> {
  const row = await db.selectFrom('plans').select(COLUMNS).where('id', '=', id).executeTakeFirst();
  return row && toRow(row);
}

/** Locks the plan row for the rest of the transaction, so two writers cannot both pass the version check. */
export async function lockPlan(trx: Transaction<Database>, id: number): Promise<PlanRow | undefined> {
  const row = await trx.selectFrom('plans').select(COLUMNS).where('id', '=', id).forUpdate().executeTakeFirst();
  return row && toRow(row);
}

export async function listPlans(db: Db, filter: { districtCode?: string } = {}): Promise<PlanRow[]> {
  let q = db.selectFrom('plans').select(COLUMNS);
  if (filter.districtCode) q = q.where('district_code', '=', filter.districtCode);
  return (await q.orderBy('district_code').orderBy('id').execute()).map(toRow);
}

/** Changes the given fields (none: only the version) and bumps the version by one. */
export async function updatePlan(db: Db, id: number, changes: Partial<PlanFields>, actor: string): Promise<PlanRow> {
  const row = await db
    .updateTable('plans')
    .set({ ...toColumns(changes), version: sql`version + 1`, updated_at: sql`now()`, updated_by: actor })
    .where('id', '=', id)
    .returning(COLUMNS)
    .executeTakeFirstOrThrow();
  return toRow(row);
}

export async function deletePlan(db: Db, id: number): Promise<void> {
  await db.deleteFrom('plans').where('id', '=', id).execute();
}

type Raw = { id: number; district_code: string; title: string; period_start: string; period_end: string; status: PlanStatus; summary: string; priorities: unknown; owner_contact: string; version: number; created_at: Date; created_by: string; updated_at: Date; updated_by: string };

function toRow(r: Raw): PlanRow {
  // postgres.js answers a Date, PGlite may answer text: one ISO string either way.
  return {
    id: r.id, districtCode: r.district_code, title: r.title, periodStart: r.period_start, periodEnd: r.period_end, status: r.status,
    summary: r.summary, priorities: r.priorities as string[], ownerContact: r.owner_contact, version: r.version,
    createdAt: new Date(r.created_at).toISOString(), createdBy: r.created_by, updatedAt: new Date(r.updated_at).toISOString(), updatedBy: r.updated_by,
  };
}

import type { Kysely, Transaction } from 'kysely';
import { jsonb } from './json-param';
import type { Database } from './schema';

export interface AuditEntry {
  /** A user name, `import-token`, `cli (<os user>)` or `unauthenticated`. */
  actor: string;
  /** Dotted verb, e.g. `user.add`, `token.revoke`, `session.sign-in-failed`. */
  action: string;
  details: unknown;
  /** Client address of the request; omitted for the CLI. */
  address?: string;
}

/**
 * Appends to the audit log (a trigger refuses any change to rows already there); pass the
 * transaction of the change it records, so both commit or neither.
 */
export async function appendAudit(db: Kysely<Database> | Transaction<Database>, entry: AuditEntry): Promise<void> {
  await db.insertInto('audit_log').values({ actor: entry.actor, action: entry.action, details: jsonb(entry.details), address: entry.address ?? null }).execute();
}

export interface AuditRow {
  id: string;
  at: Date;
  actor: string;
  action: string;
  details: unknown;
  address: string | null;
}

export interface AuditFilter {
  limit: number;
  /** Only rows with a smaller id: the last id of the previous page. */
  before?: number;
  /** An action or its prefix (`patrol-zone` matches `patrol-zone-set.save`). */
  action?: string;
  /** Exactly this actor. */
  actor?: string;
  /** First and last day (YYYY-MM-DD, UTC), both included. */
  from?: string;
  to?: string;
}

/** The newest `limit` rows matching the filter, newest first. */
export async function readAudit(db: Kysely<Database>, options: AuditFilter): Promise<AuditRow[]> {
  let query = db.selectFrom('audit_log').select(['id', 'at', 'actor', 'action', 'details', 'address']).orderBy('id', 'desc').limit(options.limit);
  if (options.before !== undefined) query = query.where('id', '<', String(options.before));
  if (options.action !== undefined) query = query.where('action', 'like', `${options.action.replace(/[\\%_]/g, '\\$&')}%`);
  if (options.actor !== undefined) query = query.where('actor', '=', options.actor);
  if (options.from !== undefined) query = query.where('at', '>=', new Date(`${options.from}T00:00:00Z`));
  if (options.to !== undefined) query = query.where('at', '<', new Date(Date.parse(`${options.to}T00:00:00Z`) + 86_400_000));
  const rows = await query.execute();
  return rows.map((r) => ({ ...r, id: String(r.id), at: new Date(r.at) }));
}

/** appendAudit with positional arguments, as the import and patrol writers call it. */
export async function writeAudit(db: Kysely<Database> | Transaction<Database>, actor: string, action: string, details: unknown, address?: string): Promise<void> {
  await appendAudit(db, { actor, action, details, address });
}

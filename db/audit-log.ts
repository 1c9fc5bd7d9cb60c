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

/** The newest `limit` rows before id `before` (all when unset), newest first. */
export async function readAudit(db: Kysely<Database>, options: { limit: number; before?: number; action?: string }): Promise<AuditRow[]> {
  let query = db.selectFrom('audit_log').select(['id', 'at', 'actor', 'action', 'details', 'address']).orderBy('id', 'desc').limit(options.limit);
  if (options.before !== undefined) query = query.where('id', '<', String(options.before));
  if (options.action !== undefined) query = query.where('action', 'like', `${options.action.replace(/[\\%_]/g, '\\$&')}%`);
  const rows = await query.execute();
  return rows.map((r) => ({ ...r, id: String(r.id), at: new Date(r.at) }));
}

/** appendAudit with positional arguments, as the import and patrol writers call it. */
export async function writeAudit(db: Kysely<Database> | Transaction<Database>, actor: string, action: string, details: unknown, address?: string): Promise<void> {
  await appendAudit(db, { actor, action, details, address });
}

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

/** Appends to the audit log (a trigger refuses any change to rows already there). */
export async function appendAudit(db: Kysely<Database> | Transaction<Database>, entry: AuditEntry): Promise<void> {
  await db.insertInto('audit_log').values({ actor: entry.actor, action: entry.action, details: jsonb(entry.details), address: entry.address ?? null }).execute();
}

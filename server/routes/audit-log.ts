import { Hono } from 'hono';
import { z } from 'zod';
import { readAudit } from '../../db/audit-log';
import type { AppDeps } from '../deps';
import { validate } from '../validation';

const auditQuery = z.object({
  limit: z.coerce.number().int('must be a whole number').min(1, 'must be at least 1').max(10_000, 'at most 10000').default(200),
  before: z.coerce.number().int('must be a whole number').positive('must be a positive id').optional(),
  action: z.string().regex(/^[a-z][a-z0-9.-]{0,63}$/, 'must be an action or its prefix, e.g. patrol-zone or session.sign-in').optional(),
  format: z.enum(['json', 'csv']).default('json'),
});

/** A CSV field: quoted when needed, and never read by a spreadsheet as a formula (OWASP CSV injection). */
function csvField(value: string): string {
  const safe = /^[=+\-@\t\r]/.test(value) ? `'${value}` : value;
  return /[",\r\n]/.test(safe) ? `"${safe.replace(/"/g, '""')}"` : safe;
}

/**
 * GET /api/audit-log (admins): the append-only record, newest first, paged with `before`
 * (the last id seen); `format=csv` downloads the same rows as a spreadsheet-safe CSV.
 */
export function auditLogRoutes({ database }: AppDeps) {
  return new Hono().get('/', validate('query', auditQuery), async (c) => {
    const { limit, before, action, format } = c.req.valid('query');
    const rows = await readAudit(database.db, { limit, before, action });
    if (format === 'csv') {
      const lines = ['id,at,actor,action,address,details'];
      for (const r of rows) lines.push([r.id, r.at.toISOString(), r.actor, r.action, r.address ?? '', JSON.stringify(r.details)].map(csvField).join(','));
      return c.body(`${lines.join('\r\n')}\r\n`, 200, {
        'content-type': 'text/csv; charset=utf-8', 'content-disposition': 'attachment; filename="audit-log.csv"', 'cache-control': 'no-store',
      });
    }
    return c.json({ entries: rows.map((r) => ({ ...r, at: r.at.toISOString() })) }, 200, { 'cache-control': 'no-store' });
  });
}

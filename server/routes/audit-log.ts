import { Hono } from 'hono';
import { z } from 'zod';
import { readAudit } from '../../db/audit-log';
import type { AppDeps } from '../deps';
import { validate } from '../validation';

/** A calendar day, YYYY-MM-DD, that exists (2026-02-30 does not). */
const dayParam = z.string().regex(/^\d{4}-\d{2}-\d{2}$/, 'must be a day as YYYY-MM-DD')
  // zod runs this even when the pattern failed: a text that is no date must not reach toISOString.
  .refine((d) => {
    const time = Date.parse(`${d}T00:00:00Z`);
    return Number.isFinite(time) && new Date(time).toISOString().startsWith(d);
  }, 'must be a day that exists');

const auditQuery = z.object({
  limit: z.coerce.number().int('must be a whole number').min(1, 'must be at least 1').max(10_000, 'at most 10000').default(200),
  before: z.coerce.number().int('must be a whole number').positive('must be a positive id').optional(),
  action: z.string().regex(/^[a-z][a-z0-9.-]{0,63}$/, 'must be an action or its prefix, e.g. patrol-zone or session.sign-in').optional(),
  actor: z.string().trim().min(1, 'must not be empty').max(80, 'at most 80 characters').optional(),
  from: dayParam.optional(),
  to: dayParam.optional(),
  format: z.enum(['json', 'csv']).default('json'),
}).refine((q) => !q.from || !q.to || q.from <= q.to, { path: ['from'], error: 'must not be after to' });

/** A CSV field: quoted when needed, and never read by a spreadsheet as a formula (OWASP CSV injection). */
function csvField(value: string): string {
  const safe = /^[=+\-@\t\r]/.test(value) ? `'${value}` : value;
  return /[",\r\n]/.test(safe) ? `"${safe.replace(/"/g, '""')}"` : safe;
}

/**
 * GET /api/audit-log (admins): the append-only record, newest first, paged with `before`
 * (the last id seen), filtered by action (or its prefix), actor (exactly) and days (`from`, `to`,
 * inclusive, UTC); `format=csv` downloads the same rows as a spreadsheet-safe CSV (RFC 4180).
 */
export function auditLogRoutes({ database }: AppDeps) {
  return new Hono().get('/', validate('query', auditQuery), async (c) => {
    const { limit, before, action, actor, from, to, format } = c.req.valid('query');
    const rows = await readAudit(database.db, { limit, before, action, actor, from, to });
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

import { Hono } from 'hono';
import { z } from 'zod';
import { writeAudit } from '../../db/patrol-zones';
import type { AppDeps } from '../deps';
import { buildPatrolZones } from '../patrol/build';
import { auditSource } from '../auth/caller';
import { downloadHeaders, renderZones } from '../patrol/formats';
import { patrolQuerySchema } from '../patrol/params';
import { ProblemException, problemTypes } from '../problem';
import { validate } from '../validation';

const saveBody = z.object({ name: z.string().trim().min(1, 'must not be empty').max(120, 'at most 120 characters') });
const idParam = z.object({ id: z.coerce.number().int().positive('must be a positive whole number') });
const exportQuery = z.object({ format: z.enum(['geojson', 'csv', 'kml']).default('geojson') });

/**
 * Saved patrol zone sets: POST (with the /api/patrol-zones query) stores the three files as
 * built; a set never changes after that, so every download is byte-identical to the first.
 */
export function patrolZoneSetRoutes({ database }: AppDeps) {
  const db = database.db;
  return new Hono()
    .post('/', validate('query', patrolQuerySchema), validate('json', saveBody), async (c) => {
      const q = c.req.valid('query');
      const { name } = c.req.valid('json');
      const build = await buildPatrolZones(db, q);
      const query = new URL(c.req.url).search;
      const { actor, address } = auditSource(c);
      const row = await db.transaction().execute(async (trx) => {
        const saved = await trx
          .insertInto('patrol_zone_sets')
          .values({
            name,
            created_by: actor,
            query,
            zone_count: build.zones.length,
            file_stem: build.fileStem,
            geojson: renderZones(build, 'geojson'),
            csv: renderZones(build, 'csv'),
            kml: renderZones(build, 'kml'),
          })
          .returning(['id', 'name', 'created_by', 'created_at', 'zone_count'])
          .executeTakeFirstOrThrow();
        await writeAudit(trx, actor, 'patrol-zone-set.save', { id: saved.id, name, query, zones: build.zones.map((zz) => zz.id) }, address);
        return saved;
      });
      return c.json({ id: row.id, name: row.name, createdBy: row.created_by, createdAt: new Date(row.created_at).toISOString(), zoneCount: row.zone_count }, 201);
    })
    .get('/', async (c) => {
      const rows = await db
        .selectFrom('patrol_zone_sets')
        .select(['id', 'name', 'created_by', 'created_at', 'zone_count', 'query', 'file_stem'])
        .orderBy('id', 'desc')
        .execute();
      return c.json(
        rows.map((r) => ({ id: r.id, name: r.name, createdBy: r.created_by, createdAt: new Date(r.created_at).toISOString(), zoneCount: r.zone_count, query: r.query, fileStem: r.file_stem })),
      );
    })
    .get('/:id', validate('param', idParam), validate('query', exportQuery), async (c) => {
      const { id } = c.req.valid('param');
      const { format } = c.req.valid('query');
      const row = await db.selectFrom('patrol_zone_sets').select(['file_stem', format]).where('id', '=', id).executeTakeFirst();
      if (!row) throw new ProblemException({ ...problemTypes.notFound, status: 404, detail: `No saved patrol zone set ${id}` });
      const { actor, address } = auditSource(c);
      await writeAudit(db, actor, 'patrol-zone-set.export', { id, format }, address);
      return c.body((row as Record<string, string>)[format]!, 200, downloadHeaders(row.file_stem, format));
    });
}

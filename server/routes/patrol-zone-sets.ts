import { Hono } from 'hono';
import { z } from 'zod';
import { writeAudit } from '../../db/audit-log';
import { type PatrolZoneSetRow, insertPatrolZoneSet, listPatrolZoneSets, patrolZoneSetFile } from '../../db/patrol-zone-sets';
import type { AppDeps } from '../deps';
import { buildPatrolZones } from '../patrol/build';
import { auditSource } from '../auth/caller';
import { downloadHeaders, renderZones } from '../patrol/formats';
import { patrolQuerySchema } from '../patrol/params';
import { ProblemException, problemTypes } from '../problem';
import { numberParam, validate } from '../validation';

const saveBody = z.object({ name: z.string().trim().min(1, 'must not be empty').max(120, 'at most 120 characters') });
// The id column is a 32-bit integer: a larger id would fail in the database (a 500), not be missing (a 404).
const idParam = z.object({ id: numberParam(z.number().int().positive('must be a positive whole number').max(2_147_483_647, 'must be at most 2147483647')) });
const exportQuery = z.object({ format: z.enum(['geojson', 'csv', 'kml']).default('geojson') });

/**
 * Saved patrol zone sets: POST (with the /api/patrol-zones query) stores the three files as
 * built; a set never changes after that, so every download is byte-identical to the first.
 */
export function patrolZoneSetRoutes({ database }: AppDeps) {
  const db = database.db;
  const view = (r: PatrolZoneSetRow) => ({ id: r.id, name: r.name, createdBy: r.createdBy, createdAt: r.createdAt.toISOString(), zoneCount: r.zoneCount });
  return new Hono()
    .post('/', validate('query', patrolQuerySchema), validate('json', saveBody), async (c) => {
      const q = c.req.valid('query');
      const { name } = c.req.valid('json');
      const build = await buildPatrolZones(db, q);
      const query = new URL(c.req.url).search;
      const { actor, address } = auditSource(c);
      const row = await db.transaction().execute(async (trx) => {
        const saved = await insertPatrolZoneSet(trx, {
          name,
          createdBy: actor,
          query,
          zoneCount: build.zones.length,
          fileStem: build.fileStem,
          files: { geojson: renderZones(build, 'geojson'), csv: renderZones(build, 'csv'), kml: renderZones(build, 'kml') },
        });
        await writeAudit(trx, actor, 'patrol-zone-set.save', { id: saved.id, name, query, zones: build.zones.map((zz) => zz.id) }, address);
        return saved;
      });
      return c.json(view(row), 201);
    })
    .get('/', async (c) => {
      const rows = await listPatrolZoneSets(db);
      return c.json(rows.map((r) => ({ ...view(r), query: r.query, fileStem: r.fileStem })));
    })
    .get('/:id', validate('param', idParam), validate('query', exportQuery), async (c) => {
      const { id } = c.req.valid('param');
      const { format } = c.req.valid('query');
      const file = await patrolZoneSetFile(db, id, format);
      if (!file) throw new ProblemException({ ...problemTypes.notFound, status: 404, detail: `No saved patrol zone set ${id}` });
      const { actor, address } = auditSource(c);
      await writeAudit(db, actor, 'patrol-zone-set.export', { id, format }, address);
      return c.body(file.body, 200, downloadHeaders(file.fileStem, format));
    });
}

import { Hono, type TypedResponse } from 'hono';
import type { PatrolZoneCollection } from '../../geodata/patrol-zones/geojson-types';
import { writeAudit } from '../../db/audit-log';
import type { AppDeps } from '../deps';
import { buildPatrolZones } from '../patrol/build';
import { auditSource } from '../auth/caller';
import { downloadHeaders, renderZones } from '../patrol/formats';
import { patrolQuerySchema } from '../patrol/params';
import { validate } from '../validation';

/**
 * GET /api/patrol-zones: zones from hotspots. format=json previews them (the GeoJSON body, not
 * as a download); geojson, csv and kml are downloads named after the area and period, and
 * every download is written to the audit log.
 */
export function patrolZoneRoutes({ database }: AppDeps) {
  return new Hono().get('/', validate('query', patrolQuerySchema), async (c) => {
    const q = c.req.valid('query');
    const build = await buildPatrolZones(database.db, q);
    if (q.format === 'json') {
      // Rendered text (the same bytes as the download); its type is the collection, for hc clients.
      const body = renderZones(build, 'geojson');
      return c.body(body, 200, { 'content-type': 'application/json', 'cache-control': 'no-store' }) as unknown as Response &
        TypedResponse<PatrolZoneCollection, 200, 'json'>;
    }
    const body = renderZones(build, q.format);
    const { actor, address } = auditSource(c);
    await writeAudit(database.db, actor, 'patrol-zones.export', {
      format: q.format,
      query: new URL(c.req.url).search,
      zones: build.zones.map((z) => z.id),
      file: `${build.fileStem}.${q.format}`,
    }, address);
    return c.body(body, 200, downloadHeaders(build.fileStem, q.format));
  });
}

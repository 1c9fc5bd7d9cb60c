import { serveStatic } from '@hono/node-server/serve-static';
import { Hono } from 'hono';

/** Where the browser finds the local basemap archive, when one is configured. */
export const BASEMAP_PMTILES_PATH = '/basemap/area.pmtiles';

/**
 * Serves the configured PMTiles archive (BASEMAP_PMTILES) with HTTP range requests, which is all
 * MapLibre's pmtiles protocol needs: the browser reads the header, directories and tiles as byte
 * ranges of one file, so a disconnected deployment shows streets with no tile server. Kept out
 * of /api, whose gzip middleware must not touch byte ranges.
 */
export function basemapRoutes(archivePath: string) {
  return new Hono()
    .use(BASEMAP_PMTILES_PATH, async (c, next) => {
      await next();
      // Short: an operator replacing the file on disk should not wait a day for browsers to see it.
      if (c.res.status === 200 || c.res.status === 206) c.header('cache-control', 'public, max-age=300');
    })
    .get(BASEMAP_PMTILES_PATH, serveStatic({ path: archivePath }));
}

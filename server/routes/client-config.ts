import { Hono } from 'hono';
import { BASEMAP_PMTILES_PATH } from '../basemap';
import type { AppDeps } from '../deps';

/** What the browser needs to know about this deployment, so the built client stays config-free. */
export function clientConfigRoutes({ config }: AppDeps) {
  return new Hono().get('/', (c) =>
    c.json({
      basemapStyleUrl: config.basemapStyleUrl,
      /** Same-origin PMTiles archive to draw streets from when the style server cannot be reached; null: none. */
      basemapPmtilesUrl: config.basemapPmtiles ? BASEMAP_PMTILES_PATH : null,
      /** How long the client waits for the basemap before falling back to the offline style. */
      basemapTimeoutMs: 4000,
    }),
  );
}

import { Hono } from 'hono';
import type { AppDeps } from '../deps';

/** What the browser needs to know about this deployment, so the built client stays config-free. */
export function clientConfigRoutes({ config }: AppDeps) {
  return new Hono().get('/', (c) =>
    c.json({
      basemapStyleUrl: config.basemapStyleUrl,
      /** How long the client waits for the basemap before falling back to the offline style. */
      basemapTimeoutMs: 4000,
    }),
  );
}

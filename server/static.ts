import { existsSync } from 'node:fs';
import { relative } from 'node:path';
import { serveStatic } from '@hono/node-server/serve-static';
import { Hono } from 'hono';

/**
 * Serves the built client. Vite puts content-hashed files under /assets, so those are cached
 * for a year; index.html must be revalidated so a new build is picked up at once.
 */
export function staticRoutes(clientDir: string) {
  const root = relative(process.cwd(), clientDir) || '.';
  const app = new Hono();
  if (!existsSync(clientDir)) return app;
  app.use('/assets/*', async (c, next) => {
    await next();
    if (c.res.status === 200) c.header('cache-control', 'public, max-age=31536000, immutable');
  });
  app.use('*', async (c, next) => {
    await next();
    if (c.res.status === 200 && !c.res.headers.has('cache-control')) c.header('cache-control', 'no-cache');
  });
  app.use('*', serveStatic({ root }));
  // Client-side routes (the URL holds the view state) all load the app shell.
  app.get('*', serveStatic({ root, path: 'index.html' }));
  return app;
}

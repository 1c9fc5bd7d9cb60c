import { serve } from '@hono/node-server';
import { createApp } from './app';
import { openAppDatabase } from './bootstrap';
import { clientDist, ensureClientBuilt } from './client-build';
import { ConfigError, loadConfig } from './config';

// `npm start`: build the client if needed, open (and migrate) the database, load the demo on an
// empty one, serve app and API.
async function main(): Promise<void> {
  const started = performance.now();
  const config = loadConfig();
  // `npm run dev` runs this with --api-only: Vite serves the client there, with hot reload.
  const apiOnly = process.argv.includes('--api-only');
  if (!apiOnly) await ensureClientBuilt((m) => console.error(m));
  const database = await openAppDatabase(config);
  const app = createApp({ database, config, clientDir: apiOnly ? undefined : clientDist });
  const server = serve({ fetch: app.fetch, port: config.port, hostname: config.host }, () => {
    const seconds = ((performance.now() - started) / 1000).toFixed(1);
    const host = config.host === '127.0.0.1' || config.host === '0.0.0.0' ? 'localhost' : config.host;
    console.error(`hotspot-atlas is serving http://${host}:${config.port} (${database.kind}, ready in ${seconds} s)`);
  });
  let closing = false;
  const shutdown = () => {
    if (closing) return;
    closing = true;
    server.close();
    void database.close().finally(() => process.exit(0));
  };
  process.on('SIGINT', shutdown);
  process.on('SIGTERM', shutdown);
}

main().catch((error: unknown) => {
  console.error(error instanceof ConfigError ? error.message : error);
  process.exit(1);
});

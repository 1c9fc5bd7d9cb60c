import { spawn } from 'node:child_process';
import { createServer } from 'vite';
import { loadConfig } from './config';
import { projectRoot } from './client-build';

// `npm run dev`: the API server restarted on change (tsx watch) plus Vite's dev server, which
// proxies /api to it (see vite.config.ts).
const config = loadConfig();
const api = spawn(process.execPath, ['--import', 'tsx', '--watch', 'server/start.ts', '--api-only'], {
  cwd: projectRoot,
  stdio: 'inherit',
  env: { ...process.env, PORT: String(config.port) },
});
const vite = await createServer({ configFile: `${projectRoot}/vite.config.ts` });
await vite.listen();
vite.printUrls();
const stop = () => {
  api.kill('SIGTERM');
  void vite.close().then(() => process.exit(0));
};
process.on('SIGINT', stop);
process.on('SIGTERM', stop);

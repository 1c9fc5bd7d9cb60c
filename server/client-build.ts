import { existsSync, readdirSync, statSync } from 'node:fs';
import { join, resolve } from 'node:path';

export const projectRoot = resolve(import.meta.dirname, '..');
export const clientDist = join(projectRoot, 'dist');
const clientSources = [join(projectRoot, 'client'), join(projectRoot, 'geodata'), join(projectRoot, 'vite.config.ts')];

function newestMtime(path: string): number {
  const stat = statSync(path);
  if (!stat.isDirectory()) return stat.mtimeMs;
  let newest = stat.mtimeMs;
  for (const entry of readdirSync(path)) newest = Math.max(newest, newestMtime(join(path, entry)));
  return newest;
}

/** True when dist/ is missing or older than any client source (after a pull or an edit). */
export function clientBuildIsStale(): boolean {
  const index = join(clientDist, 'index.html');
  if (!existsSync(index)) return true;
  const built = statSync(index).mtimeMs;
  return clientSources.some((p) => existsSync(p) && newestMtime(p) > built);
}

/** Builds the client with Vite when needed, so `npm start` works on a fresh clone. */
export async function ensureClientBuilt(log: (message: string) => void): Promise<void> {
  if (!clientBuildIsStale()) return;
  log('Building the web client (first start or changed sources)…');
  const { build } = await import('vite');
  await build({ configFile: join(projectRoot, 'vite.config.ts'), logLevel: 'warn' });
}

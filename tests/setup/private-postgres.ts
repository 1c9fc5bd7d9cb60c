import { execFile } from 'node:child_process';
import { chownSync, existsSync, mkdtempSync, rmSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';

const run = promisify(execFile);

const BIN = process.env.PG_BIN_DIR ?? '/usr/lib/postgresql/15/bin';
const POSTGIS_CONTROL = process.env.POSTGIS_CONTROL ?? '/usr/share/postgresql/15/extension/postgis.control';

/**
 * Why a private PostgreSQL server cannot be started here, or undefined if it can. Tests that stop
 * and start a server need one of their own: the shared test server on 5432 serves other test files
 * at the same time.
 */
export function privatePostgresMissing(): string | undefined {
  for (const file of [join(BIN, 'initdb'), join(BIN, 'pg_ctl'), POSTGIS_CONTROL]) {
    if (!existsSync(file)) return `${file} is missing (install postgresql-15 and postgresql-15-postgis-3, or set PG_BIN_DIR)`;
  }
  return undefined;
}

/** A PostgreSQL server in a temporary folder, on a free loopback port, that a test may stop and start. */
export interface PrivatePostgres {
  url: string;
  stop(): Promise<void>;
  start(): Promise<void>;
  /** Stops the server and deletes its folder. */
  destroy(): Promise<void>;
}

function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const address = server.address();
      server.close(() => (typeof address === 'object' && address ? resolve(address.port) : reject(new Error('no port'))));
    });
  });
}

/** PostgreSQL refuses to run as root: as root, run its tools as the `postgres` OS user. */
async function asPostgresUser(command: string, args: string[]): Promise<void> {
  const isRoot = process.getuid?.() === 0;
  await (isRoot ? run('runuser', ['-u', 'postgres', '--', command, ...args]) : run(command, args));
}

export async function startPrivatePostgres(): Promise<PrivatePostgres> {
  const dir = mkdtempSync(join(tmpdir(), 'atlas-pg-'));
  const data = join(dir, 'data');
  if (process.getuid?.() === 0) {
    const { stdout } = await run('id', ['-u', 'postgres']);
    const uid = Number(stdout.trim());
    const { stdout: gid } = await run('id', ['-g', 'postgres']);
    chownSync(dir, uid, Number(gid.trim()));
  }
  const port = await freePort();
  await asPostgresUser(join(BIN, 'initdb'), ['-D', data, '-U', 'postgres', '--auth=trust', '-E', 'UTF8', '--no-sync']);
  const options = `-p ${port} -k ${dir} -c listen_addresses=127.0.0.1 -c fsync=off -c full_page_writes=off`;
  const pgCtl = (...args: string[]) => asPostgresUser(join(BIN, 'pg_ctl'), ['-D', data, ...args]);
  const start = () => pgCtl('-o', options, '-l', join(dir, 'log'), '-w', 'start');
  const stop = () => pgCtl('-m', 'fast', '-w', 'stop');
  await start();
  let running = true;
  return {
    url: `postgres://postgres@127.0.0.1:${port}/postgres`,
    start: async () => {
      await start();
      running = true;
    },
    stop: async () => {
      await stop();
      running = false;
    },
    destroy: async () => {
      if (running) await stop().catch(() => {});
      rmSync(dir, { recursive: true, force: true });
    },
  };
}

import { type ChildProcess, spawn } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { freePort } from '../../tests/e2e/server-process';

const root = resolve(import.meta.dirname, '../..');

export interface ApiServer {
  url: string;
  /** Resident and peak resident memory of the server process (MiB), from /proc/<pid>/status. */
  memory: () => { rssMiB: number; peakRssMiB: number };
  stop: () => Promise<void>;
}

/**
 * The API server as `npm start` runs it, without the client (`--api-only`), in a process of its
 * own so that its memory is the server's alone, not the bench's.
 */
export async function startApiServer(env: Record<string, string>): Promise<ApiServer> {
  const port = await freePort();
  const child: ChildProcess = spawn(process.execPath, ['--import', 'tsx', 'server/start.ts', '--api-only'], {
    cwd: root,
    env: { ...process.env, ...env, PORT: String(port), HOST: '127.0.0.1' },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let output = '';
  await new Promise<void>((res, rej) => {
    const onData = (d: Buffer) => {
      output += d.toString();
      if (output.includes('hotspot-atlas is serving')) res();
    };
    child.stdout!.on('data', onData);
    child.stderr!.on('data', onData);
    child.on('exit', (code) => rej(new Error(`server exited with ${code}:\n${output}`)));
  });
  const status = (field: string) => Number(readFileSync(`/proc/${child.pid}/status`, 'utf8').match(new RegExp(`${field}:\\s+(\\d+) kB`))?.[1] ?? NaN) / 1024;
  return {
    url: `http://127.0.0.1:${port}`,
    memory: () => ({ rssMiB: status('VmRSS'), peakRssMiB: status('VmHWM') }),
    stop: () =>
      new Promise<void>((res) => {
        if (child.exitCode !== null) return res();
        child.on('exit', () => res());
        child.kill('SIGTERM');
      }),
  };
}

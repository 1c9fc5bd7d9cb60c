import { type ChildProcess, spawn } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { freePort } from '../../tests/e2e/server-process';

const root = resolve(import.meta.dirname, '../..');

export interface ServerChild {
  url: string;
  pid: number;
  /** Resident memory now and its peak so far (VmRSS, VmHWM of /proc/<pid>/status), MB. */
  memory: () => { rssMb: number; hwmMb: number };
  output: () => string;
  /** SIGTERM, then SIGKILL if it has not exited after `graceMs`; says how it ended. */
  stop: (graceMs?: number) => Promise<{ exitedOnTerm: boolean; ms: number }>;
}

/**
 * The real server as `npm start` runs it (node with the tsx loader, so the process is the
 * server itself and its /proc status is the server's memory), API only: the load test needs no
 * client build. Resolves once it prints its "serving" line.
 */
export async function startServerChild(env: Record<string, string>, timeoutMs = 240_000): Promise<ServerChild> {
  const port = await freePort();
  const child: ChildProcess = spawn(process.execPath, ['--import', 'tsx', 'server/start.ts', '--api-only'], {
    cwd: root,
    env: { ...process.env, ...env, PORT: String(port), HOST: '127.0.0.1' },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let output = '';
  child.stdout!.on('data', (d: Buffer) => (output += d.toString()));
  child.stderr!.on('data', (d: Buffer) => (output += d.toString()));
  await new Promise<void>((res, rej) => {
    const timer = setTimeout(() => rej(new Error(`server not ready after ${timeoutMs} ms:\n${output}`)), timeoutMs);
    const check = () => {
      if (!output.includes('hotspot-atlas is serving')) return;
      clearTimeout(timer);
      res();
    };
    child.stdout!.on('data', check);
    child.stderr!.on('data', check);
    child.once('exit', (code) => {
      clearTimeout(timer);
      rej(new Error(`server exited with ${code} before it was ready:\n${output}`));
    });
  });
  const pid = child.pid!;
  const kb = (field: string, status: string) => Number(status.match(new RegExp(`${field}:\\s+(\\d+)`))?.[1] ?? NaN);
  return {
    url: `http://127.0.0.1:${port}`,
    pid,
    memory: () => {
      const status = readFileSync(`/proc/${pid}/status`, 'utf8');
      return { rssMb: kb('VmRSS', status) / 1024, hwmMb: kb('VmHWM', status) / 1024 };
    },
    output: () => output,
    stop: async (graceMs = 15_000) => {
      const t0 = performance.now();
      if (child.exitCode !== null || child.signalCode !== null) return { exitedOnTerm: true, ms: 0 };
      const exited = new Promise<void>((res) => child.once('exit', () => res()));
      child.kill('SIGTERM');
      const inTime = await Promise.race([exited.then(() => true), new Promise<boolean>((res) => setTimeout(() => res(false), graceMs).unref())]);
      if (!inTime) {
        child.kill('SIGKILL');
        await exited;
      }
      return { exitedOnTerm: inTime, ms: performance.now() - t0 };
    },
  };
}

import { type ChildProcess, spawn } from 'node:child_process';
import { createServer } from 'node:net';
import { resolve } from 'node:path';

const root = resolve(import.meta.dirname, '../..');

export interface RunningServer {
  url: string;
  output: () => string;
  stop: () => Promise<void>;
  readySeconds: number;
}

/** A server process just spawned: its address is known at once, `ready` settles on its "serving" line. */
export interface SpawnedServer {
  url: string;
  child: ChildProcess;
  output: () => string;
  ready: Promise<void>;
  /** SIGTERM, then SIGKILL if it has not exited after `graceMs`; says how it ended. */
  stop: (graceMs?: number) => Promise<{ exitedOnTerm: boolean; ms: number }>;
}

export async function freePort(): Promise<number> {
  return new Promise((res, rej) => {
    const server = createServer();
    server.unref();
    server.on('error', rej);
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address() as { port: number };
      server.close(() => res(port));
    });
  });
}

/**
 * Spawns the server as `npm start` runs it (node with the tsx loader, so the process is the server
 * itself) on a free loopback port, without waiting for it: `ready` resolves on its "serving" line
 * and rejects, with its output, if it exits first or is not ready in time.
 */
export async function spawnServer(env: Record<string, string>, options: { args?: string[]; timeoutMs?: number } = {}): Promise<SpawnedServer> {
  const port = await freePort();
  const timeoutMs = options.timeoutMs ?? 240_000;
  const child: ChildProcess = spawn(process.execPath, ['--import', 'tsx', 'server/start.ts', ...(options.args ?? [])], {
    cwd: root,
    env: { ...process.env, ...env, PORT: String(port), HOST: '127.0.0.1' },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let output = '';
  child.stdout!.on('data', (d: Buffer) => (output += d.toString()));
  child.stderr!.on('data', (d: Buffer) => (output += d.toString()));
  const ready = new Promise<void>((res, rej) => {
    const timer = setTimeout(() => rej(new Error(`server not ready after ${timeoutMs} ms:\n${output}`)), timeoutMs);
    timer.unref();
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
  return {
    url: `http://127.0.0.1:${port}`,
    child,
    output: () => output,
    ready,
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

/** Starts the server exactly as `npm start` does, and waits for its "serving" line. */
export async function startServer(env: Record<string, string>, timeoutMs = 240_000): Promise<RunningServer> {
  const started = performance.now();
  const server = await spawnServer(env, { timeoutMs });
  await server.ready;
  return {
    url: server.url,
    output: server.output,
    readySeconds: (performance.now() - started) / 1000,
    stop: async () => void (await server.stop()),
  };
}

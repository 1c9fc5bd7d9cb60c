import { readFileSync } from 'node:fs';
import { spawnServer } from '../../tests/e2e/server-process';

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
  const server = await spawnServer(env, { args: ['--api-only'], timeoutMs });
  await server.ready;
  const pid = server.child.pid!;
  const kb = (field: string, status: string) => Number(status.match(new RegExp(`${field}:\\s+(\\d+)`))?.[1] ?? NaN);
  return {
    url: server.url,
    pid,
    memory: () => {
      const status = readFileSync(`/proc/${pid}/status`, 'utf8');
      return { rssMb: kb('VmRSS', status) / 1024, hwmMb: kb('VmHWM', status) / 1024 };
    },
    output: server.output,
    stop: server.stop,
  };
}

import type postgres from 'postgres';
import { expect } from 'vitest';

/**
 * Runs `request` while another connection (of `admin`) holds `lockStatement` in an open
 * transaction, so the request's own transaction stops at its first statement needing that lock,
 * after its earlier writes. The backend waiting on the lock (found by pg_blocking_pids, so no other
 * test's query can be taken for it) is terminated; then the lock is let go. Returns the response
 * and the statement that was waiting.
 */
export async function killWhileBlocked(admin: postgres.Sql, lockStatement: string, request: () => Response | Promise<Response>) {
  let releaseLock!: () => void;
  const letGo = new Promise<void>((resolve) => (releaseLock = resolve));
  let lockHeld!: (pid: number) => void;
  const holding = new Promise<number>((resolve) => (lockHeld = resolve));
  const locker = admin.begin(async (tx) => {
    await tx.unsafe(lockStatement);
    const [{ pid }] = await tx<[{ pid: number }]>`select pg_backend_pid() as pid`;
    lockHeld(pid);
    await letGo;
  });
  const lockerPid = await holding;
  try {
    const response = Promise.resolve(request());
    let blocked: { pid: number; query: string } | undefined;
    // Wait for the write to reach the lock: polled, as the write's progress has no other signal.
    while (!blocked) {
      [blocked] = await admin<Array<{ pid: number; query: string }>>`
        select pid, query from pg_stat_activity where ${lockerPid}::int = any(pg_blocking_pids(pid))`;
      if (!blocked) await new Promise((r) => setTimeout(r, 20));
    }
    const [{ terminated }] = await admin<[{ terminated: boolean }]>`select pg_terminate_backend(${blocked.pid}::int) as terminated`;
    expect(terminated).toBe(true);
    return { response: await response, waitingQuery: blocked.query };
  } finally {
    releaseLock();
    await locker;
  }
}

/** The answer to a killed write: 503 problem+json that gives nothing of the database away. */
export async function expectDatabaseProblem(res: Response) {
  expect(res.status).toBe(503);
  expect(res.headers.get('content-type')).toBe('application/problem+json');
  const text = await res.text();
  expect(JSON.parse(text)).toMatchObject({ status: 503, type: expect.stringMatching(/database-unavailable$/) });
  // No SQL, no driver message, no stack, no file paths.
  expect(text).not.toMatch(/insert|update|delete|select|dataset_state|audit_log|plan_features|terminat|administrator|\bat\s+\S+:\d+|\/work\/|\.ts\b/i);
}

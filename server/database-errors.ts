/**
 * Which database failures are the database's state rather than a bug: the server is down,
 * restarting or failing over (the request may succeed if retried shortly), or a query ran past the
 * statement timeout. Both are answered 503 with Retry-After so that a browser, a client script or a
 * load balancer backs off and retries instead of reporting an internal error.
 *
 * The codes are postgres.js's own (connection life) and Node's (socket), plus PostgreSQL's
 * SQLSTATEs (https://www.postgresql.org/docs/current/errcodes-appendix.html): class 08
 * (connection exception), 57P01 admin_shutdown, 57P02 crash_shutdown, 57P03 cannot_connect_now
 * (starting up or in recovery), and 57014 query_canceled (statement_timeout fired).
 */
export type DatabaseUnavailableReason = 'unreachable' | 'statement-timeout';

const CONNECTION_CODES = new Set([
  'ECONNREFUSED', 'ECONNRESET', 'ETIMEDOUT', 'EHOSTUNREACH', 'ENETUNREACH', 'ENOTFOUND', 'EPIPE', 'EAI_AGAIN',
  'CONNECTION_CLOSED', 'CONNECTION_ENDED', 'CONNECTION_DESTROYED', 'CONNECT_TIMEOUT',
  '57P01', '57P02', '57P03',
]);

const QUERY_CANCELED = '57014';

/** Error codes carried by `error`, its `cause` chain and an AggregateError's members (Node's dual-stack connect). */
function codesOf(error: unknown, seen = new Set<unknown>()): string[] {
  if (typeof error !== 'object' || error === null || seen.has(error)) return [];
  seen.add(error);
  const own = (error as { code?: unknown }).code;
  const codes = typeof own === 'string' ? [own] : [];
  codes.push(...codesOf((error as { cause?: unknown }).cause, seen));
  const members = (error as { errors?: unknown }).errors;
  if (Array.isArray(members)) for (const member of members) codes.push(...codesOf(member, seen));
  return codes;
}

/** Why the database could not answer, or undefined for any other error (a bug: 500). */
export function databaseUnavailable(error: unknown): DatabaseUnavailableReason | undefined {
  const codes = codesOf(error);
  if (codes.includes(QUERY_CANCELED)) return 'statement-timeout';
  if (codes.some((code) => CONNECTION_CODES.has(code) || /^08[0-9A-Z]{3}$/.test(code))) return 'unreachable';
  return undefined;
}

/** Seconds a client should wait before retrying: about a PostgreSQL restart or a failover. */
export const RETRY_AFTER_SECONDS = { unreachable: 5, 'statement-timeout': 10 } as const satisfies Record<DatabaseUnavailableReason, number>;

const PROBLEM_BASE = 'https://hotspot-atlas.invalid/problems/';

/** The RFC 9457 problem for an unavailable database, with the members to send beside it. */
export function databaseUnavailableProblem(reason: DatabaseUnavailableReason, timeoutMs?: number) {
  return reason === 'unreachable'
    ? {
        type: `${PROBLEM_BASE}database-unavailable`,
        title: 'Database unavailable',
        status: 503,
        detail: 'The database cannot be reached (restarting or failing over); retry shortly.',
        database: 'unreachable' as const,
      }
    : {
        type: `${PROBLEM_BASE}query-timeout`,
        title: 'Query took too long',
        status: 503,
        detail: `The database query was cancelled after the statement timeout${timeoutMs ? ` of ${timeoutMs} ms` : ''}; narrow the filters or retry later.`,
      };
}

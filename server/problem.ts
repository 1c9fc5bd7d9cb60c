import type { Context } from 'hono';
import { HTTPException } from 'hono/http-exception';
import type { ContentfulStatusCode } from 'hono/utils/http-status';

/** One offending input: `parameter` for query/path parameters, `pointer` (RFC 6901) for bodies. */
export interface ProblemError {
  detail: string;
  parameter?: string;
  pointer?: string;
}

/** An RFC 9457 problem details object. */
export interface Problem {
  type: string;
  title: string;
  status: number;
  detail: string;
  instance?: string;
  errors?: ProblemError[];
}

/** Every problem `type` of the API is this base plus a slug. */
const PROBLEM_BASE = 'https://hotspot-atlas.invalid/problems/';

export const problemType = (slug: string) => `${PROBLEM_BASE}${slug}`;

export const problemTypes = {
  invalidParameter: { type: problemType('invalid-parameter'), title: 'Invalid request parameter' },
  notFound: { type: problemType('not-found'), title: 'Not found' },
  internal: { type: problemType('internal-error'), title: 'Internal server error' },
  demoPresent: { type: problemType('synthetic-demo-loaded'), title: 'The synthetic demo is loaded' },
  monthsMissing: { type: problemType('months-missing'), title: 'The period has months without data' },
} as const;

/** Thrown by handlers; turned into problem+json by the app's error handler. */
export class ProblemException extends HTTPException {
  constructor(readonly problem: Omit<Problem, 'instance'>) {
    super(problem.status as ContentfulStatusCode, { message: problem.detail });
  }
}

export function invalidParameters(errors: ProblemError[]): ProblemException {
  const names = [...new Set(errors.map((e) => e.parameter ?? e.pointer))].join(', ');
  return new ProblemException({
    ...problemTypes.invalidParameter,
    status: 400,
    detail: errors.length === 1 ? `${names}: ${errors[0]!.detail}` : `Invalid parameters: ${names}`,
    errors,
  });
}

export function problemResponse(c: Context, problem: Problem): Response {
  return c.body(JSON.stringify({ ...problem, instance: problem.instance ?? c.req.path }), problem.status as ContentfulStatusCode, {
    'content-type': 'application/problem+json',
  });
}

/** How the API says DemoPresentError: the request field that gives permission (form field or JSON member). */
export const DEMO_PRESENT_PROBLEM: Problem = {
  ...problemTypes.demoPresent, status: 409, detail: 'Loading real data removes the synthetic demo: send replaceDemo=true to confirm.',
};

/** 400 naming the `districts` codes that are not loaded districts. */
export function unknownDistricts(codes: readonly string[]): ProblemException {
  return invalidParameters([{ parameter: 'districts', detail: `unknown district ${codes.map((u) => `"${u}"`).join(', ')}` }]);
}

/**
 * 422 naming `from` and `to` when an analysis that reads the months as a series (emerging hot
 * spots) is asked for a period with months some force has no data for: the gap would read as a
 * fall in crime. Says which months, and the longest gap-free run to use instead.
 */
export function monthsMissingProblem(missingMonths: readonly string[], longest: { from: string; to: string; months: number } | null): ProblemException {
  const suggestion = longest ? ` The longest run of months with data is ${longest.from} to ${longest.to} (${longest.months} months).` : '';
  const detail = `No data is loaded for ${missingMonths.join(', ')}: a trend over a gap would read it as a fall in crime.${suggestion}`;
  // Extension members (RFC 9457 §3.2) ride along: the error handler serialises the whole object.
  const problem = {
    ...problemTypes.monthsMissing,
    status: 422,
    detail,
    errors: [{ parameter: 'from', detail }, { parameter: 'to', detail }],
    missingMonths: [...missingMonths],
    longestGapFreeRun: longest,
  };
  return new ProblemException(problem);
}

import { expect } from 'vitest';

/** Asserts an RFC 9457 problem answer whose first error names `parameter`, with a detail matching `detail`. */
export async function expectProblem(res: Response, parameter: string, detail: RegExp, status = 400): Promise<void> {
  expect(res.status).toBe(status);
  expect(res.headers.get('content-type')).toBe('application/problem+json');
  const problem = await res.json();
  expect(problem.errors[0].parameter).toBe(parameter);
  expect(problem.errors[0].detail).toMatch(detail);
}

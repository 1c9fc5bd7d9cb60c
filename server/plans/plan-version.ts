import type { Context } from 'hono';
import { ProblemException } from '../problem';
import { planProblemTypes } from './plan-problems';

/** A plan's ETag: its version, strong (the export is byte-identical per version). */
export const planEtag = (version: number) => `"${version}"`;

/**
 * Refuses a write without If-Match (428) or made against another version (412, with the current
 * version in the body and the ETag header), so two officers never silently overwrite each other.
 */
export function requireCurrentVersion(c: Context, current: number): void {
  const header = c.req.header('if-match');
  if (!header) {
    throw new ProblemException({ ...planProblemTypes.preconditionRequired, status: 428, detail: `Send If-Match: ${planEtag(current)} (the plan's ETag) with every write`, errors: [{ parameter: 'If-Match', detail: 'missing' }] });
  }
  const tags = header.split(',').map((t) => t.trim().replace(/^W\//, ''));
  if (tags.includes('*') || tags.includes(planEtag(current))) return;
  const problem = { ...planProblemTypes.stale, status: 412, detail: `The plan is at version ${current}, not ${header}: reload it and apply the change again`, currentVersion: current, errors: [{ parameter: 'If-Match', detail: `stale; current ${planEtag(current)}` }] };
  throw new ProblemException(problem);
}

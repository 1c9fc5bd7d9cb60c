import { ProblemException, problemType, problemTypes } from '../problem';
import type { ImportIssue } from '../../geodata/plan-geojson-import';

export const planProblemTypes = {
  forbidden: { type: problemType('forbidden'), title: 'Not allowed' },
  preconditionRequired: { type: problemType('precondition-required'), title: 'If-Match required' },
  stale: { type: problemType('stale-version'), title: 'The plan has changed since it was read' },
  invalidGeoJson: { type: problemType('invalid-geojson'), title: 'Invalid GeoJSON' },
  tooLarge: { type: problemType('payload-too-large'), title: 'Request body too large' },
} as const;

export function planNotFound(id: number, featureId?: number): ProblemException {
  const detail = featureId === undefined ? `No plan ${id}` : `Plan ${id} has no feature ${featureId}`;
  return new ProblemException({ ...problemTypes.notFound, status: 404, detail });
}

export function forbidden(detail: string): ProblemException {
  return new ProblemException({ ...planProblemTypes.forbidden, status: 403, detail });
}

/**
 * 422 (400 when the file itself is not GeoJSON) naming each feature at fault by its index, as a
 * JSON pointer into the uploaded file and in words.
 */
export function invalidImport(issues: readonly ImportIssue[], fileShape: 'collection' | 'single'): ProblemException {
  const fileLevel = issues.every((i) => i.index === null);
  const errors = issues.map((i) => ({
    pointer: i.index === null ? '#' : fileShape === 'collection' ? `#/features/${i.index}` : '#',
    detail: i.index === null ? i.reason : `feature ${i.index}: ${i.reason}`,
  }));
  return new ProblemException({
    ...planProblemTypes.invalidGeoJson,
    status: fileLevel ? 400 : 422,
    detail: errors.length === 1 ? errors[0]!.detail : `${errors.length} features are invalid; nothing was imported`,
    errors,
  });
}

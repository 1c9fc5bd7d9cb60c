import { ProblemException } from '../problem';

const IMPORT_PROBLEM = 'https://hotspot-atlas.invalid/problems/';

// Who may import is decided by the route table (server/auth/route-rules.ts); IMPORT_TOKEN is
// accepted there as a fallback analyst credential.
export const importProblem = (status: number, slug: string, title: string, detail: string) =>
  new ProblemException({ type: `${IMPORT_PROBLEM}${slug}`, title, status, detail });

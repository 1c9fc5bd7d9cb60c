import { ProblemException, problemType } from '../problem';

// Who may import is decided by the route table (server/auth/route-rules.ts); IMPORT_TOKEN is
// accepted there as a fallback analyst credential.
export const importProblem = (status: number, slug: string, title: string, detail: string) =>
  new ProblemException({ type: problemType(slug), title, status, detail });

import { ProblemException } from '../problem';

const BASE = 'https://hotspot-atlas.invalid/problems/';

export const authProblems = {
  unauthenticated: (detail: string) => new ProblemException({ type: `${BASE}unauthenticated`, title: 'Sign-in required', status: 401, detail }),
  forbidden: (detail: string) => new ProblemException({ type: `${BASE}forbidden`, title: 'Not allowed', status: 403, detail }),
  crossOrigin: () =>
    new ProblemException({
      type: `${BASE}cross-origin-write`, title: 'Cross-origin write refused', status: 403,
      detail: 'A signed-in write must come from this site: send an Origin header naming this host (browsers do), or use an API token.',
    }),
  noCredentials: () =>
    new ProblemException({
      type: `${BASE}uploads-disabled`, title: 'Writes disabled', status: 403,
      detail: 'No account exists and IMPORT_TOKEN is not set: create an account with `npm run cli -- user add <name> --role analyst`, or set IMPORT_TOKEN on the server.',
    }),
};

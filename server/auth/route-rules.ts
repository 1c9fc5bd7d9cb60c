/**
 * Who may call each API route: the single table the auth middleware enforces. A route missing
 * here is refused (404, as if it did not exist) and tests/auth/route-table.test.ts fails, so a
 * new route cannot go live without a rule.
 *
 * - public: anyone, signed in or not.
 * - viewer: read access: anyone signed in; anyone at all while READ_ACCESS is public (by default,
 *   until the first account exists).
 * - analyst: analysts and admins (and the IMPORT_TOKEN fallback, which acts as an analyst).
 * - editor-of-district: editors and admins reach the handler, which must then check the district
 *   it touches with `canEditDistrict` (the route alone does not say which district that is).
 * - admin: admins only.
 *
 * `openBeforeAccounts`: until the first account exists (and unless READ_ACCESS=authenticated), the
 * route is open to anyone, as it was before accounts: the patrol zone tools of a fresh install.
 */
export type Access = 'public' | 'viewer' | 'analyst' | 'editor-of-district' | 'admin';

export interface RouteRule {
  method: 'GET' | 'POST' | 'PUT' | 'PATCH' | 'DELETE';
  /** Path under the app root, `:name` for a path parameter. */
  path: string;
  access: Access;
  openBeforeAccounts?: boolean;
}

export const ROUTE_RULES: readonly RouteRule[] = [
  { method: 'GET', path: '/api/health', access: 'public' },
  { method: 'GET', path: '/api/config', access: 'public' },
  { method: 'GET', path: '/api/session', access: 'public' },
  { method: 'POST', path: '/api/session', access: 'public' },
  { method: 'DELETE', path: '/api/session', access: 'public' },

  { method: 'GET', path: '/api/districts', access: 'viewer' },
  { method: 'GET', path: '/api/districts/:code/profile', access: 'viewer' },
  { method: 'GET', path: '/api/compare', access: 'viewer' },
  { method: 'GET', path: '/api/forces/compare', access: 'viewer' },
  { method: 'GET', path: '/api/incidents/summary', access: 'viewer' },
  { method: 'GET', path: '/api/incidents/points', access: 'viewer' },
  { method: 'GET', path: '/api/data-status', access: 'viewer' },
  { method: 'GET', path: '/api/analysis/density', access: 'viewer' },
  { method: 'GET', path: '/api/analysis/hotspots', access: 'viewer' },
  { method: 'GET', path: '/api/analysis/emerging', access: 'viewer' },
  { method: 'GET', path: '/api/cell-detail', access: 'viewer' },
  { method: 'GET', path: '/api/tiles/incidents/:z/:x/:y', access: 'viewer' },
  { method: 'GET', path: '/api/tiles/snap-points/:z/:x/:y', access: 'viewer' },
  { method: 'GET', path: '/api/patrol-zone-sets', access: 'viewer' },

  // Patrol zones put officers on streets, and every download is audited under the caller's name.
  { method: 'GET', path: '/api/patrol-zones', access: 'analyst', openBeforeAccounts: true },
  { method: 'POST', path: '/api/patrol-zone-sets', access: 'analyst', openBeforeAccounts: true },
  { method: 'GET', path: '/api/patrol-zone-sets/:id', access: 'analyst', openBeforeAccounts: true },

  { method: 'POST', path: '/api/imports', access: 'analyst' },
  { method: 'POST', path: '/api/imports/police-api', access: 'analyst' },
  { method: 'GET', path: '/api/imports/jobs', access: 'analyst' },
  { method: 'GET', path: '/api/imports/jobs/:id', access: 'analyst' },
  { method: 'POST', path: '/api/imports/jobs/:id/cancel', access: 'analyst' },

  { method: 'GET', path: '/api/audit-log', access: 'admin' },

  // Serious violence plans: the handlers add the district scope (editors of the plan's district
  // and admins write; drafts are read only by them) on top of these rules.
  { method: 'GET', path: '/api/plans', access: 'viewer' },
  { method: 'POST', path: '/api/plans', access: 'editor-of-district' },
  { method: 'GET', path: '/api/plans/:id', access: 'viewer' },
  { method: 'PATCH', path: '/api/plans/:id', access: 'editor-of-district' },
  { method: 'DELETE', path: '/api/plans/:id', access: 'editor-of-district' },
  { method: 'GET', path: '/api/plans/:id/features', access: 'viewer' },
  { method: 'POST', path: '/api/plans/:id/features', access: 'editor-of-district' },
  { method: 'POST', path: '/api/plans/:id/features/import', access: 'editor-of-district' },
  { method: 'PATCH', path: '/api/plans/:id/features/:fid', access: 'editor-of-district' },
  { method: 'DELETE', path: '/api/plans/:id/features/:fid', access: 'editor-of-district' },
  { method: 'GET', path: '/api/plans/:id/coverage', access: 'viewer' },
];

/** The rule for a request (HEAD is answered as GET), or undefined. */
export function ruleFor(method: string, path: string, rules: readonly RouteRule[] = ROUTE_RULES): RouteRule | undefined {
  const m = method === 'HEAD' ? 'GET' : method;
  const segments = path.replace(/\/+$/, '').split('/');
  return rules.find((r) => {
    if (r.method !== m) return false;
    const pattern = r.path.split('/');
    return pattern.length === segments.length && pattern.every((p, i) => (p.startsWith(':') ? segments[i]!.length > 0 : p === segments[i]));
  });
}

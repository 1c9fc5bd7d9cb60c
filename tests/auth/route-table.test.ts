import { Hono } from 'hono';
import { describe, expect, it } from 'vitest';
import { authenticate } from '../../server/auth/authenticate';
import { ROUTE_RULES, ruleFor } from '../../server/auth/route-rules';
import { loadConfig } from '../../server/config';
import { describeBackends } from '../setup/backends';
import { appWith } from './accounts-fixture';

describeBackends('the route table', (ctx) => {
  it('has exactly one rule for every API route the app mounts, and none for routes that do not exist', () => {
    const { app } = appWith(ctx);
    const mounted = app.routes
      .filter((r) => r.path.startsWith('/api/') && r.method !== 'ALL')
      .map((r) => `${r.method} ${r.path}`);
    const unique = [...new Set(mounted)].sort();
    expect(unique.length).toBeGreaterThan(15);
    const missing = unique.filter((route) => {
      const [method, path] = route.split(' ') as [string, string];
      return ruleFor(method, path)?.path !== path;
    });
    expect(missing, 'routes without a rule in server/auth/route-rules.ts').toEqual([]);
    const ruled = ROUTE_RULES.map((r) => `${r.method} ${r.path}`).sort();
    expect(ruled).toEqual(unique);
  });

  it('refuses a route that has no rule, before its handler runs', async () => {
    const deps = { database: ctx.database, config: loadConfig({}) };
    let reached = false;
    const app = new Hono().use('/api/*', authenticate(deps)).get('/api/unlisted', (c) => {
      reached = true;
      return c.text('secret');
    });
    const res = await app.request('/api/unlisted');
    expect(res.status).toBe(404);
    expect(reached).toBe(false);
    expect(await res.text()).not.toContain('secret');
  });
});

describe('ruleFor', () => {
  it('matches path parameters segment by segment and answers HEAD as GET', () => {
    expect(ruleFor('GET', '/api/imports/jobs/abc123')?.path).toBe('/api/imports/jobs/:id');
    expect(ruleFor('POST', '/api/imports/jobs/abc123/cancel')?.path).toBe('/api/imports/jobs/:id/cancel');
    expect(ruleFor('HEAD', '/api/health')?.access).toBe('public');
    expect(ruleFor('PUT', '/api/health')).toBeUndefined();
    expect(ruleFor('GET', '/api/imports/jobs//cancel')).toBeUndefined();
    expect(ruleFor('GET', '/api/nothing-here')).toBeUndefined();
  });
});

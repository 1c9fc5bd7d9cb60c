import { sql } from 'kysely';
import { beforeAll, expect, it } from 'vitest';
import { createApp } from '../../server/app';
import { loadConfig } from '../../server/config';
import { JSON_BODY_LIMIT_BYTES } from '../../server/security';
import { describeBackends } from '../setup/backends';

/** A valid query for each route, to which one hostile parameter is added or replaced. */
const CELL = 'minX=400000&minY=300000&maxX=400250&maxY=300250';
const POINTS_BBOX = 'bbox=-1.5,52.5,-1.49,52.51';

/** Every numeric query parameter, with the route and the valid query it is tried on. */
const NUMERIC: { path: string; base: string; parameter: string; value?: (v: string) => string }[] = [
  ...['density', 'hotspots', 'emerging'].flatMap((route) =>
    ['cellSize', 'timeSteps', 'bandwidth'].map((parameter) => ({ path: `/api/analysis/${route}`, base: '', parameter })),
  ),
  { path: '/api/analysis/hotspots', base: 'weighting=harm', parameter: 'weights', value: (v) => `robbery:${v}` },
  { path: '/api/analysis/hotspots', base: '', parameter: 'neighbourhood', value: (v) => `distance:${v}` },
  { path: '/api/analysis/density', base: '', parameter: 'bbox', value: (v) => `${v},52,-1,53` },
  ...['percent', 'k', 'maxZoneArea', 'maxZones', 'budgetHours', 'cellSize'].map((parameter) => ({ path: '/api/patrol-zones', base: '', parameter })),
  { path: '/api/patrol-zones', base: 'weighting=harm', parameter: 'weights', value: (v) => `burglary:${v}` },
  ...['minX', 'minY', 'maxX', 'maxY'].map((parameter) => ({ path: '/api/cell-detail', base: CELL, parameter })),
  { path: '/api/data-status', base: '', parameter: 'imports' },
  { path: '/api/incidents/points', base: POINTS_BBOX, parameter: 'limit' },
  { path: '/api/districts/E07000001/profile', base: '', parameter: 'cellSize' },
];

/** Always a 400: not a plain finite decimal, or beyond what a double holds exactly. */
const ALWAYS_BAD = ['1e308', '-1e308', 'NaN', 'Infinity', '-Infinity', '12345678901234567', '', ' ', '0x10', '1,5', '5e1'];
/** Sometimes in range (0 or a negative easting); never a 500, and a 400 names the parameter. */
const MAYBE_BAD = ['-0', '-1', '0'];

const INJECTIONS = [
  "'; drop table incidents; --",
  "1' or '1'='1",
  "robbery') or 1=1 --",
  '$$; delete from districts; $$',
  '1; select pg_sleep(5)',
  "E07000001' union select null, version() --",
];

/** Every string query parameter of the existing GET routes (numeric ones get injections too). */
const QUERY_ROUTES: { path: string; base: string; parameters: string[] }[] = [
  { path: '/api/analysis/hotspots', base: '', parameters: ['preset', 'categories', 'from', 'to', 'districts', 'bbox', 'weighting', 'weights', 'neighbourhood', 'adjustment', 'smoothing', 'format', 'cellSize'] },
  { path: '/api/patrol-zones', base: '', parameters: ['rule', 'confidence', 'connectivity', 'rankBy', 'format', 'districts', 'percent'] },
  { path: '/api/incidents/summary', base: '', parameters: ['from', 'to', 'categories', 'districts'] },
  { path: '/api/incidents/points', base: POINTS_BBOX, parameters: ['bbox', 'categories', 'districts', 'from', 'limit'] },
  { path: '/api/cell-detail', base: CELL, parameters: ['categories', 'from', 'minX'] },
  { path: '/api/compare', base: 'districts=E07000001,E07000002', parameters: ['districts', 'format', 'preset'] },
  { path: '/api/districts/E07000001/profile', base: '', parameters: ['format', 'categories', 'from'] },
  { path: '/api/data-status', base: '', parameters: ['imports'] },
  { path: '/api/patrol-zone-sets/1', base: '', parameters: ['format'] },
];

function withParameter(base: string, parameter: string, value: string): string {
  const q = new URLSearchParams(base);
  q.set(parameter, value);
  return q.toString();
}

describeBackends(
  'hostile input on the real app',
  (ctx) => {
    let app: ReturnType<typeof createApp>;
    beforeAll(() => {
      app = createApp({ database: ctx.database, config: loadConfig({ IMPORT_TOKEN: 'a-test-token-of-16+chars' }) });
    });

    /** Row counts and an md5 of every table's rows: equal before and after means nothing changed. */
    async function fingerprint(): Promise<Record<string, string>> {
      const out: Record<string, string> = {};
      for (const table of ['incidents', 'districts', 'imports', 'dataset_state', 'patrol_zone_sets', 'audit_log']) {
        const { rows } = await sql<{ n: number; h: string | null }>`
          select count(*)::int as n, md5(string_agg(t::text, '|' order by t::text)) as h from ${sql.table(table)} t`.execute(ctx.database.db);
        out[table] = `${rows[0]!.n}:${rows[0]!.h ?? ''}`;
      }
      return out;
    }

    async function expectNamed(res: Response, parameter: string, what: string): Promise<void> {
      expect(res.status, what).toBe(400);
      expect(res.headers.get('content-type'), what).toBe('application/problem+json');
      const problem = await res.json();
      expect(problem.errors.map((e: { parameter?: string }) => e.parameter), what).toContain(parameter);
    }

    it('answers 400 naming the parameter for extreme numbers in every numeric parameter', async () => {
      for (const { path, base, parameter, value } of NUMERIC) {
        for (const raw of ALWAYS_BAD) {
          const url = `${path}?${withParameter(base, parameter, value ? value(raw) : raw)}`;
          await expectNamed(await app.request(url), parameter, url);
        }
      }
      for (const raw of [...ALWAYS_BAD.filter((v) => v.trim() !== ''), '2147483648', '-0', '0']) {
        await expectNamed(await app.request(`/api/patrol-zone-sets/${encodeURIComponent(raw)}`), 'id', raw);
      }
    }, 120_000);

    // A 400 here may name a partner parameter instead (minX=0 makes the cell-detail rectangle too wide, named at maxX).
    it('never answers 500 for -0, 0 or -1, and a 400 names a parameter', async () => {
      for (const { path, base, parameter, value } of NUMERIC) {
        for (const raw of MAYBE_BAD) {
          const url = `${path}?${withParameter(base, parameter, value ? value(raw) : raw)}`;
          const res = await app.request(url);
          expect([200, 400], `${url}: ${await res.clone().text()}`).toContain(res.status);
          if (res.status === 400) {
            const { errors } = await res.json();
            expect(errors.length, url).toBeGreaterThan(0);
            for (const e of errors) expect(e.parameter, url).toMatch(/^[A-Za-z]+$/);
          }
        }
      }
    }, 300_000);

    it('keeps harm sums finite: the largest allowed weight answers 200 with finite values', async () => {
      const ok = await app.request('/api/analysis/hotspots?weighting=harm&weights=robbery:1000000');
      expect(ok.status, await ok.clone().text()).toBe(200);
      expect(await ok.text()).not.toMatch(/Infinity|NaN/);
      await expectNamed(await app.request('/api/analysis/hotspots?weighting=harm&weights=robbery:1e308'), 'weights', 'robbery:1e308');
      await expectNamed(await app.request('/api/analysis/hotspots?weighting=harm&weights=robbery:1000001'), 'weights', 'robbery:1000001');
    }, 120_000);

    it('answers 400 or a normal answer to SQL injection in every query parameter, with the database unchanged', async () => {
      const before = await fingerprint();
      for (const { path, base, parameters } of QUERY_ROUTES) {
        for (const parameter of parameters) {
          for (const attack of INJECTIONS) {
            const url = `${path}?${withParameter(base, parameter, attack)}`;
            const res = await app.request(url);
            expect([200, 400, 404], `${url}: ${res.status}`).toContain(res.status);
          }
        }
      }
      for (const attack of INJECTIONS) {
        const res = await app.request(`/api/districts/${encodeURIComponent(attack)}/profile`);
        expect([400, 404]).toContain(res.status);
      }
      expect(await fingerprint()).toEqual(before);
    }, 300_000);

    it('refuses SQL injection in every JSON field of the police.uk job request, starting nothing', async () => {
      const before = await fingerprint();
      const valid = { force: 'lancashire', from: '2024-01', to: '2024-02', district: 'E07000117' };
      for (const field of Object.keys(valid)) {
        for (const attack of INJECTIONS) {
          const res = await app.request('/api/imports/police-api', {
            method: 'POST',
            headers: { 'content-type': 'application/json', authorization: 'Bearer a-test-token-of-16+chars' },
            body: JSON.stringify({ ...valid, [field]: attack }),
          });
          expect(res.status, `${field}=${attack}`).toBe(400);
          expect((await res.json()).errors[0].pointer).toBe(`#/${field}`);
        }
      }
      expect(await fingerprint()).toEqual(before);
    });

    it('stores an injection string given as a patrol zone set name verbatim, changing nothing else', async () => {
      const before = await fingerprint();
      const name = INJECTIONS[0]!;
      const res = await app.request('/api/patrol-zone-sets?maxZones=2', {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ name }),
      });
      expect(res.status, await res.clone().text()).toBe(201);
      const { id } = await res.json();
      const { rows } = await sql<{ name: string }>`select name from patrol_zone_sets where id = ${id}`.execute(ctx.database.db);
      expect(rows[0]!.name).toBe(name);
      const after = await fingerprint();
      for (const table of ['incidents', 'districts', 'imports', 'dataset_state']) expect(after[table]).toBe(before[table]);
    }, 120_000);

    it('answers an oversized or malformed JSON body with problem+json, not 500', async () => {
      const big = await app.request('/api/patrol-zone-sets', {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ name: 'x'.repeat(JSON_BODY_LIMIT_BYTES) }),
      });
      expect(big.status).toBe(413);
      expect(big.headers.get('content-type')).toBe('application/problem+json');
      for (const body of ['{"name":', 'null', '[]', '"x"', '{"name": 5}', '\u0000']) {
        const res = await app.request('/api/patrol-zone-sets', { method: 'POST', headers: { 'content-type': 'application/json' }, body });
        expect(res.status, body).toBe(400);
        expect(res.headers.get('content-type'), body).toMatch(/json/);
      }
    });

    it('sends the security headers, and no CORS headers unless configured', async () => {
      const res = await app.request('/api/health', { headers: { origin: 'https://evil.example' } });
      const csp = res.headers.get('content-security-policy') ?? '';
      expect(csp).toContain("default-src 'self'");
      expect(csp).toContain("frame-ancestors 'none'");
      expect(csp).toContain('worker-src');
      expect(csp).toMatch(/connect-src 'self' https:\/\/tiles\.openfreemap\.org/);
      expect(csp).not.toMatch(/script-src[^;]*unsafe/);
      expect(res.headers.get('x-content-type-options')).toBe('nosniff');
      expect(res.headers.get('referrer-policy')).toBe('strict-origin-when-cross-origin');
      expect(res.headers.get('access-control-allow-origin')).toBeNull();

      const configured = createApp({
        database: ctx.database,
        config: loadConfig({ CORS_ORIGINS: 'https://partner.example', CSP_EXTRA_ORIGINS: 'https://tiles.example.org', BASEMAP_STYLE_URL: 'https://styles.example.net/a/style.json' }),
      });
      const allowed = await configured.request('/api/health', { headers: { origin: 'https://partner.example' } });
      expect(allowed.headers.get('access-control-allow-origin')).toBe('https://partner.example');
      const other = await configured.request('/api/health', { headers: { origin: 'https://evil.example' } });
      expect(other.headers.get('access-control-allow-origin')).toBeNull();
      expect(allowed.headers.get('content-security-policy')).toMatch(/connect-src 'self' https:\/\/styles\.example\.net https:\/\/tiles\.example\.org/);
    });

    // Last: it breaks a table for a moment to provoke a real database error.
    it('never leaks SQL, stack traces or file paths when the database fails', async () => {
      await sql`alter table patrol_zone_sets rename to zone_sets_gone`.execute(ctx.database.db);
      try {
        const errors: unknown[] = [];
        const original = console.error;
        console.error = (...args: unknown[]) => errors.push(args);
        let res: Response;
        try {
          res = await app.request('/api/patrol-zone-sets');
        } finally {
          console.error = original;
        }
        expect(res.status).toBe(500);
        expect(res.headers.get('content-type')).toBe('application/problem+json');
        const body = await res.text();
        expect(body).not.toMatch(/zone_sets|relation|select|from\s|\bat\s|\/work|node_modules|\.ts\b|Error:/i);
        // The detail still reaches the server's log, where an operator can read it.
        expect(JSON.stringify(errors.map(String))).toMatch(/patrol_zone_sets/);
      } finally {
        await sql`alter table zone_sets_gone rename to patrol_zone_sets`.execute(ctx.database.db);
      }
    });
  },
  { demo: true },
);

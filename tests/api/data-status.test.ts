import { readFileSync } from 'node:fs';
import { beforeAll, expect, it } from 'vitest';
import { createApp } from '../../server/app';
import { loadConfig } from '../../server/config';
import { loadTinyCounty } from '../fixtures/tiny-county';
import { VALID_CSV } from '../import/helpers';
import { describeBackends } from '../setup/backends';
import { expectProblem } from './expect-problem';

const TOKEN = 'test-token-0123456789';

describeBackends('GET /api/data-status', (ctx) => {
  const app = () => createApp({ database: ctx.database, config: loadConfig({ IMPORT_TOKEN: TOKEN }) });
  const get = async (query = '') => {
    const res = await app().request(`/api/data-status${query}`);
    return { status: res.status, body: await res.json() };
  };

  beforeAll(async () => {
    await loadTinyCounty(ctx.database.db);
  });

  it('counts what is loaded by force, month and district (tiny county: 7 located, 1 without location)', async () => {
    const { status, body } = await get();
    expect(status).toBe(200);
    expect(body).toMatchObject({
      synthetic: false,
      totals: { incidents: 7, withoutLocation: 1, outsideDistricts: 0 },
      forces: [{ force: 'test', incidents: 7, withoutLocation: 1, months: [{ month: '2025-01', incidents: 6, withoutLocation: 1 }, { month: '2025-02', incidents: 1, withoutLocation: 0 }] }],
      months: [{ month: '2025-01', incidents: 6, withoutLocation: 1 }, { month: '2025-02', incidents: 1, withoutLocation: 0 }],
      districts: [
        { code: 'X07000002', name: 'Eastvale', kind: 'lad', population: 2000, populationYear: 2021, incidents: 3 },
        { code: 'X07000001', name: 'Westvale', kind: 'lad', population: 1000, populationYear: 2021, incidents: 4 },
      ],
    });
    expect(body.imports).toHaveLength(1);
    expect(body.imports[0]).toMatchObject({ source: 'police-csv', description: 'tiny county fixture', status: 'succeeded', rowsRead: 8, rowsLoaded: 8, report: { rowsLoaded: 8 } });
    expect(body.imports[0].startedAt).toMatch(/^\d{4}-\d{2}-\d{2}T/);
  });

  it('shows an uploaded force-month and its import report, newest first, and agrees with /api/incidents/summary', async () => {
    const form = new FormData();
    form.append('file', new Blob([readFileSync(VALID_CSV)]), '2025-12-testshire-street.csv');
    const upload = await app().request('/api/imports', { method: 'POST', body: form, headers: { authorization: `Bearer ${TOKEN}` } });
    expect(upload.status).toBe(200);
    const { body } = await get('?imports=5');
    const testshire = body.forces.find((f: { force: string }) => f.force === 'testshire');
    expect(testshire).toMatchObject({ incidents: 7, withoutLocation: 1, months: [{ month: '2025-12', incidents: 7, withoutLocation: 1 }] });
    expect(body.months.map((m: { month: string }) => m.month)).toEqual(['2025-01', '2025-02', '2025-12']);
    const inDistricts = body.districts.reduce((a: number, d: { incidents: number }) => a + d.incidents, 0);
    expect(inDistricts + body.totals.outsideDistricts).toBe(body.totals.incidents);
    expect(body.imports[0]).toMatchObject({ source: 'police-csv', status: 'succeeded', rowsLoaded: 8, rowsWithoutLocation: 1 });
    expect(body.imports[0].id).toBeGreaterThan(body.imports[1].id);
    const summary = await (await app().request('/api/incidents/summary')).json();
    expect([summary.total, summary.withoutLocation]).toEqual([body.totals.incidents, body.totals.withoutLocation]);
  });

  it('validates its query as an RFC 9457 problem naming the parameter', async () => {
    await expectProblem(await app().request('/api/data-status?imports=1000'), 'imports', /./);
    expect((await get('?imports=0')).body.imports).toEqual([]);
  });
});

import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { sql } from 'kysely';
import { beforeAll, expect, it } from 'vitest';
import { createApp } from '../../server/app';
import { loadConfig } from '../../server/config';
import { loadTinyCounty } from '../fixtures/tiny-county';
import { describeBackends } from '../setup/backends';
import { LAD_2024, POPULATION_2021 as POPULATION, VALID_CSV, lastImport, snapshot } from './helpers';

const TOKEN = 'test-token-0123456789';

function form(files: Array<[string, string | Buffer]>, fields: Record<string, string> = {}): FormData {
  const body = new FormData();
  for (const [k, v] of Object.entries(fields)) body.set(k, v);
  for (const [name, content] of files) body.append('file', new Blob([typeof content === 'string' ? content : new Uint8Array(content)]), name);
  return body;
}

describeBackends('POST /api/imports', (ctx) => {
  const app = (env: Record<string, string> = { IMPORT_TOKEN: TOKEN }) => createApp({ database: ctx.database, config: loadConfig(env) });
  const post = (body: FormData, env?: Record<string, string>, token = TOKEN) =>
    app(env).request('/api/imports', { method: 'POST', body, headers: { authorization: `Bearer ${token}` } });

  beforeAll(async () => {
    await loadTinyCounty(ctx.database.db);
  });

  it('loads an uploaded street CSV through the same pipeline and answers the report', async () => {
    // One app for the upload and /api/health, which keeps its overview until the data changes.
    const server = app();
    const before = await (await server.request('/api/health')).json();
    const res = await server.request('/api/imports', { method: 'POST', body: form([['2025-12-testshire-street.csv', readFileSync(VALID_CSV)]]), headers: { authorization: `Bearer ${TOKEN}` } });
    expect(res.status).toBe(200);
    const body = await res.json();
    expect(body.reports[0]).toMatchObject({ file: '2025-12-testshire-street.csv', force: 'testshire', month: '2025-12', status: 'succeeded', rowsLoaded: 8, rowsWithoutLocation: 1 });
    const after = await (await server.request('/api/health')).json();
    expect(after.dataVersion).toBeGreaterThan(before.dataVersion);
    expect(after.incidents).toBe(before.incidents + 8);
  });

  it('refuses without the analyst token, with uploads disabled, and over the size limit, changing nothing', async () => {
    const before = await snapshot(ctx.database.db);
    const file = form([['2025-12-testshire-street.csv', readFileSync(VALID_CSV)]]);
    expect((await post(file, undefined, 'wrong-token-0123456789')).status).toBe(401);
    const disabled = await post(file, {});
    expect(disabled.status).toBe(403);
    expect(disabled.headers.get('content-type')).toBe('application/problem+json');
    const big = await post(form([['2025-12-testshire-street.csv', readFileSync(VALID_CSV)]]), { IMPORT_TOKEN: TOKEN, UPLOAD_LIMIT_MB: '0.0005' });
    expect(big.status).toBe(413);
    expect((await big.json()).detail).toMatch(/exceeds the limit/);
    expect(await snapshot(ctx.database.db)).toEqual(before);
  });

  it('answers a bad file with 422 and the report, changing nothing', async () => {
    const before = await snapshot(ctx.database.db);
    const res = await post(form([['2025-12-testshire-street.csv', '']]));
    expect(res.status).toBe(422);
    const body = await res.json();
    expect(body.reports[0]).toMatchObject({ status: 'failed', error: '2025-12-testshire-street.csv: the file is empty' });
    const named = await post(form([['../../evil.csv', 'x']]));
    expect(named.status).toBe(422);
    expect((await named.json()).detail).toMatch(/evil\.csv: not a police.uk street-level file name/);
    expect(await snapshot(ctx.database.db)).toEqual(before);
  });
});

describeBackends('POST /api/imports kind=population (real ONS files)', (ctx) => {
  const app = () => createApp({ database: ctx.database, config: loadConfig({ IMPORT_TOKEN: TOKEN }) });
  const post = (body: FormData) => app().request('/api/imports', { method: 'POST', body, headers: { authorization: `Bearer ${TOKEN}` } });
  const population = (fields: Record<string, string>) =>
    post(form([['census2021_TS001_residence_type_OA_lancashire14.csv', readFileSync(POPULATION)]], { kind: 'population', ...fields }));

  it('refuses a population file before boundaries are loaded, changing nothing', async () => {
    const before = await snapshot(ctx.database.db);
    const res = await population({ lsoaNameField: 'Parent area type', valueField: 'Total', year: '2021' });
    expect(res.status).toBe(422);
    expect((await res.json()).detail).toMatch(/No districts are loaded/);
    expect(await snapshot(ctx.database.db)).toEqual(before);
  });

  it('loads the LAD boundaries, then the Census 2021 OA population summed by LSOA-name prefix, with the report', async () => {
    const b = await post(form([['lancashire14_LAD_DEC_2024_UK_BGC.geojson', readFileSync(LAD_2024)]], { kind: 'boundaries', codeField: 'AREACD', nameField: 'AREANM' }));
    expect(b.status).toBe(200);
    expect((await b.json()).reports[0]).toMatchObject({ features: 14, inserted: 14 });
    const res = await population({ lsoaNameField: 'Parent area type', valueField: 'Total', year: '2021' });
    expect(res.status).toBe(200);
    const { kind, reports } = await res.json();
    expect(kind).toBe('population');
    expect(reports[0]).toMatchObject({ file: 'census2021_TS001_residence_type_OA_lancashire14.csv', year: 2021, rowsRead: 4982, rowsMatched: 4982, districtsMissing: [] });
    expect(reports[0].districts).toHaveLength(14);
    // Per-LAD sums of `Total` as tabulated in tests/fixtures/real/README.md (summed with Python's csv module).
    const { rows } = await sql<{ name: string; population: number; population_year: number }>`
      select name, population, population_year from districts where name in ('Burnley', 'Wyre', 'Blackpool') order by name`.execute(ctx.database.db);
    expect(rows).toEqual([
      { name: 'Blackpool', population: 141050, population_year: 2021 },
      { name: 'Burnley', population: 94653, population_year: 2021 },
      { name: 'Wyre', population: 111940, population_year: 2021 },
    ]);
    expect(await lastImport(ctx.database.db)).toMatchObject({ source: 'population', status: 'succeeded', description: 'census2021_TS001_residence_type_OA_lancashire14.csv (2021)' });
  });

  it('names the form field at fault, and refuses an unknown column with the upload\'s own name, changing nothing', async () => {
    const before = await snapshot(ctx.database.db);
    const missing = await population({ lsoaNameField: 'Parent area type', valueField: 'Total' });
    expect(missing.status).toBe(400);
    expect(missing.headers.get('content-type')).toBe('application/problem+json');
    expect((await missing.json()).errors).toEqual([{ parameter: 'year', detail: 'must be a year such as 2021, got ""' }]);
    const both = await population({ codeField: 'x', lsoaNameField: 'Parent area type', valueField: 'Total', year: '2021' });
    expect((await both.json()).errors[0]).toMatchObject({ parameter: 'lsoaNameField' });
    const neither = await population({ valueField: 'Total', year: '2021' });
    expect((await neither.json()).errors[0]).toMatchObject({ parameter: 'codeField' });
    const column = await population({ lsoaNameField: 'LSOA name', valueField: 'Total', year: '2021' });
    expect(column.status).toBe(422);
    expect((await column.json()).detail).toMatch(/^census2021_TS001_residence_type_OA_lancashire14\.csv: no column "LSOA name"; its columns: /);
    const kind = await post(form([['x.csv', 'a\n1\n']], { kind: 'people' }));
    expect(kind.status).toBe(400);
    expect((await kind.json()).errors[0]).toMatchObject({ parameter: 'kind' });
    expect(await snapshot(ctx.database.db)).toEqual(before);
  });
});

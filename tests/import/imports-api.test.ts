import { readFileSync } from 'node:fs';
import { beforeAll, expect, it } from 'vitest';
import { createApp } from '../../server/app';
import { loadConfig } from '../../server/config';
import { loadTinyCounty } from '../fixtures/tiny-county';
import { describeBackends } from '../setup/backends';
import { VALID_CSV, snapshot } from './helpers';

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
    const res = await post(form([['2025-12-testshire-street.csv', readFileSync(VALID_CSV)]]));
    expect(res.status).toBe(200);
    const body = await res.json();
    expect(body.reports[0]).toMatchObject({ file: '2025-12-testshire-street.csv', force: 'testshire', month: '2025-12', status: 'succeeded', rowsLoaded: 8, rowsWithoutLocation: 1 });
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

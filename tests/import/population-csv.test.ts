import { sql } from 'kysely';
import { beforeAll, expect, it } from 'vitest';
import { loadTinyCounty } from '../fixtures/tiny-county';
import { describeBackends } from '../setup/backends';
import { cli, snapshot, tempFile } from './helpers';

const args = ['--code-field', 'District, code', '--value-field', 'Total', '--year', '2022'];

describeBackends('import population: CSV details', (ctx) => {
  const db = () => ctx.database.db;
  const populations = async () =>
    (await sql<{ code: string; population: number }>`select code, population from districts order by code`.execute(db())).rows;
  const importText = (text: string) => cli(ctx.database, ['import', 'population', tempFile('pop.csv', text), ...args]);

  beforeAll(async () => {
    await loadTinyCounty(db());
  });

  it('reads a BOM, CRLF, quoted headers and fields spanning lines, naming the right line of a bad value', async () => {
    const rows = ['"District, code",Note,Total', 'X07000001,"two\nlines",1500', '', 'X07000002,"say ""hi""",lots'];
    const before = await snapshot(db());
    const bad = await importText('\uFEFF' + rows.join('\r\n') + '\r\n');
    expect(bad.error).toMatch(/pop\.csv: line 5, Total: "lots" is not a whole number of people/);
    expect(await snapshot(db())).toEqual(before);

    rows[3] = rows[3]!.replace('lots', '2500');
    const ok = await importText('\uFEFF' + rows.join('\r\n'));
    expect(ok.error).toBeUndefined();
    expect(await populations()).toEqual([{ code: 'X07000001', population: 1500 }, { code: 'X07000002', population: 2500 }]);
  });

  it.each([
    ['a row with a field too many', '"District, code",Total\nX07000001,10\nX07000002,20,30\n', /pop\.csv: malformed CSV: line 3 has 3 fields, the header has 2/],
    ['a quoted field never closed', '"District, code",Total\nX07000001,10\n"X07000002,20\n', /pop\.csv: malformed CSV: a quoted field in the record starting on line 3 is never closed/],
    ['a bad closing quote', '"District, code",Total\n"X07000001"1,10\n', /pop\.csv: malformed CSV: a closing quote in the record starting on line 2 is followed by other text/],
  ])('refuses %s, changing nothing', async (_name, text, message) => {
    const before = await snapshot(db());
    const out = await importText(text);
    expect(out.error).toMatch(message);
    expect(await snapshot(db())).toEqual(before);
  });
});

import { sql } from 'kysely';
import { expect, it } from 'vitest';
import { type CellTally, type CellTallyOptions, cellTotals, tallyCells } from '../../db/cell-counts';
import { incidentPagesAllVisible, vacuumIncidents } from '../../db/incident-maintenance';
import { describeBackends } from '../setup/backends';

const GRID = { originX: 381500, originY: 224000, cellSize: 250, cols: 244, rows: 172 };
const CATEGORIES = ['anti-social-behaviour', 'burglary', 'robbery', 'violent-crime'];

/** The tally as a sorted list of "bin category n", independent of row order. */
const entries = (t: CellTally) => Array.from(t.n, (n, k) => `${t.bin[k]} ${t.categories[t.category[k]!] ?? ''} ${n}`).sort();

describeBackends('cell tallies on the synthetic demo', (ctx) => {
  const options = (extra: Partial<CellTallyOptions> = {}): CellTallyOptions => ({
    filter: { from: '2025-01', to: '2025-12', categories: CATEGORIES }, grid: GRID, byCategory: true, ...extra,
  });

  it('counts the same per cell and category with either plan, before and after VACUUM', async () => {
    const oneScan = await tallyCells(ctx.database.db, options({ plan: 'one-scan' }));
    const perCategory = await tallyCells(ctx.database.db, options({ plan: 'per-category' }));
    expect(entries(perCategory)).toEqual(entries(oneScan));
    await vacuumIncidents(ctx.database.db);
    expect(await incidentPagesAllVisible(ctx.database.db)).toBeGreaterThan(0.9);
    expect(entries(await tallyCells(ctx.database.db, options()))).toEqual(entries(oneScan));
  });

  it('counts a category named twice once, with either plan', async () => {
    const once = entries(await tallyCells(ctx.database.db, options({ plan: 'one-scan' })));
    const twice = { filter: { from: '2025-01', to: '2025-12', categories: [...CATEGORIES, 'burglary'] } };
    expect(entries(await tallyCells(ctx.database.db, options({ ...twice, plan: 'per-category' })))).toEqual(once);
    expect(entries(await tallyCells(ctx.database.db, options({ ...twice, plan: 'one-scan' })))).toEqual(once);
  });

  it('matches an independent count of the filtered incidents in one cell', async () => {
    const tally = await tallyCells(ctx.database.db, options());
    const totals = cellTotals(tally, GRID.cols * GRID.rows);
    let busiest = 0;
    for (let i = 1; i < totals.count.length; i++) if (totals.count[i]! > totals.count[busiest]!) busiest = i;
    const x = GRID.originX + (busiest % GRID.cols) * GRID.cellSize;
    const y = GRID.originY + Math.floor(busiest / GRID.cols) * GRID.cellSize;
    const { rows } = await sql<{ n: number }>`
      select count(*)::int as n from incidents
      where month between '2025-01-01' and '2025-12-01' and category in (${sql.join(CATEGORIES)})
        and ST_X(geom_bng) >= ${x}::float8 and ST_X(geom_bng) < ${x + 250}::float8
        and ST_Y(geom_bng) >= ${y}::float8 and ST_Y(geom_bng) < ${y + 250}::float8`.execute(ctx.database.db);
    expect(totals.count[busiest]).toBe(rows[0]!.n);
    expect(rows[0]!.n).toBeGreaterThan(0);
  });

  it('weighs harm per cell as Σ count × weight, category by category', async () => {
    const tally = await tallyCells(ctx.database.db, options());
    const weights = { 'anti-social-behaviour': 0.1, burglary: 230, robbery: 450.5 };
    const { count, harm } = cellTotals(tally, GRID.cols * GRID.rows, weights);
    const expected = new Float64Array(count.length);
    tally.categories.forEach((c, ci) => {
      for (let k = 0; k < tally.n.length; k++) if (tally.category[k] === ci) expected[tally.bin[k]!]! += tally.n[k]! * ((weights as Record<string, number>)[c] ?? 0);
    });
    expect(Array.from(harm)).toEqual(Array.from(expected));
    expect(harm.reduce((a, b) => a + b, 0)).toBeGreaterThan(0);
  });

  it('splits by month into step-major bins, leaving out months not asked for', async () => {
    const months = ['2025-03', '2025-04'];
    const cube = await tallyCells(ctx.database.db, { filter: { from: '2025-01', to: '2025-12' }, grid: GRID, months });
    const cells = GRID.cols * GRID.rows;
    const { count } = cellTotals(cube, cells * months.length);
    const { rows } = await sql<{ month: string; n: number }>`
      select to_char(month, 'YYYY-MM') as month, count(*)::int as n from incidents
      where month in ('2025-03-01', '2025-04-01') and easting is not null
        and easting >= ${GRID.originX}::float8 and easting < ${GRID.originX + GRID.cols * 250}::float8
        and northing >= ${GRID.originY}::float8 and northing < ${GRID.originY + GRID.rows * 250}::float8
      group by 1 order by 1`.execute(ctx.database.db);
    months.forEach((m, t) => {
      const sum = count.subarray(t * cells, (t + 1) * cells).reduce((a, b) => a + b, 0);
      expect(sum).toBe(rows.find((r) => r.month === m)!.n);
    });
  });
}, { demo: true });

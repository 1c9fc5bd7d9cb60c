import { type Kysely, sql } from 'kysely';
import { incidentPagesAllVisible } from './incident-maintenance';
import { type IncidentFilter, filterConditions } from './incident-filter';
import type { Database } from './schema';

/** A grid in EPSG:27700 (the same shape as geodata's GridSpec; db imports no geodata code). */
export interface CellGrid {
  originX: number;
  originY: number;
  cellSize: number;
  cols: number;
  rows: number;
}

export interface CellTallyOptions {
  filter: IncidentFilter;
  grid: CellGrid;
  /** Also split by month: these months ('YYYY-MM', consecutive), in order; others are left out. */
  months?: readonly string[];
  /** Also split by category (needed for harm, and for patrol zones' per-category counts). */
  byCategory?: boolean;
  /** How to count when split by category (see tallyCells); unset: chosen from the visibility map. */
  plan?: 'per-category' | 'one-scan';
  /**
   * Count located incidents that lie in no district apart (`CellTally.outside`) instead of in
   * their cells, wherever they are, grid or not: a study area made of districts then analyses only
   * what lies inside them, and says how much lies outside.
   */
  outsideApart?: boolean;
}

/**
 * Filtered incidents per bin, as sparse parallel arrays (empty bins are absent). A bin is a cell
 * (row-major, row 0 south, col 0 west), or with `months` a (month, cell) pair at
 * `step · cells + cell`; with `byCategory` each category of a bin is a row of its own.
 */
export interface CellTally {
  bin: Int32Array;
  /** Index into `categories`; 0 when not split by category. */
  category: Int32Array;
  n: Float64Array;
  /** Category slugs, sorted; empty when not split by category. */
  categories: string[];
  /** With `outsideApart`: located incidents in no district (else 0). */
  outside: number;
}

/** Dense per-bin totals: incidents, and Σ harm weight when weights were given. */
export interface CellCounts {
  count: Float64Array;
  harm: Float64Array;
  /** Located incidents in no district, counted apart (CellTallyOptions.outsideApart), else 0. */
  outside: number;
}

/**
 * As cellExpressions; with `outsideApart`, a located incident in no district bins to cell −1
 * wherever it is, so one scan both bins the incidents inside and counts those outside.
 */
function binExpressions(grid: CellGrid, outsideApart: boolean) {
  const cell = cellExpressions(grid);
  if (!outsideApart) return cell;
  return {
    cell: sql<number>`(case when district_code is null then -1 else ${cell.cell} end)`,
    inGrid: sql<boolean>`(${cell.inGrid} or (district_code is null and easting is not null))`,
  };
}

function cellExpressions(grid: CellGrid, alias?: string) {
  const easting = sql.ref(alias ? `${alias}.easting` : 'easting');
  const northing = sql.ref(alias ? `${alias}.northing` : 'northing');
  // Binning on the stored BNG columns by integer division: ~20× faster than a spatial join to
  // a generated grid (docs/stack-notes.md), and the same arithmetic on both backends. The cell is one
  // integer so the aggregate hashes one key.
  return {
    cell: sql<number>`(floor((${northing} - ${grid.originY}::float8) / ${grid.cellSize}::float8)::int * ${grid.cols}::int
      + floor((${easting} - ${grid.originX}::float8) / ${grid.cellSize}::float8)::int)`,
    inGrid: sql<boolean>`${easting} >= ${grid.originX}::float8 and ${easting} < ${grid.originX + grid.cols * grid.cellSize}::float8
      and ${northing} >= ${grid.originY}::float8 and ${northing} < ${grid.originY + grid.rows * grid.cellSize}::float8`,
  };
}

/** The grid cell an incident row bins to, by the same arithmetic as tallyCells; −1 outside the grid. */
export function cellIndexExpression(grid: CellGrid, alias?: string) {
  const cell = cellExpressions(grid, alias);
  return sql<number>`case when ${cell.inGrid} then ${cell.cell} else -1 end`;
}

/**
 * Runs counting queries with enough memory for hash aggregates: the planner cannot know that a
 * grid has few occupied cells (it guesses ~100,000 groups from the coordinates' statistics) and
 * otherwise sorts every row, spilling to disk.
 */
export async function withAggregateMemory<T>(db: Kysely<Database>, run: (trx: Kysely<Database>) => Promise<T>): Promise<T> {
  return db.transaction().execute(async (trx) => {
    await sql`set local work_mem = '64MB'`.execute(trx);
    return run(trx);
  });
}

/**
 * Counts the filtered incidents in every bin of the grid in one query (see CellTally). Only
 * integer counts cross from SQL, so every backend gives the same numbers, and weights are
 * applied afterwards (cellTotals) instead of joined row by row.
 *
 * Split by category, two plans give the same counts. When the table's pages are all-visible
 * (VACUUM ran after the last import, see incident-maintenance.ts), one branch per category reads
 * its own range of the covering (category, month) index, index-only, and groups on the integer
 * cell alone; branches run in parallel and need no merge: ~25–40 % less time than grouping by
 * (cell, category) over 1M incidents. Otherwise each branch would read the whole table, so one
 * scan groups by category too. Not split, one scan grouping by cell is the quicker.
 */
export async function tallyCells(db: Kysely<Database>, options: CellTallyOptions): Promise<CellTally> {
  const { grid, months, filter } = options;
  const cell = binExpressions(grid, options.outsideApart === true);
  const monthColumn = months ? sql`, to_char(month, 'YYYY-MM') as month` : sql``;
  const rows = await withAggregateMemory(db, async (trx) => {
    const categories = filter.categories ?? [];
    const perCategory = options.byCategory && categories.length > 0 &&
      (options.plan ? options.plan === 'per-category' : (await incidentPagesAllVisible(trx)) >= INDEX_ONLY_SHARE);
    if (perCategory) {
      const rest = filterConditions({ ...filter, categories: undefined });
      // Distinct: a category named twice would otherwise get two branches and count twice.
      const branches = [...new Set(categories)].sort().map((category) => sql`
        select ${cell.cell} as cell ${monthColumn}, ${category}::text as category, count(*)::int as n
        from incidents where category = ${category} and ${rest} and ${cell.inGrid}
        group by ${groupKeys(months ? 2 : 1)}`);
      return (await sql<TallyRow>`${sql.join(branches, sql` union all `)}`.execute(trx)).rows;
    }
    const keys = 1 + (months ? 1 : 0) + (options.byCategory ? 1 : 0);
    return (await sql<TallyRow>`
      select ${cell.cell} as cell ${monthColumn} ${options.byCategory ? sql`, category` : sql``}, count(*)::int as n
      from incidents
      where ${filterConditions(filter)} and ${cell.inGrid}
      group by ${groupKeys(keys)}`.execute(trx)).rows;
  });
  return tallyFromRows(rows, options);
}

/** Below this share of all-visible pages, per-category branches would each read the table. */
const INDEX_ONLY_SHARE = 0.9;

interface TallyRow {
  cell: number;
  month?: string;
  category?: string;
  n: number;
}

/** `group by 1, 2, …`: the select list's expressions carry their own parameters, so they are named by position. */
function groupKeys(count: number) {
  return sql.join(Array.from({ length: count }, (_, i) => sql.lit(i + 1)));
}

function tallyFromRows(rows: readonly TallyRow[], options: CellTallyOptions): CellTally {
  const { grid, months } = options;
  const categories = options.byCategory ? [...new Set(rows.map((r) => r.category!))].sort() : [];
  const categoryIndex = new Map(categories.map((c, i) => [c, i]));
  const step = months ? new Map(months.map((m, i) => [m, i])) : null;
  const cells = grid.cols * grid.rows;
  const bin: number[] = [];
  const category: number[] = [];
  const n: number[] = [];
  let outside = 0;
  for (const r of rows) {
    if (r.cell === OUTSIDE_CELL) {
      outside += r.n;
      continue;
    }
    let b = r.cell;
    if (step) {
      const t = step.get(r.month!);
      if (t === undefined) continue;
      b += t * cells;
    }
    bin.push(b);
    category.push(options.byCategory ? categoryIndex.get(r.category!)! : 0);
    n.push(r.n);
  }
  return { bin: Int32Array.from(bin), category: Int32Array.from(category), n: Float64Array.from(n), categories, outside };
}

/** The bin of incidents counted apart as outside every district (binExpressions). */
const OUTSIDE_CELL = -1;

/**
 * Dense totals of a tally over `bins` bins. Harm is Σ count × weight over the tally's categories
 * (a category missing from `weights` weighs 0); it needs a tally split by category.
 */
export function cellTotals(tally: CellTally, bins: number, weights?: Readonly<Record<string, number>>): CellCounts {
  if (weights && tally.categories.length === 0 && tally.n.length > 0) throw new Error('harm needs a tally split by category');
  const count = new Float64Array(bins);
  const harm = new Float64Array(bins);
  // Category by category, so each bin's harm is summed in the same order whatever order the
  // database returned the rows in (the result is then identical on every backend and run).
  const byCategory: number[][] = tally.categories.map(() => []);
  for (let k = 0; k < tally.n.length; k++) {
    count[tally.bin[k]!]! += tally.n[k]!;
    if (weights) byCategory[tally.category[k]!]!.push(k);
  }
  if (weights) {
    tally.categories.forEach((slug, c) => {
      const weight = weights[slug] ?? 0;
      for (const k of byCategory[c]!) harm[tally.bin[k]!]! += tally.n[k]! * weight;
    });
  }
  return { count, harm, outside: tally.outside };
}

/** Distinct incident locations among the filtered incidents in the grid (snap-point check). */
export async function distinctLocations(db: Kysely<Database>, filter: IncidentFilter, grid: CellGrid): Promise<number> {
  const { rows } = await withAggregateMemory(db, (trx) => sql<{ n: number }>`
    select count(*)::int as n from (
      select distinct easting, northing from incidents
      where ${filterConditions(filter)} and ${cellExpressions(grid).inGrid}) s`.execute(trx));
  return rows[0]!.n;
}

import type { Kysely } from 'kysely';
import { monthExtent } from '../../db/dataset';
import {
  type DistrictCategoryMonthCount,
  type DistrictRecord,
  countsByDistrictCategoryMonth,
  districtRecords,
  districtsOfKinds,
} from '../../db/district-profile';
import { loadedMonthsByForce } from '../../db/loaded-months';
import type { Database } from '../../db/schema';
import { crimeCost } from '../../geodata/crime-costs';
import { monthsBetween } from '../../geodata/months';
import { categoriesOf } from '../analysis/params';
import { invalidParameters } from '../problem';
import { districtAnalysis } from './district-analysis';
import type { ProfileFilterQuery } from './params';
import type { AreaFigures, CompareResponse, ComparisonWindow, DistrictProfile, ProfilePeriod, ProfileWarning } from './types';
import { type MonthWindow, describeMonths, missingMonths, previousWindow, windowWarning, yearEarlierWindow } from './windows';

/** Incidents by month, then category, of one area. */
export type MonthCategoryCounts = Map<string, Map<string, number>>;

interface Windows {
  period: MonthWindow & { months: string[] };
  previous: MonthWindow;
  yearEarlier: MonthWindow;
}

/** What an area's figures are computed from. */
interface AreaInput {
  counts: MonthCategoryCounts;
  population: number | null;
  areaKm2: number;
  /** Forces whose loaded months decide coverage; empty: every force loaded. */
  forces: string[];
  label: string;
}

/**
 * Profiles of `districts` (known codes, in order) over one period and set of categories, plus the
 * county reference: all districts of their kind(s) together. One scan counts every district of
 * those kinds from the earliest window compared to the period's end, beside each district's own
 * analysis (concentration, hot spots) on its grid.
 */
export async function buildComparison(
  db: Kysely<Database>,
  districts: readonly DistrictRecord[],
  q: ProfileFilterQuery,
): Promise<{ response: CompareResponse; counts: ReadonlyMap<string, MonthCategoryCounts> }> {
  const categories = categoriesOf(q);
  const windows = await resolveWindows(db, q);
  const kinds = [...new Set(districts.map((d) => d.kind))].sort();
  const peers = await districtsOfKinds(db, kinds);
  const period: ProfilePeriod = { from: windows.period.from, to: windows.period.to, months: windows.period.months.length };
  // Independent queries: on a server they run side by side (PGlite queues them on its one connection).
  const [rows, monthsByForce, analyses] = await Promise.all([
    countsByDistrictCategoryMonth(db, peers.map((p) => p.code), { from: earliest(windows), to: windows.period.to, categories }),
    loadedMonthsByForce(db),
    Promise.all(districts.map((d) => districtAnalysis(db, d.code, { from: period.from, to: period.to, categories }, q.cellSize))),
  ]);
  const byDistrict = groupCounts(rows);
  const forcesByDistrict = new Map<string, string[]>();
  for (const r of rows) if (!forcesByDistrict.get(r.code)?.includes(r.force)) forcesByDistrict.set(r.code, [...(forcesByDistrict.get(r.code) ?? []), r.force]);

  const profiles: DistrictProfile[] = [];
  for (const [k, d] of districts.entries()) {
    const figures = areaFigures(
      { counts: byDistrict.get(d.code) ?? new Map(), population: d.population, areaKm2: d.areaKm2, forces: forcesByDistrict.get(d.code) ?? [], label: d.name },
      windows, categories, monthsByForce,
    );
    const { concentration, topHotspots } = analyses[k]!;
    profiles.push({
      district: { code: d.code, name: d.name, kind: d.kind, population: d.population, populationYear: d.populationYear, areaKm2: d.areaKm2 },
      period,
      categories,
      ...figures,
      ...rankAmong(d, peers.filter((p) => p.kind === d.kind), byDistrict, windows.period.months),
      concentration,
      topHotspots,
    });
  }

  const countyCounts: MonthCategoryCounts = new Map();
  for (const p of peers) addInto(countyCounts, byDistrict.get(p.code));
  const population = peers.every((p) => p.population !== null) ? peers.reduce((a, p) => a + p.population!, 0) : null;
  const areaKm2 = peers.reduce((a, p) => a + p.areaKm2, 0);
  const county = {
    kinds,
    districts: peers.map((p) => p.code),
    population,
    areaKm2,
    ...areaFigures({ counts: countyCounts, population, areaKm2, forces: [...new Set(rows.map((r) => r.force))].sort(), label: 'The county reference (one or more of its districts)' }, windows, categories, monthsByForce),
  };
  return { response: { period, categories, profiles, county }, counts: byDistrict };
}

/** One district's profile and its counts; null when the code is not a district. */
export async function buildProfile(db: Kysely<Database>, code: string, q: ProfileFilterQuery) {
  const [district] = await districtRecords(db, [code]);
  if (!district) return null;
  const { response, counts } = await buildComparison(db, [district], q);
  return { profile: response.profiles[0]!, counts };
}

/** The period (defaults: the loaded months) and the two earlier windows compared with it. */
async function resolveWindows(db: Kysely<Database>, q: ProfileFilterQuery): Promise<Windows> {
  let { from, to } = q;
  if (!from || !to) {
    const loaded = await monthExtent(db);
    if (!loaded.first || !loaded.last) throw invalidParameters([{ parameter: from ? 'to' : 'from', detail: 'no incidents are loaded, so the period has no default: give from and to' }]);
    // A bound given alone beyond the loaded months still makes a valid (if empty) period.
    to ??= from && from > loaded.last ? from : loaded.last;
    from ??= to < loaded.first ? to : loaded.first;
  }
  const months = monthsBetween(from, to);
  return { period: { from, to, months }, previous: previousWindow(from, months.length), yearEarlier: yearEarlierWindow(from, to) };
}

function earliest(w: Windows): string {
  return [w.period.from, w.previous.from, w.yearEarlier.from].sort()[0]!;
}

function groupCounts(rows: readonly DistrictCategoryMonthCount[]): Map<string, MonthCategoryCounts> {
  const out = new Map<string, MonthCategoryCounts>();
  for (const r of rows) {
    const district = out.get(r.code) ?? new Map<string, Map<string, number>>();
    out.set(r.code, district);
    const month = district.get(r.month) ?? new Map<string, number>();
    district.set(r.month, month);
    month.set(r.category, (month.get(r.category) ?? 0) + r.n);
  }
  return out;
}

function addInto(target: MonthCategoryCounts, source: MonthCategoryCounts | undefined): void {
  for (const [month, cats] of source ?? []) {
    const into = target.get(month) ?? new Map<string, number>();
    target.set(month, into);
    for (const [category, n] of cats) into.set(category, (into.get(category) ?? 0) + n);
  }
}

function totalOver(counts: MonthCategoryCounts, months: readonly string[]): number {
  let n = 0;
  for (const m of months) for (const v of counts.get(m)?.values() ?? []) n += v;
  return n;
}

/** Volumes, annualised rates, earlier windows, cost and warnings of one area. */
function areaFigures(area: AreaInput, w: Windows, categories: readonly string[], monthsByForce: ReadonlyMap<string, ReadonlySet<string>>): AreaFigures {
  const warnings: ProfileWarning[] = [];
  const months = w.period.months;
  const byCategory: Record<string, number> = Object.fromEntries(categories.map((c) => [c, 0]));
  const monthly = months.map((month) => {
    let count = 0;
    for (const [category, n] of area.counts.get(month) ?? []) {
      byCategory[category] = (byCategory[category] ?? 0) + n;
      count += n;
    }
    return { month, count };
  });
  const incidents = monthly.reduce((a, m) => a + m.count, 0);
  const perYear = 12 / months.length;
  const notLoaded = missingMonths(w.period, area.forces, monthsByForce);
  if (notLoaded.length) warnings.push({ code: 'period-not-fully-loaded', message: `The loaded data do not cover ${describeMonths(notLoaded)} of the period: its counts are partial.` });
  let ratePer1000: number | null = null;
  if (area.population && area.population > 0) ratePer1000 = (incidents / area.population) * 1000 * perYear;
  else warnings.push({ code: 'no-population', message: `${area.label} has no population loaded, so no rate per 1,000 residents: import population.` });

  const compare = (window: MonthWindow, code: string, label: string): ComparisonWindow | null => {
    const missing = missingMonths(window, area.forces, monthsByForce);
    if (missing.length) {
      warnings.push(windowWarning(code, label, window, missing));
      return null;
    }
    const before = totalOver(area.counts, monthsBetween(window.from, window.to));
    const change = incidents - before;
    return { from: window.from, to: window.to, incidents: before, change, changePct: before > 0 ? (change / before) * 100 : null };
  };
  return {
    incidents,
    byCategory,
    monthly,
    ratePer1000,
    perKm2: (incidents / area.areaKm2) * perYear,
    previousPeriod: compare(w.previous, 'previous-period-not-loaded', 'The previous period'),
    yearEarlier: compare(w.yearEarlier, 'year-earlier-not-loaded', 'The same months a year earlier'),
    cost: crimeCost(byCategory),
    warnings,
  };
}

/** Rank by count and by rate among the district's peers (1 = highest; ties share a rank), and its share. */
function rankAmong(d: DistrictRecord, peers: readonly DistrictRecord[], byDistrict: ReadonlyMap<string, MonthCategoryCounts>, months: readonly string[]) {
  const totals = new Map(peers.map((p) => [p.code, totalOver(byDistrict.get(p.code) ?? new Map(), months)]));
  const own = totals.get(d.code) ?? 0;
  const all = [...totals.values()].reduce((a, b) => a + b, 0);
  const rate = (p: DistrictRecord) => (p.population && p.population > 0 ? totals.get(p.code)! / p.population : null);
  const ownRate = rate(d);
  return {
    rank: {
      byRate: ownRate === null ? null : 1 + peers.filter((p) => (rate(p) ?? -Infinity) > ownRate).length,
      byCount: 1 + [...totals.values()].filter((n) => n > own).length,
      of: peers.length,
      kind: d.kind,
    },
    countyShare: all > 0 ? own / all : null,
  };
}

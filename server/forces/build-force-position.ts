import type { Kysely } from 'kysely';
import { monthExtent } from '../../db/dataset';
import { loadedMonthsByForce } from '../../db/loaded-months';
import { countsByForceCategoryMonth, policeForceAreaRecords, touchingForceAreas } from '../../db/police-force-areas';
import type { Database } from '../../db/schema';
import { monthsBetween } from '../../geodata/months';
import { categoriesOf } from '../analysis/params';
import { invalidParameters } from '../problem';
import { describeMonths } from '../profiles/windows';
import type { ProfileWarning } from '../profiles/types';
import { forcePopulation } from './force-population';
import type { ForceCompareQuery } from './params';
import type { ForceCompareResponse, ForcePosition, PeerGroupPosition } from './types';

/** 1 + how many values exceed `own` (1 = highest; ties share a rank); null when `own` is null. */
export function rankOf(own: number | null, others: ReadonlyArray<number | null>): number | null {
  if (own === null) return null;
  return 1 + others.filter((v) => v !== null && v > own).length;
}

/**
 * Each force with incidents in the period: volumes, annualised rates per km² and per 1,000
 * residents, and ranks among the forces loaded, its neighbours and its most similar group
 * (docs/forces-api.md). A force whose loaded months do not cover the period gets its counts but no
 * rate or rank: comparing a partial period against whole ones would understate it.
 */
export async function buildForceComparison(db: Kysely<Database>, q: ForceCompareQuery): Promise<ForceCompareResponse> {
  const categories = categoriesOf(q);
  const { from, to } = await resolvePeriod(db, q);
  const months = monthsBetween(from, to);
  const [rows, monthsByForce, areas, touching] = await Promise.all([
    countsByForceCategoryMonth(db, { from, to, categories }),
    loadedMonthsByForce(db),
    policeForceAreaRecords(db),
    touchingForceAreas(db),
  ]);
  const perYear = 12 / months.length;
  const areaByForce = new Map(areas.filter((a) => a.forceId).map((a) => [a.forceId!, a]));

  const tallies = new Map<string, { incidents: number; withoutLocation: number; byCategory: Record<string, number> }>();
  for (const r of rows) {
    const t = tallies.get(r.force) ?? { incidents: 0, withoutLocation: 0, byCategory: Object.fromEntries(categories.map((c) => [c, 0])) };
    tallies.set(r.force, t);
    t.incidents += r.n;
    t.withoutLocation += r.withoutLocation;
    t.byCategory[r.category] = (t.byCategory[r.category] ?? 0) + r.n;
  }

  const forces: ForcePosition[] = [...tallies.entries()].map(([forceId, t]) => {
    const area = areaByForce.get(forceId);
    const warnings: ProfileWarning[] = [];
    const missing = months.filter((m) => !monthsByForce.get(forceId)?.has(m));
    const complete = missing.length === 0;
    if (!complete) {
      warnings.push({ code: 'period-not-fully-loaded', message: `${area?.name ?? forceId} has no data loaded for ${describeMonths(missing)}: its counts are partial, so it has no rate and no rank.` });
    }
    let population: number | null = null;
    let populationYear: number | null = null;
    if (!area) {
      warnings.push({ code: 'no-boundary', message: `No police force area boundary is loaded for the police.uk force "${forceId}": no rate per km², no population (import boundaries --kind pfa).` });
    } else {
      const p = forcePopulation(area);
      if (p.population === null) warnings.push({ code: 'no-population', message: p.reason });
      else [population, populationYear] = [p.population, p.year];
    }
    const perKm2 = area && complete ? (t.incidents / area.areaKm2) * perYear : null;
    const ratePer1000 = population && complete ? (t.incidents / population) * 1000 * perYear : null;
    return {
      forceId, code: area?.code ?? null, name: area?.name ?? forceId,
      incidents: t.incidents, withoutLocation: t.withoutLocation, byCategory: t.byCategory,
      monthsLoaded: months.length - missing.length, missingMonths: missing,
      areaKm2: area?.areaKm2 ?? null, perKm2, population, populationYear, ratePer1000,
      rank: { byCount: null, byPerKm2: null, byRate: null, of: 0 },
      neighbours: emptyGroup(), mostSimilar: null, warnings,
    };
  });

  const ranked = forces.filter((f) => f.missingMonths.length === 0);
  for (const f of ranked) {
    const others = ranked.filter((o) => o !== f);
    f.rank = {
      byCount: rankOf(f.incidents, others.map((o) => o.incidents)),
      byPerKm2: rankOf(f.perKm2, others.map((o) => o.perKm2)),
      byRate: rankOf(f.ratePer1000, others.map((o) => o.ratePer1000)),
      of: ranked.length,
    };
  }
  const byCode = new Map(forces.filter((f) => f.code).map((f) => [f.code!, f]));
  for (const f of forces) {
    if (!f.code) continue;
    const neighbours = touching.flatMap((p) => (p.a === f.code ? [p.b] : p.b === f.code ? [p.a] : []));
    f.neighbours = peerGroup(f, neighbours, byCode);
    const similar = areas.find((a) => a.code === f.code)?.mostSimilar ?? [];
    if (similar.length) f.mostSimilar = peerGroup(f, similar, byCode);
  }

  const warnings: ProfileWarning[] = areas.length === 0
    ? [{ code: 'no-force-areas', message: 'No police force area boundaries are loaded: no rates per km² or per 1,000 residents (import boundaries --kind pfa).' }]
    : [];
  forces.sort((a, b) => (a.code ?? `~${a.forceId}`).localeCompare(b.code ?? `~${b.forceId}`));
  return { period: { from, to, months: months.length }, categories, forces, warnings };
}

function emptyGroup(): PeerGroupPosition {
  return { codes: [], compared: [], rankByPerKm2: null, rankByRate: null, of: 1 };
}

/** The force's rank within a group of PFAs, among those with complete figures. */
function peerGroup(f: ForcePosition, codes: readonly string[], byCode: ReadonlyMap<string, ForcePosition>): PeerGroupPosition {
  const compared = codes.filter((c) => c !== f.code && byCode.get(c)?.missingMonths.length === 0);
  const peers = compared.map((c) => byCode.get(c)!);
  const own = f.missingMonths.length === 0;
  return {
    codes: codes.filter((c) => c !== f.code),
    compared,
    rankByPerKm2: own ? rankOf(f.perKm2, peers.map((p) => p.perKm2)) : null,
    rankByRate: own ? rankOf(f.ratePer1000, peers.map((p) => p.ratePer1000)) : null,
    of: 1 + compared.length,
  };
}

/** The period asked, or the loaded months by default (as the analysis routes). */
async function resolvePeriod(db: Kysely<Database>, q: ForceCompareQuery): Promise<{ from: string; to: string }> {
  let { from, to } = q;
  if (!from || !to) {
    const loaded = await monthExtent(db);
    if (!loaded.first || !loaded.last) throw invalidParameters([{ parameter: from ? 'to' : 'from', detail: 'no incidents are loaded, so the period has no default: give from and to' }]);
    to ??= from && from > loaded.last ? from : loaded.last;
    from ??= to < loaded.first ? to : loaded.first;
  }
  return { from, to };
}

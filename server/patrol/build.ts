import type { Kysely } from 'kysely';
import { cellTotals, tallyCells } from '../../db/cell-counts';
import { clipZones } from '../../db/patrol-zones';
import type { Database } from '../../db/schema';
import { zoneEdgeTally } from '../../db/zone-edge-counts';
import { getisOrdGiStarWithWindows } from '../../geodata/gistar';
import { buildZones } from '../../geodata/patrol-zones/build-zones';
import { patrolDosage } from '../../geodata/patrol-zones/dosage';
import type { ExportMetadata, ExportZone } from '../../geodata/patrol-zones/export-zone';
import { exportFileName } from '../../geodata/patrol-zones/export-file-name';
import { type SelectionRule, selectCells } from '../../geodata/patrol-zones/select-cells';
import { zoneOutline } from '../../geodata/patrol-zones/zone-outline';
import { classifyHotspots } from '../../geodata/significance';
import { giStarParameters, prepare, valuesOf } from '../analysis/prepare';
import type { PatrolQuery } from './params';
import { zoneCategoryCounts } from './zone-counts';

export const DATA_SOURCE =
  'Contains public sector information licensed under the Open Government Licence v3.0 (data.police.uk; ONS boundaries, contains OS data © Crown copyright and database right)';

export interface PatrolBuild {
  zones: ExportZone[];
  metadata: ExportMetadata;
  /** File name without extension: area and period. */
  fileStem: string;
}

/** Where a build's time went, ms (accumulated, so one object can sum several builds). */
export interface PatrolPhases {
  /** Study area, grid, mask. */
  prepare?: number;
  /** Filtered incidents per cell and category. */
  cellCounts?: number;
  /** Gi*, cell selection, zones and their outlines. */
  zones?: number;
  /** Clipping to the study area and reprojection, in PostGIS. */
  clip?: number;
  /** Exact counts against the exported polygons. */
  zoneCounts?: number;
  /** Ranking, dosage, export records. */
  assemble?: number;
}

function selectionRule(q: PatrolQuery): SelectionRule {
  if (q.rule === 'top-cells') return { rule: 'top-cells', k: q.k };
  if (q.rule === 'top-harm-share') return { rule: 'top-harm-share', percent: q.percent };
  return { rule: 'hotspots', minConfidence: q.confidence };
}

/**
 * Hotspot grid → selected cells → zones (merged, split when too large) → clipped to the study
 * area in PostGIS → counted against the exported geometry → ranked by density → dosage.
 * Deterministic: the same query on the same data gives the same zones, ids and bytes.
 * Kept as one pipeline (~90 lines) on purpose: each stage is a call into geodata/ or db/, and the
 * bench times them in order through `phases`, which splitting would scatter.
 */
export async function buildPatrolZones(db: Kysely<Database>, q: PatrolQuery, phases?: PatrolPhases): Promise<PatrolBuild> {
  let t = performance.now();
  const lap = (phase: keyof PatrolPhases) => {
    const now = performance.now();
    if (phases) phases[phase] = (phases[phase] ?? 0) + now - t;
    t = now;
  };
  const p = await prepare(db, { ...q, timeSteps: 1 });
  lap('prepare');
  // By category: harm per cell for ranking, and the zones' per-category counts, from one query.
  // Not outsideApart: zone counts are corrected against each clipped zone polygon (zone-counts.ts),
  // which expects every incident in a cell counted there, inside a district or not.
  const tally = await tallyCells(db, { filter: p.filter, grid: p.grid, byCategory: true });
  const counts = cellTotals(tally, p.grid.cols * p.grid.rows, p.weights);
  lap('cellCounts');
  const values = valuesOf(counts, q);
  let bins: Int8Array | undefined;
  if (q.rule === 'hotspots') {
    const { z, windowSize } = getisOrdGiStarWithWindows(values, p.grid.cols, p.grid.rows, { neighbourhood: q.neighbourhood, cellSize: p.grid.cellSize, mask: p.mask, includeSelf: true });
    bins = classifyHotspots(z, { adjustment: q.adjustment, windowSize }).bin;
  }
  const selection = selectCells({ harm: values, bins, mask: p.mask }, selectionRule(q));
  const built = buildZones(p.grid, selection, { counts: counts.count, harm: counts.harm }, {
    connectivity: q.connectivity,
    maxAreaM2: q.maxZoneArea,
    maxZones: q.maxZones,
    rankBy: q.rankBy === 'incidents' ? 'incident-density' : 'harm-density',
  });
  const cellsById = new Map(built.zones.map((z) => [z.id, z.cells]));
  const outlines = built.zones.map((z) => ({ id: z.id, geometry: JSON.stringify(zoneOutline(p.grid, z.cells)) }));
  lap('zones');
  const clipTo = 'districts' in p.studyArea ? p.studyArea.districts.map((d) => d.code) : null;
  const clipped = await clipZones(db, outlines, clipTo);
  lap('clip');
  const zonesToCount = clipped.map((c) => ({ id: c.id, geometry: c.geometry, cells: cellsById.get(c.id)! }));
  const byCategory = zoneCategoryCounts(zonesToCount, tally, await zoneEdgeTally(db, zonesToCount, p.filter, p.grid));
  lap('zoneCounts');

  const measured = clipped.map((c) => {
    const cats = byCategory.get(c.id)!;
    const incidents = Object.values(cats).reduce((a, b) => a + b, 0);
    // Keys come sorted, so the sum runs in the same order every time.
    const harm = Object.entries(cats).reduce((a, [cat, n]) => a + n * (p.weights[cat] ?? 0), 0);
    return { ...c, cats, incidents, harm, density: (q.rankBy === 'incidents' ? incidents : harm) / (c.areaM2 / 1e6) };
  });
  // Ranks rest on the final, clipped and counted zones, so the stated order is the file's order.
  measured.sort((a, b) => b.density - a.density || a.id.localeCompare(b.id));
  const dosage = q.budgetHours
    ? patrolDosage(measured.map((m) => (q.rankBy === 'incidents' ? m.incidents : m.harm)), { budgetHoursPerWeek: q.budgetHours, shareOf: q.rankBy === 'incidents' ? 'incidents' : 'harm' })
    : null;
  const zones: ExportZone[] = measured.map((m, i) => ({
    id: m.id,
    rank: i + 1,
    districts: m.districts,
    incidents: m.incidents,
    incidentsByCategory: m.cats,
    harm: Math.round(m.harm * 1000) / 1000,
    areaM2: Math.round(m.areaM2),
    cells: cellsById.get(m.id)!.length,
    centroid: m.centroid,
    ...(dosage ? { visitsPerWeek: dosage.visitsPerWeek[i]! } : {}),
    geometry: JSON.parse(m.geometry),
  }));

  const area = 'districts' in p.studyArea
    ? p.studyArea.districts.length <= 3 ? p.studyArea.districts.map((d) => d.name).join(', ') : `${p.studyArea.districts.length} districts`
    : 'custom area';
  const from = p.period.from ?? 'none';
  const to = p.period.to ?? 'none';
  const parameters = {
    ...p.parameters,
    ...giStarParameters(q),
    rule: q.rule,
    ...(q.rule === 'hotspots' ? { confidence: q.confidence } : q.rule === 'top-cells' ? { k: q.k } : { percent: q.percent }),
    connectivity: q.connectivity,
    maxZoneAreaM2: q.maxZoneArea,
    maxZones: q.maxZones,
    candidateZones: built.candidates,
    rankBy: q.rankBy === 'incidents' ? 'incidents per km² (after clipping)' : 'harm per km² (after clipping)',
    budgetHoursPerWeek: q.budgetHours ?? null,
  };
  const metadata: ExportMetadata = {
    area,
    period: { from, to },
    parameters: JSON.parse(JSON.stringify(parameters)),
    ...(dosage ? { dosageRule: dosage.rule } : {}),
    source: DATA_SOURCE,
  };
  const fileStem = exportFileName({ areaLabel: area, from, to, ext: 'geojson' }).replace(/\.geojson$/, '');
  lap('assemble');
  return { zones, metadata, fileStem };
}

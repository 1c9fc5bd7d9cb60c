import type { Kysely } from 'kysely';
import type { Database } from '../../db/schema';
import { crimeConcentration } from '../../geodata/concentration';
import type { GridSpec } from '../../geodata/grid';
import { defaultBandwidth, kernelDensity } from '../../geodata/kde';
import { tallyLocations } from '../../db/location-tally';
import { cellValues } from './cell-values';
import type { AnalysisQuery } from './params';
import { type Prepared, pick, pickFormatted, prepare, resultFrame, round6 } from './prepare';
import type { DensityResult, SmoothingParameters } from './result';

/** Incidents (or harm) per km² per cell, or a quartic kernel density surface (smoothing=kde). */
export async function runDensity(db: Kysely<Database>, q: AnalysisQuery): Promise<DensityResult> {
  const p = await prepare(db, q);
  const { grid, kept } = p;
  const t0 = performance.now();
  const { counts, values, incidents, incidentsOutsideStudyArea } = await cellValues(db, p, q);
  const positions = q.smoothing === 'kde' ? await analysedPositions(db, p, q) : null;
  const sqlMs = p.sqlMs + performance.now() - t0;
  const s0 = performance.now();
  const { density, parameters } = positions ? kdeSurface(positions, grid, q.bandwidth) : perKm2(values, grid);
  let max = 0;
  for (const i of kept) max = Math.max(max, density[i]!);
  return {
    analysis: 'density',
    parameters: { ...p.parameters, ...parameters },
    ...resultFrame(p),
    cells: { index: Array.from(kept), count: pick(counts.count, kept), value: pickFormatted(values, kept, round6), density: pickFormatted(density, kept, round6) },
    summary: {
      incidents, incidentsOutsideStudyArea, cellsInStudyArea: kept.length,
      densityUnit: q.weighting === 'harm' ? 'harm per km²' : 'incidents per km²',
      densityMax: round6(max),
      concentration: crimeConcentration(Float64Array.from(kept, (i) => values[i]!)),
    },
    timings: { sqlMs, statsMs: performance.now() - s0 },
  };
}

type Smoothing = { density: Float64Array; parameters: SmoothingParameters };

function perKm2(values: Float64Array, grid: GridSpec): Smoothing {
  const cellAreaKm2 = (grid.cellSize * grid.cellSize) / 1e6;
  const density = new Float64Array(values.length);
  for (let i = 0; i < values.length; i++) density[i] = values[i]! / cellAreaKm2;
  return { density, parameters: { smoothing: 'none' } };
}

interface Positions {
  x: Float64Array;
  y: Float64Array;
  /** Incidents at the position, or their summed harm weight. */
  w: Float64Array;
}

/**
 * The analysed incidents at their own positions: those the cell counts count (in the study area's
 * cells, and inside the districts where incidents outside are counted apart), one entry per
 * police.uk snap point with its count (or harm) as weight, sorted so sums come out the same on
 * every backend.
 */
async function analysedPositions(db: Kysely<Database>, p: Prepared, q: Pick<AnalysisQuery, 'weighting'>): Promise<Positions> {
  const harm = q.weighting === 'harm';
  const tally = await tallyLocations(db, { filter: p.filter, grid: p.grid, byCategory: harm, insideDistrictsOnly: p.outsideApart });
  const x: number[] = [];
  const y: number[] = [];
  const w: number[] = [];
  for (let k = 0; k < tally.n.length; k++) {
    if (!p.mask[tally.cell[k]!]) continue;
    const weight = harm ? tally.n[k]! * (p.weights[tally.categories[tally.category[k]!]!] ?? 0) : tally.n[k]!;
    if (weight <= 0) continue;
    x.push(tally.easting[k]!);
    y.push(tally.northing[k]!);
    w.push(weight);
  }
  return { x: Float64Array.from(x), y: Float64Array.from(y), w: Float64Array.from(w) };
}

/**
 * Quartic KDE of the incidents' own positions (geodata/kde.ts), the estimator ArcGIS Kernel Density
 * and CrimeStat compute. Exact, not binned: police.uk snaps incidents to a finite set of points, so
 * summing over positions with counts as weights is the same sum as over incidents.
 */
function kdeSurface({ x, y, w }: Positions, grid: GridSpec, requested: number | undefined): Smoothing {
  const bandwidth = requested ?? (x.length > 1 ? Math.max(grid.cellSize, defaultBandwidth(x, y, w)) : grid.cellSize * 2);
  const density = x.length ? kernelDensity(x, y, grid, { bandwidth, weights: w }) : new Float64Array(grid.cols * grid.rows);
  return {
    density,
    parameters: {
      smoothing: 'kde', kernel: 'quartic', bandwidth: Math.round(bandwidth),
      bandwidthRule: requested ? 'requested' : 'ArcGIS spatial variant of Silverman’s rule of thumb, at least one cell',
    },
  };
}

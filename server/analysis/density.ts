import type { Kysely } from 'kysely';
import type { Database } from '../../db/schema';
import { crimeConcentration } from '../../geodata/concentration';
import type { GridSpec } from '../../geodata/grid';
import { defaultBandwidth, kernelDensity } from '../../geodata/kde';
import { monthsBetween } from '../../geodata/months';
import { cellValues } from './cell-values';
import type { AnalysisQuery } from './params';
import { pick, pickFormatted, prepare, resultFrame, round6 } from './prepare';
import type { DensityResult, SmoothingParameters } from './result';

/** Incidents (or harm) per km² per cell, or a quartic kernel density surface (smoothing=kde). */
export async function runDensity(db: Kysely<Database>, q: AnalysisQuery): Promise<DensityResult> {
  const p = await prepare(db, q);
  const { grid, kept } = p;
  const t0 = performance.now();
  const { counts, values, incidents, incidentsOutsideStudyArea } = await cellValues(db, p, q);
  const sqlMs = p.sqlMs + performance.now() - t0;
  const s0 = performance.now();
  const { density, parameters } = q.smoothing === 'kde' ? kdeSurface(values, kept, grid, q.bandwidth) : perKm2(values, grid);
  let max = 0;
  for (const i of kept) max = Math.max(max, density[i]!);
  const months = p.period.from && p.period.to ? monthsBetween(p.period.from, p.period.to).length : 0;
  return {
    analysis: 'density',
    parameters: { ...p.parameters, ...parameters },
    ...resultFrame(p, months),
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

/**
 * Binned KDE: each non-empty cell's total at its centre. The binning error is small while cells
 * are well below the bandwidth, which the default rule ensures for typical data.
 */
function kdeSurface(values: Float64Array, kept: Int32Array, grid: GridSpec, requested: number | undefined): Smoothing {
  const xs: number[] = [];
  const ys: number[] = [];
  const ws: number[] = [];
  for (const i of kept) {
    if (values[i]! <= 0) continue;
    xs.push(grid.originX + ((i % grid.cols) + 0.5) * grid.cellSize);
    ys.push(grid.originY + (Math.floor(i / grid.cols) + 0.5) * grid.cellSize);
    ws.push(values[i]!);
  }
  const x = Float64Array.from(xs);
  const y = Float64Array.from(ys);
  const w = Float64Array.from(ws);
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

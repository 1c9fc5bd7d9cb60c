import type { Kysely } from 'kysely';
import type { Database } from '../db/schema';
import { crimeConcentration } from '../geodata/concentration';
import { defaultBandwidth, kernelDensity } from '../geodata/kde';
import { cellValues } from '../server/analysis/cell-values';
import type { AnalysisQuery } from '../server/analysis/params';
import { pick, pickFormatted, prepare, resultFrame, round6 } from '../server/analysis/prepare';
import type { DensityResult } from '../server/analysis/result';

/**
 * density?smoothing=kde as it was before issue 17, kept here in bench/ only as the KDE bench's
 * baseline: every incident placed at its cell's centre, then the same quartic kernel
 * (geodata/kde.ts) over the non-empty cells with their counts as weights. The rest of the runner
 * is today's server/analysis/density.ts, so the two sides differ only in the kernel's input.
 */
export async function runBinnedKdeDensity(db: Kysely<Database>, q: AnalysisQuery): Promise<DensityResult> {
  const p = await prepare(db, q);
  const { grid, kept } = p;
  const t0 = performance.now();
  const { counts, values, incidents, incidentsOutsideStudyArea } = await cellValues(db, p, q);
  const sqlMs = p.sqlMs + performance.now() - t0;
  const s0 = performance.now();
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
  const bandwidth = q.bandwidth ?? (x.length > 1 ? Math.max(grid.cellSize, defaultBandwidth(x, y, w)) : grid.cellSize * 2);
  const density = x.length ? kernelDensity(x, y, grid, { bandwidth, weights: w }) : new Float64Array(grid.cols * grid.rows);
  let max = 0;
  for (const i of kept) max = Math.max(max, density[i]!);
  return {
    analysis: 'density',
    parameters: {
      ...p.parameters, smoothing: 'kde', kernel: 'quartic', bandwidth: Math.round(bandwidth),
      bandwidthRule: q.bandwidth ? 'requested' : 'ArcGIS spatial variant of Silverman’s rule of thumb, at least one cell',
    },
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

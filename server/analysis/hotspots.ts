import type { Kysely } from 'kysely';
import type { Database } from '../../db/schema';
import { crimeConcentration } from '../../geodata/concentration';
import { getisOrdGiStarWithWindows } from '../../geodata/gistar';
import { classifyHotspots } from '../../geodata/significance';
import { cellValues } from './cell-values';
import type { AnalysisQuery } from './params';
import { giStarParameters, pick, pickFormatted, prepare, resultFrame, round6, sig4 } from './prepare';
import type { HotspotResult } from './result';

/** Getis-Ord Gi* per cell, classed into hot and cold spots at 90/95/99 % (p adjusted as asked). */
export async function runHotspots(db: Kysely<Database>, q: AnalysisQuery): Promise<HotspotResult> {
  const p = await prepare(db, q);
  const { grid, mask, kept } = p;
  const t0 = performance.now();
  const { counts, values, incidents, incidentsOutsideStudyArea } = await cellValues(db, p, q);
  const sqlMs = p.sqlMs + performance.now() - t0;
  const s0 = performance.now();
  const { z, windowSize } = getisOrdGiStarWithWindows(values, grid.cols, grid.rows, { neighbourhood: q.neighbourhood, cellSize: grid.cellSize, mask, includeSelf: true });
  const classes = classifyHotspots(z, { adjustment: q.adjustment, windowSize });
  const binCounts: Record<string, number> = {};
  for (const i of kept) if (classes.bin[i]) binCounts[String(classes.bin[i])] = (binCounts[String(classes.bin[i])] ?? 0) + 1;
  return {
    analysis: 'hotspots',
    parameters: { ...p.parameters, ...giStarParameters(q) },
    ...resultFrame(p),
    cells: {
      index: Array.from(kept), count: pick(counts.count, kept), value: pickFormatted(values, kept, round6),
      z: pickFormatted(z, kept, round6), p: pickFormatted(classes.p, kept, sig4), pAdjusted: pickFormatted(classes.pAdjusted, kept, sig4), bin: pick(classes.bin, kept),
    },
    summary: {
      incidents, incidentsOutsideStudyArea, cellsInStudyArea: kept.length, binCounts,
      concentration: crimeConcentration(Float64Array.from(kept, (i) => values[i]!)),
    },
    timings: { sqlMs, statsMs: performance.now() - s0 },
  };
}

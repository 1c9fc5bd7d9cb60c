import type { Kysely } from 'kysely';
import type { Database } from '../../db/schema';
import { runDensity } from './density';
import { runEmerging } from './emerging';
import { runHotspots } from './hotspots';
import type { AnalysisQuery } from './params';
import type { AnalysisKind, AnalysisResultOf } from './result';

const RUNNERS: { [K in AnalysisKind]: (db: Kysely<Database>, q: AnalysisQuery) => Promise<AnalysisResultOf<K>> } = {
  density: runDensity,
  hotspots: runHotspots,
  emerging: runEmerging,
};

/** Runs one analysis end to end: SQL counts, then the statistics in geodata/. */
export function runAnalysis<K extends AnalysisKind>(db: Kysely<Database>, kind: K, q: AnalysisQuery): Promise<AnalysisResultOf<K>> {
  return RUNNERS[kind](db, q);
}

import { mkdirSync, writeFileSync } from 'node:fs';
import { cpus, totalmem } from 'node:os';
import { join, resolve } from 'node:path';

export const benchRoot = resolve(import.meta.dirname);
export const resultsDir = join(benchRoot, 'results');
/** Scratch space for generated inputs (ignored by git). */
export const tmpDir = join(benchRoot, 'tmp');

/** One measured figure: ours, and the baseline measured in the same run, in the same unit. */
export interface Figure {
  name: string;
  unit: string;
  value: number;
  baseline?: { name: string; value: number };
  /** The issue's goal, for the report: e.g. '< 20'. */
  goal?: string;
  note?: string;
}

export interface BenchResult {
  bench: string;
  figures: Figure[];
  /** Baselines or parts that could not run here, and why (e.g. R not installed). */
  skipped: string[];
}

export interface Bench {
  name: string;
  run: () => Promise<BenchResult>;
}

/** Median and percentiles of repeated timings (ms). */
export function stats(samples: number[]): { p50: number; p95: number; min: number; runs: number } {
  const sorted = [...samples].sort((a, b) => a - b);
  const at = (q: number) => sorted[Math.min(sorted.length - 1, Math.ceil(q * sorted.length) - 1)]!;
  return { p50: at(0.5), p95: at(0.95), min: sorted[0]!, runs: sorted.length };
}

export async function timeRuns(runs: number, fn: () => unknown): Promise<number[]> {
  const samples: number[] = [];
  for (let i = 0; i < runs; i++) {
    const t0 = performance.now();
    await fn();
    samples.push(performance.now() - t0);
  }
  return samples;
}

export function writeResult(result: BenchResult): string {
  mkdirSync(resultsDir, { recursive: true });
  const path = join(resultsDir, `${result.bench}.json`);
  const machine = { cpus: cpus().length, cpuModel: cpus()[0]?.model, memoryGiB: Math.round(totalmem() / 2 ** 30), node: process.version };
  writeFileSync(path, `${JSON.stringify({ ...result, machine, measuredAt: new Date().toISOString() }, null, 2)}\n`);
  return path;
}

export function formatFigure(f: Figure): string {
  const ours = `${f.name}: ${round(f.value)} ${f.unit}`;
  const base = f.baseline ? `; ${f.baseline.name}: ${round(f.baseline.value)} ${f.unit} (ratio ${round(f.value / f.baseline.value)})` : '';
  const goal = f.goal ? ` [goal ${f.goal}]` : '';
  return `  ${ours}${base}${goal}${f.note ? ` (${f.note})` : ''}`;
}

function round(x: number): string {
  return Math.abs(x) >= 100 ? x.toFixed(0) : Math.abs(x) >= 1 ? x.toFixed(2) : x.toPrecision(3);
}

import { mkdirSync, writeFileSync } from 'node:fs';
import { cpus, loadavg, totalmem } from 'node:os';
import { join, resolve } from 'node:path';

export const benchRoot = resolve(import.meta.dirname);
/** Where results go: bench/results/, or BENCH_RESULTS_DIR (for trial runs that must not replace the committed figures). */
export const resultsDir = process.env.BENCH_RESULTS_DIR ? resolve(process.env.BENCH_RESULTS_DIR) : join(benchRoot, 'results');
/** Scratch space for generated inputs (ignored by git). */
export const tmpDir = join(benchRoot, 'tmp');

/**
 * Incidents in the bench database: 1,000,000 (the issues' goals are stated for it) unless
 * BENCH_INCIDENTS (or a bench's own older variable, e.g. PROFILES_BENCH_INCIDENTS) asks for fewer,
 * for a quick check that a bench runs. Give a smaller size a BENCH_DATABASE_URL of its own, or the
 * shared 1M bench database is reloaded at that size.
 */
export function benchIncidents(...legacyVariables: string[]): number {
  for (const name of ['BENCH_INCIDENTS', ...legacyVariables]) {
    const value = process.env[name];
    if (value) return Number(value);
  }
  return 1_000_000;
}

/** Spread of the per-pair ratios ours ÷ baseline of an interleaved comparison. */
export interface RatioSpread {
  p25: number;
  p75: number;
  min: number;
  max: number;
  pairs: number;
}

/** One measured figure: ours, and the baseline measured in the same run, in the same unit. */
export interface Figure {
  name: string;
  unit: string;
  value: number;
  baseline?: { name: string; value: number };
  /**
   * Ratio of medians ours ÷ baseline, and the spread of the per-pair ratios, when the two sides
   * ran interleaved (compareInterleaved). Without it the report prints value ÷ baseline alone.
   */
  ratio?: { ofMedians: number; spread: RatioSpread };
  /** The issue's goal, for the report: e.g. '< 20'. */
  goal?: string;
  note?: string;
}

/** 1-, 5- and 15-minute load averages (os.loadavg()). */
export type LoadAverage = [number, number, number];

export interface BenchResult {
  bench: string;
  figures: Figure[];
  /** Baselines or parts that could not run here, and why (e.g. R not installed). */
  skipped: string[];
  /** The machine's load average before and after the bench (set by run.ts when a bench does not). */
  load?: { before: LoadAverage; after: LoadAverage };
}

export interface Bench {
  name: string;
  run: () => Promise<BenchResult>;
}

export const loadAverage = (): LoadAverage => loadavg().map((l) => Math.round(l * 100) / 100) as LoadAverage;

/** Nearest-rank quantile of sorted values. */
function quantile(sorted: readonly number[], q: number): number {
  return sorted[Math.min(sorted.length - 1, Math.max(0, Math.ceil(q * sorted.length) - 1))]!;
}

/** Median and percentiles of repeated timings (ms). */
export function stats(samples: number[]): { p50: number; p25: number; p75: number; p95: number; p99: number; min: number; max: number; runs: number } {
  const sorted = [...samples].sort((a, b) => a - b);
  const at = (q: number) => quantile(sorted, q);
  return { p50: at(0.5), p25: at(0.25), p75: at(0.75), p95: at(0.95), p99: at(0.99), min: sorted[0]!, max: sorted.at(-1)!, runs: sorted.length };
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

/** One side of an interleaved measurement. */
export type Side = (() => unknown) | {
  run: () => unknown;
  /** Untimed work before each run of this side (e.g. emptying a table before an import). */
  prepare?: () => unknown;
};

export interface InterleavedOptions {
  /** Untimed runs of every side first (JIT, query plans, buffers, file cache). Default 3. */
  warmup?: number;
  /** Timed runs of every side. Default 20. */
  runs?: number;
  /**
   * 'rotate' (default): round i runs the sides starting at i mod n, so with two sides A B, B A,
   * A B…, and every side is as often first as second; 'random': a shuffled order each round
   * (seeded, so a rerun makes the same order).
   */
  order?: 'rotate' | 'random';
  seed?: number;
}

/**
 * Runs several sides round by round, every side once per round, after a warm-up of each, so that
 * drift on a shared machine (other work starting, caches filling, CPU throttling) hits every side
 * alike. Returns each side's timings (ms), index k of every side from the same round.
 */
export async function interleaveRuns<K extends string>(sides: Record<K, Side>, options: InterleavedOptions = {}): Promise<Record<K, number[]>> {
  const { warmup = 3, runs = 20, order = 'rotate', seed = 1 } = options;
  const names = Object.keys(sides) as K[];
  const side = (name: K): { run: () => unknown; prepare?: () => unknown } => {
    const s: Side = sides[name];
    return typeof s === 'function' ? { run: s } : s;
  };
  for (let i = 0; i < warmup; i++) {
    for (const name of names) {
      await side(name).prepare?.();
      await side(name).run();
    }
  }
  const samples = Object.fromEntries(names.map((n) => [n, [] as number[]])) as Record<K, number[]>;
  let state = seed >>> 0 || 1;
  const random = () => ((state = (Math.imul(state, 1103515245) + 12345) >>> 0) / 2 ** 32);
  for (let i = 0; i < runs; i++) {
    const round = order === 'rotate'
      ? names.map((_, k) => names[(i + k) % names.length]!)
      : names.map((n) => [random(), n] as const).sort((a, b) => a[0] - b[0]).map(([, n]) => n);
    for (const name of round) {
      const { run, prepare } = side(name);
      await prepare?.();
      const t0 = performance.now();
      await run();
      samples[name].push(performance.now() - t0);
    }
  }
  return samples;
}

export interface Comparison {
  ours: ReturnType<typeof stats>;
  baseline: ReturnType<typeof stats>;
  /** Raw timings (ms), pair k from the same round. */
  samples: { ours: number[]; baseline: number[] };
  /** p50(ours) ÷ p50(baseline), and the spread of ours_k ÷ baseline_k over the rounds. */
  ratio: { ofMedians: number; spread: RatioSpread };
  warmup: number;
  order: 'rotate' | 'random';
}

/** Spread of per-pair ratios a_k ÷ b_k (pairs measured together: same round, or same page load). */
export function pairedRatios(a: readonly number[], b: readonly number[]): RatioSpread {
  if (a.length !== b.length || a.length === 0) throw new Error(`pairedRatios: ${a.length} against ${b.length} samples`);
  const r = stats(a.map((x, k) => x / b[k]!));
  return { p25: r.p25, p75: r.p75, min: r.min, max: r.max, pairs: r.runs };
}

/**
 * Ours against its baseline, warmed up and interleaved (see interleaveRuns): the ratio of medians
 * with the spread of the per-pair ratios. Whole commands (an import process, psql \copy) work the
 * same: each side's function runs the command and resolves when it exits; `prepare` resets state.
 */
export async function compareInterleaved(options: InterleavedOptions & { ours: Side; baseline: Side }): Promise<Comparison> {
  const { ours, baseline, ...rest } = options;
  const samples = await interleaveRuns({ ours, baseline }, rest);
  return comparisonOf(samples.ours, samples.baseline, rest);
}

/** A Comparison from two sides' timings of the same interleaveRuns (for more than two sides). */
export function comparisonOf(ours: number[], baseline: number[], options: InterleavedOptions = {}): Comparison {
  const o = stats(ours);
  const b = stats(baseline);
  return {
    ours: o, baseline: b, samples: { ours, baseline },
    ratio: { ofMedians: o.p50 / b.p50, spread: pairedRatios(ours, baseline) },
    warmup: options.warmup ?? 3,
    order: options.order ?? 'rotate',
  };
}

/** The p50 figure of a comparison, with its baseline, ratio and spread, for the report and the JSON. */
export function comparisonFigure(
  c: Comparison,
  f: { name: string; baselineName: string; unit?: string; goal?: string; note?: string },
): Figure {
  const spread = (s: ReturnType<typeof stats>) => `p25 ${round(s.p25)}, p75 ${round(s.p75)}, min ${round(s.min)}, max ${round(s.max)}`;
  const how = `${c.ours.runs} interleaved runs (${c.order}) after ${c.warmup} warm-ups; ours ${spread(c.ours)}; baseline ${spread(c.baseline)}`;
  return {
    name: f.name,
    unit: f.unit ?? 'ms',
    value: c.ours.p50,
    baseline: { name: f.baselineName, value: c.baseline.p50 },
    ratio: c.ratio,
    ...(f.goal && { goal: f.goal }),
    note: f.note ? `${f.note}; ${how}` : how,
  };
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
  let base = '';
  if (f.baseline) {
    const r = f.ratio;
    const ratio = r
      ? `ratio of medians ${round(r.ofMedians)}, per-pair p25–p75 ${round(r.spread.p25)}–${round(r.spread.p75)}, min–max ${round(r.spread.min)}–${round(r.spread.max)}`
      : `ratio ${round(f.value / f.baseline.value)}`;
    base = `; ${f.baseline.name}: ${round(f.baseline.value)} ${f.unit} (${ratio})`;
  }
  const goal = f.goal ? ` [goal ${f.goal}]` : '';
  return `  ${ours}${base}${goal}${f.note ? ` (${f.note})` : ''}`;
}

export function formatLoad(load: NonNullable<BenchResult['load']>): string {
  return `  load average (1, 5, 15 min): before ${load.before.join(' ')}, after ${load.after.join(' ')}`;
}

function round(x: number): string {
  return Math.abs(x) >= 100 ? x.toFixed(0) : Math.abs(x) >= 1 ? x.toFixed(2) : x.toPrecision(3);
}

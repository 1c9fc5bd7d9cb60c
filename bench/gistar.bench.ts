import { execFileSync } from 'node:child_process';
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { getisOrdGiStar } from '../geodata/gistar';
import { type Bench, type Figure, pairedRatios, stats, timeRuns, tmpDir } from './harness';

const N = 400;
const R_ROUNDS = 3;

/** Seeded overdispersed counts with a few clusters, like crime counts on a 400 × 400 grid. */
function counts(): Float64Array {
  let s = 12345;
  const rand = () => ((s = (s * 1103515245 + 12345) >>> 0) / 2 ** 32);
  const x = new Float64Array(N * N);
  for (let i = 0; i < x.length; i++) {
    const r = Math.floor(i / N);
    const c = i % N;
    const cluster = 30 * Math.exp(-((r - 100) ** 2 + (c - 250) ** 2) / 200) + 12 * Math.exp(-((r - 300) ** 2 + (c - 80) ** 2) / 800);
    x[i] = Math.floor(-Math.log(1 - rand()) * (0.4 + cluster));
  }
  return x;
}

function hasRscript(): boolean {
  try {
    execFileSync('Rscript', ['-e', 'suppressPackageStartupMessages(library(spdep))'], { stdio: 'ignore' });
    return true;
  } catch {
    return false;
  }
}

export const bench: Bench = {
  name: 'gistar',
  run: async () => {
    const x = counts();
    const figures: Figure[] = [];
    const skipped: string[] = [];
    const ours: Record<string, { p50: number; z: Float64Array }> = {};
    for (const nh of ['queen', 'rook'] as const) {
      const options = { neighbourhood: nh, cellSize: 250, includeSelf: true } as const;
      for (let k = 0; k < 3; k++) getisOrdGiStar(x, N, N, options);
      const s = stats(await timeRuns(20, () => getisOrdGiStar(x, N, N, options)));
      ours[nh] = { p50: s.p50, z: getisOrdGiStar(x, N, N, options) };
    }
    if (!hasRscript()) {
      skipped.push('R spdep::localG baseline: Rscript with spdep not installed (Debian: apt-get install r-cran-spdep r-cran-jsonlite)');
      for (const nh of ['queen', 'rook']) figures.push({ name: `Gi* 400×400 ${nh}, Node (p50 of 20, warm)`, unit: 'ms', value: ours[nh]!.p50, goal: '< 20' });
      return { bench: 'gistar', figures, skipped };
    }
    mkdirSync(tmpDir, { recursive: true });
    const input = join(tmpDir, 'gistar-400.json');
    const output = join(tmpDir, 'gistar-400-spdep.json');
    writeFileSync(input, JSON.stringify({ cols: N, rows: N, cell_size: 250, origin: [300000, 400000], counts: Array.from(x), neighbourhoods: ['queen', 'rook'] }));
    // R runs in its own process (median of 5 localG calls inside it), so the two sides interleave
    // by round: a batch of Node runs, then one R process, ROUNDS times; the ratio pairs each round.
    const perRound = { node: { queen: [] as number[], rook: [] as number[] }, r: { queen: [] as number[], rook: [] as number[] } };
    let r!: { results: Record<string, { z: Array<number | null>; seconds: number }>; generated_by: string };
    for (let round = 0; round < R_ROUNDS; round++) {
      for (const nh of ['queen', 'rook'] as const) {
        const options = { neighbourhood: nh, cellSize: 250, includeSelf: true } as const;
        perRound.node[nh].push(stats(await timeRuns(5, () => getisOrdGiStar(x, N, N, options))).p50);
      }
      execFileSync('Rscript', [join(import.meta.dirname, 'gistar-spdep.R'), input, output], { stdio: 'inherit', maxBuffer: 1 << 30 });
      r = JSON.parse(readFileSync(output, 'utf8')) as typeof r;
      for (const nh of ['queen', 'rook'] as const) perRound.r[nh].push(r.results[nh]!.seconds * 1000);
    }
    for (const nh of ['queen', 'rook'] as const) {
      const ref = r.results[nh]!;
      let maxDiff = 0;
      for (let i = 0; i < ref.z.length; i++) {
        const a = ref.z[i];
        const b = ours[nh]!.z[i]!;
        if (a === null) {
          if (!Number.isNaN(b)) maxDiff = Infinity;
        } else maxDiff = Math.max(maxDiff, Math.abs(a - b));
      }
      figures.push({
        name: `Gi* 400×400 ${nh}, Node (median over ${R_ROUNDS} rounds of the p50 of 5, warm)`,
        unit: 'ms',
        value: stats(perRound.node[nh]).p50,
        baseline: { name: `R spdep::localG (median over ${R_ROUNDS} R processes of their median of 5)`, value: stats(perRound.r[nh]).p50 },
        ratio: { ofMedians: stats(perRound.node[nh]).p50 / stats(perRound.r[nh]).p50, spread: pairedRatios(perRound.node[nh], perRound.r[nh]) },
        goal: '< 20',
        note: `max |z − z_spdep| = ${maxDiff.toExponential(2)}; ${r.generated_by}; ${R_ROUNDS} interleaved rounds of 5 Node runs and one R process`,
      });
      if (!(maxDiff <= 1e-6)) throw new Error(`Gi* disagrees with spdep on the 400×400 ${nh} grid: max difference ${maxDiff}`);
    }
    return { bench: 'gistar', figures, skipped };
  },
};

import { type Bench, formatFigure, formatLoad, loadAverage, writeResult } from './harness';

// `npm run bench [name…]`: runs the benches (all, or those named) one after another, prints each
// figure beside its baseline and writes bench/results/<bench>.json, with the machine's load
// average before and after each bench (on a shared machine, the context every figure needs).
const benches: Bench[] = [];

async function loadBenches(): Promise<void> {
  const { readdirSync } = await import('node:fs');
  for (const file of readdirSync(import.meta.dirname).filter((f) => f.endsWith('.bench.ts')).sort()) {
    const mod = (await import(`./${file}`)) as { bench: Bench };
    benches.push(mod.bench);
  }
}

// `--size national [--scale f]` runs the national bench (bench/national.bench.ts), which is left out
// of a plain `npm run bench` because its first load takes many minutes; options reach it as env.
const args = process.argv.slice(2);
const option = (name: string): string | undefined => {
  const i = args.indexOf(`--${name}`);
  return i < 0 ? undefined : args.splice(i, 2)[1];
};
const size = option('size');
const scale = option('scale');
if (size !== undefined && size !== 'national') {
  console.error(`Unknown --size ${size}: the only size is national (the other benches run at 1,000,000).`);
  process.exit(1);
}
if (scale !== undefined) process.env.BENCH_SCALE = scale;
await loadBenches();
const wanted = size === 'national' ? ['national', ...args] : args;
const selected = wanted.length ? benches.filter((b) => wanted.includes(b.name)) : benches.filter((b) => b.name !== 'national');
if (selected.length === 0) {
  console.error(`No bench named ${wanted.join(', ')}. Available: ${benches.map((b) => b.name).join(', ')}`);
  process.exit(1);
}
for (const bench of selected) {
  console.log(`\n${bench.name}`);
  const before = loadAverage();
  const result = await bench.run();
  result.load ??= { before, after: loadAverage() };
  console.log(formatLoad(result.load));
  for (const figure of result.figures) console.log(formatFigure(figure));
  for (const skipped of result.skipped) console.log(`  skipped: ${skipped}`);
  console.log(`  → ${writeResult(result)}`);
}

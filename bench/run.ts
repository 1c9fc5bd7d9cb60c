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

await loadBenches();
const wanted = process.argv.slice(2);
const selected = wanted.length ? benches.filter((b) => wanted.includes(b.name)) : benches;
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

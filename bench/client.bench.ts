import { mkdtempSync, readFileSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { gzipSync } from 'node:zlib';
import { browserAvailability, launchChromium } from '../tests/e2e/browser';
import { startServer } from '../tests/e2e/server-process';
import { type Bench, type Figure, stats } from './harness';

const root = resolve(import.meta.dirname, '..');
const RUNS = 5;

/** gzip sizes (KB) of the production build's JS (including the MapLibre worker) and CSS. */
async function bundleSizes(): Promise<{ js: number; css: number; files: string }> {
  const { build } = await import('vite');
  await build({ configFile: join(root, 'vite.config.ts'), logLevel: 'warn' });
  const assets = join(root, 'dist', 'assets');
  let js = 0;
  let css = 0;
  const files: string[] = [];
  for (const file of readdirSync(assets)) {
    if (file.endsWith('.map')) continue;
    const size = gzipSync(readFileSync(join(assets, file)), { level: 9 }).length / 1024;
    if (/\.m?js$/.test(file)) js += size;
    else if (file.endsWith('.css')) css += size;
    files.push(`${file.replace(/-[\w-]{8}\./, '.')} ${size.toFixed(0)}`);
  }
  return { js, css, files: files.join(', ') };
}

export const bench: Bench = {
  name: 'client',
  run: async () => {
    const figures: Figure[] = [];
    const skipped: string[] = [];
    const sizes = await bundleSizes();
    figures.push({ name: 'bundle JS, gzip', unit: 'KB', value: sizes.js, note: sizes.files });
    figures.push({ name: 'bundle CSS, gzip', unit: 'KB', value: sizes.css });
    figures.push({ name: 'bundle total, gzip', unit: 'KB', value: sizes.js + sizes.css, goal: '< 1200' });

    const browserCheck = browserAvailability();
    if (!browserCheck.available) {
      skipped.push(`render timings: ${browserCheck.reason}`);
      return { bench: 'client', figures, skipped };
    }
    // BENCH_DATABASE_URL / DATABASE_URL: a database with real-sized data (the goal assumes 1M
    // incidents); otherwise a fresh embedded database with the synthetic demo (~100k).
    const url = process.env.BENCH_DATABASE_URL ?? process.env.DATABASE_URL;
    const dataDir = mkdtempSync(join(tmpdir(), 'hotspot-atlas-bench-'));
    const server = await startServer({
      ...(url ? { DATABASE_URL: url } : { DATA_DIR: dataDir }),
      BASEMAP_STYLE_URL: 'http://127.0.0.1:9/style.json',
      ANALYSIS_CACHE_ENTRIES: '0',
    });
    const browser = await launchChromium();
    try {
      const health = (await (await fetch(`${server.url}/api/health`)).json()) as { incidents: number; months: [string, string] };
      const dataNote = `${health.incidents.toLocaleString('en-GB')} incidents (${url ? 'database server' : 'embedded, synthetic demo'}); SwiftShader WebGL, offline basemap`;
      const firstRender: number[] = [];
      for (let i = 0; i < RUNS; i++) {
        const context = await browser.newContext({ viewport: { width: 1366, height: 768 } });
        const page = await context.newPage();
        await page.goto(`${server.url}/?mode=hotspots`);
        await page.waitForSelector('body[data-app-state="ready"][data-analysis-mode="hotspots"]', { timeout: 180_000 });
        firstRender.push(await page.evaluate(() => performance.getEntriesByName('analysis-rendered')[0]!.startTime));
        await context.close();
      }
      figures.push({ name: `navigation → first hotspot layer drawn (median of ${RUNS}, cold browser cache)`, unit: 'ms', value: stats(firstRender).p50, goal: '< 3000', note: dataNote });

      // Re-render after a filter change: a different end month each time, so neither the
      // server's nor the client's cache answers.
      const page = await browser.newPage({ viewport: { width: 1366, height: 768 } });
      await page.goto(`${server.url}/?mode=hotspots`);
      await page.waitForSelector('body[data-app-state="ready"][data-analysis-mode="hotspots"]', { timeout: 180_000 });
      const months = await page.locator('#to-month option').evaluateAll((os) => os.map((o) => (o as HTMLOptionElement).value));
      const rerender: number[] = [];
      for (let i = 0; i < RUNS; i++) {
        const month = months[months.length - 2 - i]!;
        // A string, not a function: tsx's name-keeping helpers do not exist in the page.
        const script = `(async () => {
          const select = document.getElementById('to-month');
          const t0 = performance.now();
          select.value = ${JSON.stringify(month)};
          select.dispatchEvent(new Event('change', { bubbles: true }));
          while (document.body.dataset.appState !== 'ready') await new Promise((r) => setTimeout(r, 5));
          return performance.now() - t0;
        })()`;
        rerender.push((await page.evaluate(script)) as number);
      }
      figures.push({ name: `filter change → hotspot layer redrawn (median of ${RUNS})`, unit: 'ms', value: stats(rerender).p50, note: dataNote });
    } finally {
      await browser.close();
      await server.stop();
      rmSync(dataDir, { recursive: true, force: true });
    }
    return { bench: 'client', figures, skipped };
  },
};

import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Browser, Page } from 'playwright-core';
import { PNG } from 'pngjs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DENSITY_COLOURS, CELL_ALPHA, HOTSPOT_COLOURS } from '../../client/map/palettes';
import { OFFLINE_BACKGROUND } from '../../client/map/offline-style';
import { bngToLonLat } from '../../geodata/bng';
import { EMERGING_CATEGORIES } from '../../geodata/emerging';
import { type Rgb, blend, browserAvailability, colourDistance, launchChromium, pixelAt, saveArtifact } from './browser';
import { type RunningServer, startServer } from './server-process';

// The map client against the real server on a fresh embedded database with the synthetic demo
// (one cold start for every map test). The basemap is unreachable, so the map draws on the plain
// offline background and colours are predictable: cell colour at CELL_ALPHA over it.
const KINGSMERE_NTE = { easting: 410370, northing: 246080 }; // generateDemo().truth.nightTimeEconomy[0]
const CELL = { x: Math.floor(KINGSMERE_NTE.easting / 250) * 250 + 125, y: Math.floor(KINGSMERE_NTE.northing / 250) * 250 + 125 };
const [CELL_LON, CELL_LAT] = bngToLonLat(CELL.x, CELL.y);
// Zoom 13 centred on the cell: 250 m cells are ~20 px across.
const VIEW = `/?preset=serious-violence&cellSize=250#map=13/${CELL_LAT.toFixed(5)}/${CELL_LON.toFixed(5)}`;
// District fill (31, 78, 121) at alpha 12/255 sits over the cells (boundaries stay on top).
const overFills = (rgb: readonly number[]): Rgb => {
  const cell = blend(rgb, CELL_ALPHA / 255, OFFLINE_BACKGROUND);
  return blend([31, 78, 121], 12 / 255, [cell.r, cell.g, cell.b]);
};

const browserCheck = browserAvailability();

describe.skipIf(!browserCheck.available)('map client', () => {
  const dataDir = mkdtempSync(join(tmpdir(), 'hotspot-atlas-map-e2e-'));
  let server: RunningServer;
  let browser: Browser;
  let page: Page;
  const analysisRequests: string[] = [];
  const errors: string[] = [];

  beforeAll(async () => {
    // E2E_SERVER_URL: reuse a server already running on the demo with an unreachable basemap
    // (for iterating on the client); otherwise a cold start, as `npm start` does.
    const external = process.env.E2E_SERVER_URL;
    server = external
      ? { url: external, output: () => '', readySeconds: 0, stop: async () => {} }
      : await startServer({ DATA_DIR: dataDir, BASEMAP_STYLE_URL: 'http://127.0.0.1:9/style.json' });
    browser = await launchChromium();
    page = await browser.newPage({ viewport: { width: 1366, height: 768 }, acceptDownloads: true });
    page.on('pageerror', (e) => errors.push(e.message));
    page.on('request', (r) => {
      if (r.url().includes('/api/analysis/')) analysisRequests.push(r.url());
    });
  });

  afterAll(async () => {
    if (process.env.E2E_DEBUG) console.log(server?.output().slice(-4000));
    await browser?.close();
    await server?.stop();
    rmSync(dataDir, { recursive: true, force: true });
  });

  /** Waits until the analysis for the current view is drawn (the app's rendered signal). */
  async function ready(mode: string): Promise<void> {
    await page.waitForSelector(`body[data-app-state="ready"][data-analysis-mode="${mode}"]`, { timeout: 120_000 });
  }

  /** The screenshot and the page-pixel position of the Kingsmere night-time-economy cell centre. */
  async function kingsmereCell(): Promise<{ shot: Buffer; x: number; y: number }> {
    const point = await page.evaluate(([lo, la]) => {
      const p = (window as unknown as { hotspotAtlas: { project: (a: number, b: number) => { x: number; y: number } } }).hotspotAtlas.project(lo!, la!);
      const box = document.getElementById('map')!.getBoundingClientRect();
      return { x: p.x + box.left, y: p.y + box.top };
    }, [CELL_LON, CELL_LAT]);
    return { shot: await page.screenshot(), ...point };
  }

  /** The closest match to `expected` among 9 pixels inside the cell (a label may cover some). */
  function cellDistance(shot: Buffer, x: number, y: number, expected: Rgb): number {
    let best = Infinity;
    for (const dx of [-5, 0, 5]) for (const dy of [-5, 0, 5]) best = Math.min(best, colourDistance(pixelAt(shot, x + dx, y + dy), expected));
    return best;
  }

  async function legendColours(id: string): Promise<string[]> {
    return page.locator(`#legend [data-legend="${id}"] .swatch`).evaluateAll((els) => els.map((e) => (e as HTMLElement).dataset.colour!));
  }

  it('draws the Kingsmere night-time economy as a 99 % hot spot, with the matching legend', async () => {
    await page.goto(`${server.url}${VIEW}`);
    await ready('hotspots');
    expect(analysisRequests.at(-1)).toMatch(/\/api\/analysis\/hotspots\?preset=serious-violence&cellSize=250$/);
    const { shot, x, y } = await kingsmereCell();
    saveArtifact('map-hotspots-1366.png', shot);
    const expected = overFills(HOTSPOT_COLOURS[3]!);
    expect(cellDistance(shot, x, y, expected)).toBeLessThanOrEqual(12);
    expect(await legendColours('hotspots')).toContain(HOTSPOT_COLOURS[3]!.join(','));
    expect(await page.locator('#legend [data-legend="hotspots"]').textContent()).toMatch(/Oct 2024 – Sept? 2026.*Hot spot, 99 % confidence/s);
    expect(await page.locator('#legend').textContent()).toMatch(/Serious violence/);
  });

  it('describes the cell under the pointer in words', async () => {
    const { x, y } = await kingsmereCell();
    await page.mouse.move(x, y);
    await expect.poll(() => page.locator('#tooltip').textContent()).toMatch(/Hot spot, 99 % confidence.*Incidents\d+.*Gi\* z\d/s);
  });

  it('shows a clicked cell\'s counts by category and monthly trend, with the snap-point caveat', async () => {
    const { x, y } = await kingsmereCell();
    await page.mouse.click(x, y);
    const details = page.locator('#details');
    await expect.poll(() => details.locator('table.by-category').count()).toBe(1);
    expect(await details.textContent()).toMatch(/Hot spot, 99 % confidence.*Violence and sexual offences.*on or near/s);
    expect(await details.locator('svg.sparkline polyline').count()).toBe(1);
  });

  it('switching to density requests the density analysis and recolours the cells', async () => {
    const before = analysisRequests.length;
    await page.getByRole('radio', { name: /^Density/ }).check();
    await ready('density');
    const requests = analysisRequests.slice(before);
    expect(requests).toHaveLength(1);
    expect(requests[0]).toMatch(/\/api\/analysis\/density\?preset=serious-violence&cellSize=250$/);
    expect(new URL(page.url()).searchParams.get('mode')).toBe('density');
    const { shot, x, y } = await kingsmereCell();
    saveArtifact('map-density-1366.png', shot);
    // The hottest cell falls in the top density class, and is no longer the hot-spot red.
    expect(cellDistance(shot, x, y, overFills(DENSITY_COLOURS.at(-1)!))).toBeLessThanOrEqual(12);
    expect(cellDistance(shot, x, y, overFills(HOTSPOT_COLOURS[3]!))).toBeGreaterThan(20);
    expect(await legendColours('density')).toContain(DENSITY_COLOURS.at(-1)!.join(','));
    expect(await page.locator('#legend [data-legend="hotspots"]').count()).toBe(0);
    expect(await page.locator('#legend').textContent()).toMatch(/incidents per km²/);
  });

  it('reopens the same view from the URL after a reload, and back restores the previous view', async () => {
    const url = page.url();
    expect(url).toMatch(/#map=/);
    await page.reload();
    await ready('density');
    expect(page.url()).toBe(url);
    expect(await page.getByRole('radio', { name: /^Density/ }).isChecked()).toBe(true);
    expect(await page.getByRole('radio', { name: 'Serious violence', exact: true }).isChecked()).toBe(true);
    expect(await page.getByLabel('Cell size').inputValue()).toBe('250');
    const { shot, x, y } = await kingsmereCell();
    expect(cellDistance(shot, x, y, overFills(DENSITY_COLOURS.at(-1)!))).toBeLessThanOrEqual(12);

    await page.goBack();
    await ready('hotspots');
    expect(new URL(page.url()).searchParams.get('mode')).toBeNull();
    expect(await page.getByRole('radio', { name: /^Hot spots \(Gi\*\)/ }).isChecked()).toBe(true);
  });

  it('shows emerging hot spots with each pattern explained in the legend', async () => {
    const before = analysisRequests.length;
    await page.getByRole('radio', { name: /^Emerging hot spots/ }).check();
    await ready('emerging');
    expect(analysisRequests.slice(before)[0]).toMatch(/\/api\/analysis\/emerging\?preset=serious-violence&cellSize=250$/);
    const legend = page.locator('#legend [data-legend="emerging"]');
    const labels = await legend.locator('.legend-label').allTextContents();
    expect(labels.length).toBeGreaterThan(0);
    for (const text of labels) {
      const category = EMERGING_CATEGORIES.find((c) => text.startsWith(c.label));
      expect(category, text).toBeDefined();
      expect(text).toContain(category!.description);
    }
    saveArtifact('map-emerging-1366.png', await page.screenshot());
  });

  it('shows a failed analysis with its problem detail and a Retry button, keeping the map', async () => {
    await page.route('**/api/analysis/**', (route) =>
      route.fulfill({ status: 400, contentType: 'application/problem+json', body: JSON.stringify({ title: 'Invalid request parameter', status: 400, detail: 'cellSize: test failure' }) }),
    );
    await page.getByRole('radio', { name: /^Harm/ }).check();
    await page.waitForSelector('body[data-app-state="error"]');
    expect(await page.locator('#analysis-error').textContent()).toContain('cellSize: test failure');
    expect(await page.locator('#legend [data-legend="emerging"]').count()).toBe(1);
    await page.unrouteAll();
    await page.getByRole('button', { name: 'Retry' }).click();
    await ready('emerging');
    expect(await page.locator('#analysis-error').isVisible()).toBe(false);
    expect(analysisRequests.at(-1)).toMatch(/weighting=harm/);
  });

  it('exports the view as a PNG with the legend and attribution', async () => {
    await page.goto(`${server.url}${VIEW}`);
    await ready('hotspots');
    const [download] = await Promise.all([page.waitForEvent('download'), page.getByRole('button', { name: 'Export map as PNG' }).click()]);
    expect(download.suggestedFilename()).toMatch(/^hotspot-atlas-hotspots-\d{4}-\d{2}-\d{2}\.png$/);
    const file = readFileSync((await download.path())!);
    const image = PNG.sync.read(file);
    const mapBox = (await page.locator('#map').boundingBox())!;
    expect(image.width).toBeGreaterThanOrEqual(Math.floor(mapBox.width));
    expect(image.height).toBeGreaterThan(mapBox.height);
    saveArtifact('export-hotspots.png', file);
    // Hot-spot red on the map and in the legend swatches.
    const red = HOTSPOT_COLOURS[3]!;
    let reds = 0;
    for (let i = 0; i < image.data.length; i += 4) {
      if (colourDistance({ r: image.data[i]!, g: image.data[i + 1]!, b: image.data[i + 2]! }, overFills(red)) <= 16) reds++;
    }
    expect(reds).toBeGreaterThan(100);
  });

  it('lays out on a wide screen', async () => {
    const wide = await browser.newPage({ viewport: { width: 1920, height: 1080 } });
    wide.on('pageerror', (e) => errors.push(e.message));
    await wide.goto(`${server.url}/?preset=serious-violence`);
    await wide.waitForSelector('body[data-app-state="ready"][data-analysis-mode="hotspots"]', { timeout: 120_000 });
    expect(await wide.locator('#legend').isVisible()).toBe(true);
    saveArtifact('map-hotspots-1920.png', await wide.screenshot());
    await wide.close();
    expect(errors).toEqual([]);
  });
});

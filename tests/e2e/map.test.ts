import { readFileSync } from 'node:fs';
import type { Browser, Page } from 'playwright-core';
import { PNG } from 'pngjs';
import { beforeAll, describe, expect, it } from 'vitest';
import { metresPerPixel } from '../../client/map/build-layers';
import { CELL_ALPHA, DENSITY_COLOURS, HOTSPOT_COLOURS, PATROL_COLOUR, PATROL_FILL_ALPHA, PATROL_SELECTED_LINE, STREET_CELL_ALPHA, STREET_CELL_PIXELS } from '../../client/map/palettes';
import type { PatrolZoneCollection } from '../../client/types';
import { EMERGING_CATEGORIES } from '../../geodata/emerging';
import { VALID_CSV } from '../import/helpers';
import { E2E_IMPORT_TOKEN as IMPORT_TOKEN, useAppSession } from './app-session';
import { type Rgb, blend, browserAvailability, colourDistance, drawnCellColour, pixelAt, projectOnPage, saveArtifact } from './browser';
import { CELL, CELL_LAT, CELL_LON } from './demo-cell';
import type { RunningServer } from './server-process';

// The map client against the real server on a fresh embedded database with the synthetic demo
// (the server the browser suites share; global setup starts it). The basemap is unreachable, so the map draws on the plain
// offline background and colours are predictable: cell colour at CELL_ALPHA over it.
// Zoom 13 centred on the cell: 250 m cells are ~20 px across.
const VIEW = `/?preset=serious-violence&cellSize=250#map=13/${CELL_LAT.toFixed(5)}/${CELL_LON.toFixed(5)}`;

const PATROL_VIEW = '/?preset=serious-violence&cellSize=250&budgetHours=20';
/** Signed area ×2 of a lon/lat ring (shoelace): positive when anticlockwise. */
const ringArea2 = (ring: number[][]) => ring.slice(1).reduce((a, p, k) => a + (ring[k]![0]! * p[1]! - p[0]! * ring[k]![1]!), 0);

const browserCheck = browserAvailability();

describe.skipIf(!browserCheck.available)('map client', () => {
  // The browser suites' shared server on the demo (E2E_SERVER_URL: one already running, for
  // iterating on the client).
  const app = useAppSession({
    name: 'map', reuseServer: true, record: '/api/analysis/', page: { acceptDownloads: true },
  });
  const { requests: analysisRequests, errors, cspViolations } = app;
  let server: RunningServer;
  let browser: Browser;
  let page: Page;
  beforeAll(() => void ({ server, browser, page } = app));

  /** Waits until the analysis for the current view is drawn (the app's rendered signal). */
  async function ready(mode: string): Promise<void> {
    await page.waitForSelector(`body[data-app-state="ready"][data-analysis-mode="${mode}"]`, { timeout: 120_000 });
  }

  /** The screenshot and the page-pixel position of the Kingsmere night-time-economy cell centre. */
  async function kingsmereCell(): Promise<{ shot: Buffer; x: number; y: number }> {
    const point = await projectOnPage(page, CELL_LON, CELL_LAT);
    return { shot: await page.screenshot(), ...point };
  }

  /** The closest match to `expected` among 9 pixels inside the cell (a label may cover some). */
  function cellDistance(shot: Buffer, x: number, y: number, expected: Rgb): number {
    let best = Infinity;
    for (const dx of [-5, 0, 5]) for (const dy of [-5, 0, 5]) best = Math.min(best, colourDistance(pixelAt(shot, x + dx, y + dy), expected));
    return best;
  }

  const project = (lon: number, lat: number) => projectOnPage(page, lon, lat);

  async function legendColours(id: string): Promise<string[]> {
    return page.locator(`#legend [data-legend="${id}"] .swatch`).evaluateAll((els) => els.map((e) => (e as HTMLElement).dataset.colour!));
  }

  it('draws the Kingsmere night-time economy as a 99 % hot spot, with the matching legend', async () => {
    await page.goto(`${server.url}${VIEW}`);
    await ready('hotspots');
    expect(analysisRequests.at(-1)).toMatch(/\/api\/analysis\/hotspots\?preset=serious-violence&cellSize=250$/);
    const { shot, x, y } = await kingsmereCell();
    saveArtifact('map-hotspots-1366.png', shot);
    const expected = drawnCellColour(HOTSPOT_COLOURS[3]!);
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
    expect(cellDistance(shot, x, y, drawnCellColour(DENSITY_COLOURS.at(-1)!))).toBeLessThanOrEqual(12);
    expect(cellDistance(shot, x, y, drawnCellColour(HOTSPOT_COLOURS[3]!))).toBeGreaterThan(20);
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
    expect(cellDistance(shot, x, y, drawnCellColour(DENSITY_COLOURS.at(-1)!))).toBeLessThanOrEqual(12);

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
    expect(await page.locator('#legend [data-legend="emerging"]').textContent()).toContain('Harm: Cambridge Crime Harm Index days per incident (Robbery 365');
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
      if (colourDistance({ r: image.data[i]!, g: image.data[i + 1]!, b: image.data[i + 2]! }, drawnCellColour(red)) <= 16) reds++;
    }
    expect(reds).toBeGreaterThan(100);
  });

  it('previews patrol zones over the hot spots, lists them by rank and flies to a zone', async () => {
    await page.goto(`${server.url}${PATROL_VIEW}`);
    await ready('hotspots');
    await page.getByRole('tab', { name: 'Patrol zones' }).click();
    expect(new URL(page.url()).searchParams.get('panel')).toBe('patrol');
    expect(await page.getByLabel('Patrol hours a week').inputValue()).toBe('20');
    expect(await page.getByLabel('Largest zone (km²)').inputValue()).toBe('0.5');
    await page.getByRole('button', { name: 'Preview zones' }).click();
    const rows = page.locator('#patrol-zones-table tbody tr');
    await expect.poll(() => rows.count(), { timeout: 60_000 }).toBeGreaterThan(5);
    const expected = (await (await fetch(`${server.url}/api/patrol-zones?preset=serious-violence&cellSize=250&budgetHours=20&format=json`)).json()) as PatrolZoneCollection;
    expect(await rows.count()).toBe(expected.features.length);
    const top = expected.features[0]!;
    expect(await rows.first().getAttribute('data-zone-id')).toBe(top.properties.id);
    expect(await rows.first().textContent()).toContain(top.properties.districts[0]!.name);
    expect(await page.locator('#patrol-zones-table thead').textContent()).toContain('Visits');
    expect(await page.locator('#patrol-status').textContent()).toMatch(/\d+ zones in 10 districts, Oct 2024 – Sept? 2026/);
    expect(await legendColours('patrol')).toEqual([PATROL_COLOUR.join(',')]);

    // Six columns fit the side panel at 1366×768: no horizontal scroll in the table or the panel.
    const overflow = await page.evaluate(() => [document.querySelector('#patrol-results .table-scroll')!, document.querySelector('.panel')!].map((e) => e.scrollWidth - e.clientWidth));
    expect(overflow).toEqual([0, 0]);

    await rows.first().click();
    await page.waitForSelector(`body[data-patrol-shown="${top.properties.id}"]`, { timeout: 30_000 });
    expect(await rows.first().getAttribute('aria-current')).toBe('true');
    const shot = await page.screenshot();
    saveArtifact('patrol-zones-1366.png', shot);
    // Inside the zone: its translucent fill over the hot-spot red (layer order: cells, district fill, zones).
    const [lon, lat] = top.properties.centroid;
    const c = await project(lon, lat);
    // Flown in close, cells may be at street level: a light tint under the zone instead of the opaque fill.
    const zoom = await page.evaluate(() => (window as unknown as { hotspotAtlas: { map: { getZoom(): number } } }).hotspotAtlas.map.getZoom());
    const cellAlpha = 250 / metresPerPixel(zoom, lat) > STREET_CELL_PIXELS ? STREET_CELL_ALPHA : CELL_ALPHA;
    const fill = blend(PATROL_COLOUR, PATROL_FILL_ALPHA / 255, Object.values(drawnCellColour(HOTSPOT_COLOURS[3]!, cellAlpha)));
    expect(cellDistance(shot, c.x, c.y, fill)).toBeLessThanOrEqual(12);
    // Selected: its outline is amber within its projected bounding box (the other zones stay magenta).
    expect(await outlinePixels(shot, top, PATROL_SELECTED_LINE)).toBeGreaterThan(100);

    // Keyboard: Enter on a focused row selects it; arrows move between rows; Space selects too.
    const second = expected.features[1]!;
    await rows.nth(1).focus();
    await page.keyboard.press('Enter');
    await page.waitForSelector(`body[data-patrol-shown="${second.properties.id}"]`, { timeout: 30_000 });
    expect(await rows.nth(1).getAttribute('aria-current')).toBe('true');
    expect(await rows.first().getAttribute('aria-current')).toBeNull();
    const selectedShot = await page.screenshot();
    saveArtifact('patrol-zone-selected-1366.png', selectedShot);
    expect(await outlinePixels(selectedShot, second, PATROL_SELECTED_LINE)).toBeGreaterThan(100);
    await page.keyboard.press('ArrowDown');
    expect(await page.evaluate(() => (document.activeElement as HTMLElement).dataset.zoneId)).toBe(expected.features[2]!.properties.id);
    await page.keyboard.press(' ');
    await page.waitForSelector(`body[data-patrol-shown="${expected.features[2]!.properties.id}"]`, { timeout: 30_000 });
    expect(await page.locator('#patrol-zones-table tbody tr[aria-current="true"]').evaluateAll((trs) => trs.map((tr) => (tr as HTMLElement).dataset.zoneId))).toEqual([expected.features[2]!.properties.id]);
  });

  /** Pixels of `colour` within a zone's projected bounding box (3 px margin). */
  async function outlinePixels(shot: Buffer, zone: PatrolZoneCollection['features'][number], colour: readonly number[]): Promise<number> {
    const [w, s, e, n] = zone.bbox!;
    const a = await project(w, n);
    const b = await project(e, s);
    const image = PNG.sync.read(shot);
    let count = 0;
    for (let y = Math.max(0, Math.floor(a.y) - 3); y <= Math.min(image.height - 1, b.y + 3); y++) {
      for (let x = Math.max(0, Math.floor(a.x) - 3); x <= Math.min(image.width - 1, b.x + 3); x++) {
        const i = (y * image.width + x) * 4;
        if (colourDistance({ r: image.data[i]!, g: image.data[i + 1]!, b: image.data[i + 2]! }, { r: colour[0]!, g: colour[1]!, b: colour[2]! }) <= 16) count++;
      }
    }
    return count;
  }

  it('exports the previewed zones as an RFC 7946 GeoJSON download named after the area and period', async () => {
    const [download] = await Promise.all([page.waitForEvent('download'), page.getByRole('link', { name: 'Export GeoJSON' }).click()]);
    expect(download.suggestedFilename()).toBe('patrol-zones_10-districts_2024-10_2026-09.geojson');
    const text = readFileSync((await download.path())!, 'utf8');
    const fc = JSON.parse(text) as PatrolZoneCollection & { crs?: unknown };
    expect(fc.type).toBe('FeatureCollection');
    expect(fc).not.toHaveProperty('crs');
    expect(fc.bbox).toHaveLength(4);
    expect(fc.metadata).toMatchObject({ area: '10 districts', period: { from: '2024-10', to: '2026-09' }, parameters: { budgetHoursPerWeek: 20, preset: 'serious-violence', cellSize: 250, rule: 'hotspots', confidence: 95 } });
    expect(fc.metadata.dosage_rule).toMatch(/15 minutes/);
    expect(fc.features.map((f) => f.properties.id)).toEqual(await page.locator('#patrol-zones-table tbody tr').evaluateAll((trs) => trs.map((tr) => (tr as HTMLElement).dataset.zoneId)));
    // At most 6 decimals anywhere in the geometry.
    expect(JSON.stringify(fc.features.map((f) => f.geometry))).not.toMatch(/\d\.\d{7,}/);
    const [W, S, E, N] = fc.bbox!;
    for (const f of fc.features) {
      expect(f.geometry.type).toBe('MultiPolygon');
      expect(f.properties.visits_per_week).toBeGreaterThanOrEqual(0);
      for (const polygon of f.geometry.coordinates) {
        polygon.forEach((ring, r) => {
          expect(ring.length).toBeGreaterThanOrEqual(4);
          expect(ring[0]).toEqual(ring.at(-1));
          // RFC 7946 §3.1.6: exterior rings anticlockwise, holes clockwise.
          if (r === 0) expect(ringArea2(ring)).toBeGreaterThan(0);
          else expect(ringArea2(ring)).toBeLessThan(0);
          for (const [x, y] of ring) {
            expect(x! >= W && x! <= E && y! >= S && y! <= N).toBe(true);
          }
        });
      }
    }
  });

  it('saves the zones as a named set, lists it, and its download is byte-identical to the export', async () => {
    await page.getByLabel('Set name').fill('E2E night patrols');
    await page.getByRole('button', { name: 'Save set' }).click();
    await expect.poll(() => page.locator('#patrol-save-status').textContent(), { timeout: 60_000 }).toMatch(/Saved "E2E night patrols" \(\d+ zones\)/);
    // Newest first: the set just saved heads the list.
    const item = page.locator('#patrol-sets li').first();
    expect(await item.textContent()).toMatch(/^E2E night patrols \d+ zones, .*, by unauthenticated/);
    const href = await item.getByRole('link', { name: 'GeoJSON' }).getAttribute('href');
    expect(href).toMatch(/^\/api\/patrol-zone-sets\/\d+\?format=geojson$/);
    const saved = await (await fetch(`${server.url}${href}`)).text();
    const exported = await (await fetch(`${server.url}/api/patrol-zones?preset=serious-violence&cellSize=250&budgetHours=20&format=geojson`)).text();
    expect(saved).toBe(exported);
    // Other parameters clear the preview rather than leave stale zones on the map.
    await page.getByLabel('Most zones').fill('3');
    await page.getByLabel('Most zones').press('Tab');
    await expect.poll(() => page.locator('#patrol-status').textContent()).toMatch(/preview again/);
    expect(new URL(page.url()).searchParams.get('maxZones')).toBe('3');
    expect(await page.locator('#legend [data-legend="patrol"]').count()).toBe(0);
  });

  it('shows what is loaded on the Data page, and an upload refused with its problem detail', async () => {
    // The tabs follow the ARIA tabs pattern: arrow keys move between pages.
    await page.getByRole('tab', { name: 'Patrol zones' }).focus();
    await page.keyboard.press('ArrowRight');
    expect(await page.evaluate(() => document.activeElement?.id)).toBe('tab-data');
    expect(new URL(page.url()).searchParams.get('panel')).toBe('data');
    const health = (await (await fetch(`${server.url}/api/health`)).json()) as { incidents: number };
    const summary = (await (await fetch(`${server.url}/api/incidents/summary`)).json()) as { total: number; withoutLocation: number };
    expect(summary.total + summary.withoutLocation).toBe(health.incidents);
    const months = page.locator('#data-months tbody tr');
    await expect.poll(() => months.count(), { timeout: 10_000 }).toBe(24);
    expect(await months.first().textContent()).toMatch(/^Oct 2024/);
    expect(await months.last().textContent()).toMatch(/^Sept? 2026/);
    const monthTotal = (await months.locator('td:first-of-type').allTextContents()).reduce((a, t) => a + Number(t.replaceAll(',', '')), 0);
    expect(monthTotal).toBe(summary.total);
    expect(await page.locator('#data-totals').textContent()).toContain(`${summary.total.toLocaleString('en-GB')} incidents`);
    expect(await page.locator('#data-totals').textContent()).toContain(`${summary.withoutLocation.toLocaleString('en-GB')} (counted, not mapped)`);
    expect(await page.locator('#data-totals').textContent()).toMatch(/synthetic demo/);
    expect(await page.locator('#data-districts tbody tr').count()).toBe(10);
    expect(await page.locator('#data-last-import').textContent()).toMatch(/synthetic/i);

    const csv = readFileSync(VALID_CSV);
    await page.getByLabel('Files').setInputFiles({ name: '2025-12-testshire-street.csv', mimeType: 'text/csv', buffer: csv });
    await page.getByLabel('Analyst token').fill('not-the-token');
    await page.getByRole('button', { name: 'Upload and import' }).click();
    await expect.poll(() => page.locator('#upload-result').textContent(), { timeout: 10_000 }).toMatch(/Upload refused: The bearer token is not valid/);
    await page.getByLabel('Analyst token').fill(IMPORT_TOKEN);
    await page.getByRole('button', { name: 'Upload and import' }).click();
    await expect.poll(() => page.locator('#upload-result').textContent(), { timeout: 10_000 }).toMatch(/Upload refused: Loading real data removes the synthetic demo: send replaceDemo=true/);
    expect(((await (await fetch(`${server.url}/api/health`)).json()) as { incidents: number }).incidents).toBe(health.incidents);
    saveArtifact('data-page-1366.png', await page.screenshot());
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

  // Last, so it covers every page the suite drove: the map, patrol zones, the data page, exports.
  it('draws everything under the Content-Security-Policy without a single violation', async () => {
    const res = await fetch(`${server.url}/`);
    expect(res.headers.get('content-security-policy')).toMatch(/frame-ancestors 'none'/);
    expect(cspViolations).toEqual([]);
  });
});

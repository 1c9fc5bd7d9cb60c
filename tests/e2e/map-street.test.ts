import type { Page } from 'playwright-core';
import { PNG } from 'pngjs';
import { beforeAll, describe, expect, it } from 'vitest';
import { HOTSPOT_COLOURS, POINT_COLOUR, STREET_CELL_ALPHA, heatColour } from '../../client/map/palettes';
import { bngToLonLat } from '../../geodata/bng';
import { decodeSnapPointTile, mergeSnapPointTiles, tilesBox, tilesCovering } from '../../client/map/snap-point-tiles';
import type { IncidentPointsResponse } from '../../client/types';
import { useAppSession } from './app-session';
import { browserAvailability, colourDistance, drawnCellColour, pixelAt, projectOnPage, saveArtifact } from './browser';
import { CELL, CELL_LAT, CELL_LON, NTE } from './demo-cell';
import type { RunningServer } from './server-process';

// Street-level points, the density heatmap and keyboard access to cell details, on the synthetic
// demo with the offline basemap (predictable colours). E2E_SERVER_URL reuses a running server.
const at = (zoom: number) => `#map=${zoom}/${CELL_LAT.toFixed(5)}/${CELL_LON.toFixed(5)}`;

const browserCheck = browserAvailability();

describe.skipIf(!browserCheck.available)('map client: street level, heatmap, keyboard', () => {
  const app = useAppSession({ name: 'street', reuseServer: true });
  const { requests, errors } = app;
  let server: RunningServer;
  let page: Page;
  beforeAll(() => void ({ server, page } = app));

  const ready = (mode: string) => page.waitForSelector(`body[data-app-state="ready"][data-analysis-mode="${mode}"]`, { timeout: 120_000 });

  const project = (lon: number, lat: number) => projectOnPage(page, lon, lat);

  it('at street level draws cells as a light tint with an outline, so streets show through', async () => {
    // Zoom 16: the 250 m cell is ~350 px wide. Points hidden, so only the cell is under the probes.
    await page.goto(`${server.url}/?preset=serious-violence&cellSize=250&hide=points${at(16)}`);
    await ready('hotspots');
    const hot = HOTSPOT_COLOURS[3]!;
    let shot = await page.screenshot();
    const centre = await project(CELL_LON, CELL_LAT);
    // The layers are rebuilt for the scale on the first draw; wait for the tint (the opaque fill first is allowed).
    for (let tries = 0; tries < 20 && colourDistance(pixelAt(shot, centre.x, centre.y), drawnCellColour(hot, STREET_CELL_ALPHA)) > 12; tries++) {
      await page.waitForTimeout(250);
      shot = await page.screenshot();
    }
    saveArtifact('map-street-cell-outline.png', shot);
    expect(colourDistance(pixelAt(shot, centre.x, centre.y), drawnCellColour(hot, STREET_CELL_ALPHA)), 'light tint inside').toBeLessThanOrEqual(12);
    expect(colourDistance(pixelAt(shot, centre.x, centre.y), drawnCellColour(hot)), 'not the opaque fill').toBeGreaterThan(60);
    // The cell's west edge, half-way up: the outline in the cell's full colour (best of a 3 × 3 patch).
    const [edgeLon, edgeLat] = bngToLonLat(CELL.x - 125, CELL.y);
    const edge = await project(edgeLon, edgeLat);
    let best = Infinity;
    for (let dx = -1; dx <= 1; dx++) for (let dy = -1; dy <= 1; dy++) best = Math.min(best, colourDistance(pixelAt(shot, edge.x + dx, edge.y + dy), drawnCellColour(hot, 255)));
    expect(best, 'outline on the cell edge').toBeLessThanOrEqual(16);
  });

  it('draws one marker per snap point at street level, labelled by count, with the caveat', async () => {
    const before = requests.length;
    await page.goto(`${server.url}/?preset=serious-violence&cellSize=250${at(16)}`);
    await ready('hotspots');
    await page.waitForSelector('body[data-points]:not([data-points="none"])', { timeout: 60_000 });
    // The layer reads the snap-point vector tiles covering the view (not the points JSON), with the view's filters.
    const made = requests.slice(before);
    expect(made.filter((u) => u.includes('/api/incidents/points'))).toEqual([]);
    const view = await page.evaluate(() => {
      const m = (window as unknown as { hotspotAtlas: { map: { getBounds: () => { getWest: () => number; getSouth: () => number; getEast: () => number; getNorth: () => number }; getZoom: () => number } } }).hotspotAtlas.map;
      const b = m.getBounds();
      return { box: [b.getWest(), b.getSouth(), b.getEast(), b.getNorth()] as const, zoom: m.getZoom() };
    });
    const { tiles } = tilesCovering(view.box, view.zoom, 64);
    expect(tiles.length).toBeGreaterThan(0);
    const tileUrls = tiles.map((t) => {
      const url = made.find((u) => u.includes(`/api/tiles/snap-points/${t.z}/${t.x}/${t.y}.mvt`));
      expect(url, `tile ${t.z}/${t.x}/${t.y} requested`).toBeDefined();
      expect(url).toMatch(/\?preset=serious-violence$/);
      return url!;
    });
    expect(tiles[0]!.z).toBe(16);
    // What the layer should draw: those tiles, decoded and merged (repeats at tile edges dropped).
    const decoded = await Promise.all(tileUrls.map(async (u, i) => decodeSnapPointTile(new Uint8Array(await (await fetch(u)).arrayBuffer()), tiles[i]!)));
    const points = mergeSnapPointTiles(decoded, { bbox: tilesBox(tiles), parameters: { preset: 'serious-violence', categories: [], from: null, to: null, districts: [] }, truncated: false });
    expect(points.locations).toBeGreaterThan(5);
    expect(await page.evaluate(() => document.body.dataset.points)).toBe(String(points.locations));
    // Cross-check against the points JSON of the tiles' area: the same busiest point, with the same count.
    const json = (await (await fetch(`${server.url}/api/incidents/points?preset=serious-violence&bbox=${tilesBox(tiles).map((v) => v.toFixed(6)).join(',')}`)).json()) as IncidentPointsResponse;
    expect([json.easting[0], json.northing[0], json.count[0], json.location[0]]).toEqual([points.easting[0], points.northing[0], points.count[0], points.location[0]]);

    // The busiest snap point: a purple disc (its count is printed in white at the centre).
    const p = await project(points.lon[0]!, points.lat[0]!);
    const shot = await page.screenshot();
    saveArtifact('map-points-1366.png', shot);
    const radius = 4 + Math.min(10, 2.5 * Math.log2(points.count[0]!));
    let purple = 0;
    for (const [dx, dy] of [[-0.7, 0], [0.7, 0], [0, -0.7], [0, 0.7]]) {
      if (colourDistance(pixelAt(shot, p.x + dx! * radius, p.y + dy! * radius), { r: POINT_COLOUR[0], g: POINT_COLOUR[1], b: POINT_COLOUR[2] }) <= 30) purple++;
    }
    expect(purple).toBeGreaterThanOrEqual(3);
    const image = PNG.sync.read(shot);
    let white = 0;
    for (let y = Math.round(p.y - 5); y <= p.y + 5; y++) {
      for (let x = Math.round(p.x - 8); x <= p.x + 8; x++) {
        const i = (y * image.width + x) * 4;
        if (image.data[i]! > 200 && image.data[i + 1]! > 200 && image.data[i + 2]! > 200) white++;
      }
    }
    expect(white, 'the count label in white').toBeGreaterThan(3);
    expect(await page.locator('#legend [data-legend="points"]').textContent()).toMatch(/zoom 14 and closer.*"on or near" a place, not an address/s);

    await page.mouse.move(p.x + 0.6 * radius, p.y);
    const tooltip = page.locator('#tooltip');
    await expect.poll(() => tooltip.textContent()).toContain(points.location[0]!);
    const text = (await tooltip.textContent())!;
    expect(text).toContain(`Incidents${points.count[0]!.toLocaleString('en-GB')}`);
    expect(text).toMatch(/Violence and sexual offences\d+/);
    expect(text).toMatch(/"on or near" this place, not at an address/);

    await page.mouse.click(p.x + 0.6 * radius, p.y);
    const details = page.locator('#details');
    await expect.poll(() => details.locator('table.by-category').count()).toBe(1);
    expect(await details.locator('.details-title').textContent()).toContain(`${points.location[0]} (snap point at ${points.easting[0]} E, ${points.northing[0]} N)`);
    const rows = await details.locator('table.by-category tr').allTextContents();
    const total = rows.reduce((a, r) => a + Number(r.replace(/^\D+/, '').replaceAll(',', '')), 0);
    expect(total).toBe(points.count[0]);
    expect(await details.locator('svg.sparkline polyline').count()).toBe(1);
    expect(await details.textContent()).toMatch(/not at an address/);

    // The markers' text alternative: the busiest snap points in view, first the one clicked above;
    // from the keyboard it opens the same details.
    const first = page.locator('#snap-points button').first();
    expect(await first.textContent()).toBe(`${points.location[0]}${points.count[0]!.toLocaleString('en-GB')} incidents; snap point at ${points.easting[0]} E, ${points.northing[0]} N`);
    await details.evaluate((d) => d.replaceChildren());
    await first.focus();
    await page.keyboard.press('Enter');
    await expect.poll(() => details.locator('.details-title').textContent()).toContain(`(snap point at ${points.easting[0]} E, ${points.northing[0]} N)`);
  });

  it('draws no points when zoomed out beyond street level', async () => {
    await page.evaluate(() => (window as unknown as { hotspotAtlas: { map: { jumpTo: (o: object) => void } } }).hotspotAtlas.map.jumpTo({ zoom: 12 }));
    await page.waitForSelector('body[data-points="none"]', { timeout: 30_000 });
    expect(await page.locator('#legend [data-legend="points"]').count()).toBe(0);
    expect(await page.locator('#snap-points-section').isHidden()).toBe(true);
  });

  it('switches density to a smooth kernel density surface, kept in the URL', async () => {
    await page.goto(`${server.url}/?mode=density&preset=serious-violence&cellSize=250${at(13)}`);
    await ready('density');
    const point = await project(CELL_LON, CELL_LAT);
    const classed = await page.screenshot();
    const before = requests.length;
    await page.getByRole('checkbox', { name: /Show density as a heatmap/ }).check();
    await page.waitForFunction(() => document.querySelector('#legend [data-legend="density"] h2')?.textContent?.includes('heatmap'), undefined, { timeout: 120_000 });
    await ready('density');
    const analysis = requests.slice(before).filter((u) => u.includes('/api/analysis/'));
    expect(analysis).toHaveLength(1);
    expect(analysis[0]).toMatch(/\/api\/analysis\/density\?preset=serious-violence&cellSize=250&smoothing=kde$/);
    expect(new URL(page.url()).searchParams.get('style')).toBe('heatmap');
    const legend = (await page.locator('#legend [data-legend="density"]').textContent())!;
    expect(legend).toMatch(/Density heatmap \(incidents per km²\)/);
    expect(legend).toMatch(/quartic kernel, bandwidth [\d,]+ m/);
    const heat = await page.screenshot();
    saveArtifact('map-density-heatmap-1366.png', heat);

    // At the cell centre the surface shows exactly that cell's value (texel centre) on the
    // continuous ramp from 0 to the surface's maximum; the planted hot spot is near the top.
    const surface = (await (await fetch(analysis[0]!)).json()) as { grid: { originX: number; originY: number; cellSize: number; cols: number }; cells: { index: number[]; density: number[] } };
    const g = surface.grid;
    const k = surface.cells.index.indexOf(Math.floor((CELL.y - g.originY) / g.cellSize) * g.cols + Math.floor((CELL.x - g.originX) / g.cellSize));
    const t = surface.cells.density[k]! / Math.max(...surface.cells.density);
    expect(t).toBeGreaterThan(0.8);
    expect(colourDistance(pixelAt(heat, point.x, point.y), drawnCellColour(heatColour(t)))).toBeLessThanOrEqual(12);
    // A smooth surface: across 200 px east of the hot spot, colours change in many small steps,
    // where the classed map has at most its 6 classes (plus antialiased edges).
    const distinct = (png: Buffer) => {
      const image = PNG.sync.read(png);
      const seen = new Set<string>();
      const y = Math.round(point.y + 30);
      for (let x = Math.round(point.x); x < point.x + 200; x++) seen.add(image.data.subarray((y * image.width + x) * 4, (y * image.width + x) * 4 + 3).join(','));
      return seen.size;
    };
    expect(distinct(heat)).toBeGreaterThan(2 * distinct(classed));
    expect(distinct(heat)).toBeGreaterThan(30);

    await page.reload();
    await ready('density');
    expect(await page.getByRole('checkbox', { name: /Show density as a heatmap/ }).isChecked()).toBe(true);
    expect(requests.filter((u) => u.includes('/api/analysis/')).at(-1)).toMatch(/smoothing=kde/);
  });

  it('opens cell details from the keyboard: a ranked list of top cells, Tab then Enter', async () => {
    await page.goto(`${server.url}/?preset=serious-violence&cellSize=250#map=11/${CELL_LAT.toFixed(5)}/${(CELL_LON + 0.2).toFixed(5)}`);
    await ready('hotspots');
    const first = page.locator('#top-cells button').first();
    expect(await page.locator('#top-cells button').count()).toBe(10);
    // Rank 1 is the planted night-time-economy cell (the largest Gi* z of the county).
    const index = Number(await first.getAttribute('data-cell-index'));
    // Its accessible name is its visible text (WCAG 2.5.3), with the rank first.
    expect(await first.getAttribute('aria-label')).toBeNull();
    expect(await first.textContent()).toMatch(/^Rank 1: Hot spot, 99 % confidence, incidents [\d,]+250 m cell at \d+ E, \d+ N$/);
    // Keyboard only: from the button before the list, Tab reaches the first top cell.
    await page.locator('#copy-link').focus();
    for (let i = 0; i < 5 && !(await first.evaluate((b) => b === document.activeElement)); i++) await page.keyboard.press('Tab');
    expect(await first.evaluate((b) => b === document.activeElement)).toBe(true);
    const outline = await first.evaluate((b) => getComputedStyle(b).outlineStyle);
    expect(outline).not.toBe('none');
    await page.keyboard.press('Enter');
    const details = page.locator('#details');
    await expect.poll(() => details.locator('table.by-category').count()).toBe(1);
    const [x0, y0] = [Math.floor(NTE.easting / 250) * 250, Math.floor(NTE.northing / 250) * 250];
    expect(await details.locator('.details-title').textContent()).toBe(`250 m cell at ${x0} E, ${y0} N (British National Grid)`);
    expect(await details.textContent()).toMatch(/Hot spot, 99 % confidence/);
    // The map moved to the cell.
    await page.waitForFunction(([lo, la]) => {
      const c = (window as unknown as { hotspotAtlas: { map: { getCenter: () => { lng: number; lat: number }; isMoving: () => boolean } } }).hotspotAtlas.map;
      const centre = c.getCenter();
      return !c.isMoving() && Math.abs(centre.lng - lo!) < 1e-4 && Math.abs(centre.lat - la!) < 1e-4;
    }, [CELL_LON, CELL_LAT], { timeout: 10_000 });
    expect(index).toBeGreaterThan(0);
    expect(errors).toEqual([]);
  });
});

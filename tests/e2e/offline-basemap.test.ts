import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Page } from 'playwright-core';
import { beforeAll, describe, expect, it } from 'vitest';
import { writePmtiles } from '../fixtures/pmtiles/write-pmtiles';
import { useAppSession } from './app-session';
import { browserAvailability, colourDistance, pixelAt, projectOnPage, saveArtifact } from './browser';
import { CELL_LAT, CELL_LON } from './demo-cell';
import type { RunningServer } from './server-process';

// A deployment with no outside tile host: the basemap comes from a PMTiles archive the app
// serves itself. The archive holds land and one major road through the demo's town centre, in
// the Protomaps schema, drawn by Protomaps' light style: land #e2dfda, major roads white.
const LAND = { r: 0xe2, g: 0xdf, b: 0xda };
const ROAD = { r: 255, g: 255, b: 255 };
const ROAD_FROM = [CELL_LON - 0.02, CELL_LAT] as const;
const ROAD_TO = [CELL_LON + 0.02, CELL_LAT] as const;

const browserCheck = browserAvailability();

describe.skipIf(!browserCheck.available)('offline basemap from a local PMTiles archive', () => {
  let archive = '';
  const app = useAppSession({
    name: 'pmtiles',
    record: '/basemap/',
    beforeStart: async (dataDir) => {
      archive = join(dataDir, 'area.pmtiles');
      const box = [[CELL_LON - 0.1, CELL_LAT - 0.06], [CELL_LON + 0.1, CELL_LAT - 0.06], [CELL_LON + 0.1, CELL_LAT + 0.06], [CELL_LON - 0.1, CELL_LAT + 0.06], [CELL_LON - 0.1, CELL_LAT - 0.06]];
      writeFileSync(archive, writePmtiles({
        earth: { type: 'FeatureCollection', features: [{ type: 'Feature', properties: {}, geometry: { type: 'Polygon', coordinates: [box] } }] },
        roads: { type: 'FeatureCollection', features: [{ type: 'Feature', properties: { kind: 'major_road' }, geometry: { type: 'LineString', coordinates: [[...ROAD_FROM], [...ROAD_TO]] } }] },
      }, { minZoom: 8, maxZoom: 15 }));
    },
    env: () => ({ BASEMAP_PMTILES: archive }),
  });
  let server: RunningServer;
  let page: Page;
  beforeAll(() => void ({ server, page } = app));

  it('draws the road from the archive, read by byte ranges, under the analysis', async () => {
    // Analysis hidden: only the basemap (and district outlines) under the probe points.
    await page.goto(`${server.url}/?hide=analysis,districts#map=16/${CELL_LAT.toFixed(5)}/${CELL_LON.toFixed(5)}`);
    await page.waitForSelector('body[data-app-state="ready"]', { timeout: 120_000 });
    const onRoad = await projectOnPage(page, CELL_LON, CELL_LAT);
    const offRoad = await projectOnPage(page, CELL_LON, CELL_LAT + 0.0015);
    let shot = await page.screenshot();
    // Tiles arrive after the app is ready: poll until the road is drawn (or give up after 30 s).
    for (let tries = 0; tries < 60 && colourDistance(pixelAt(shot, onRoad.x, onRoad.y), ROAD) > 12; tries++) {
      await page.waitForTimeout(500);
      shot = await page.screenshot();
    }
    saveArtifact('offline-basemap-pmtiles.png', shot);
    expect(colourDistance(pixelAt(shot, onRoad.x, onRoad.y), ROAD), 'white major road').toBeLessThanOrEqual(12);
    expect(colourDistance(pixelAt(shot, offRoad.x, offRoad.y), LAND), 'land beside it').toBeLessThanOrEqual(12);
    expect(app.requests.some((u) => u.endsWith('/basemap/area.pmtiles')), 'archive requested').toBe(true);
    // No notice of a missing basemap: this deployment has one.
    expect((await page.locator('#notice').textContent()) ?? '').not.toMatch(/basemap/i);
    expect(app.errors).toEqual([]);
  });
});

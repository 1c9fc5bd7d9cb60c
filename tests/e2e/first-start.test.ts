import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DISTRICT_LINE } from '../../client/map/district-layers';
import { browserAvailability, countPixels, launchChromium, saveArtifact } from './browser';
import { type RunningServer, startServer } from './server-process';

// The whole first-run path a new user takes: `npm start` on an empty embedded database builds
// the client, loads the synthetic demo and serves the map; a restart keeps the data.
describe('npm start on a fresh machine', () => {
  const dataDir = mkdtempSync(join(tmpdir(), 'hotspot-atlas-e2e-'));
  // Nothing listens on port 9 (discard): the basemap style cannot load, as on a closed network.
  const env = { DATA_DIR: dataDir, BASEMAP_STYLE_URL: 'http://127.0.0.1:9/style.json' };
  let server: RunningServer;
  const browserCheck = browserAvailability();
  let browser: Browser | undefined;

  beforeAll(async () => {
    server = await startServer(env);
    console.log(`cold first start (client build if stale, database creation, demo load): ${server.readySeconds.toFixed(1)} s`);
    if (browserCheck.available) browser = await launchChromium();
  });

  afterAll(async () => {
    await browser?.close();
    await server?.stop();
    rmSync(dataDir, { recursive: true, force: true });
  });

  it('loads the synthetic demo and says so in /api/health', async () => {
    expect(server.output()).toContain('loading the synthetic demo');
    const health = await (await fetch(`${server.url}/api/health`)).json();
    expect(health).toMatchObject({ status: 'ok', database: 'pglite', synthetic: true });
    expect(health.incidents).toBeGreaterThan(90_000);
    expect(health.months).toHaveLength(2);
    const districts = await (await fetch(`${server.url}/api/districts`)).json();
    expect(districts.features.length).toBeGreaterThanOrEqual(6);
    expect(districts.features.length).toBeLessThanOrEqual(14);
  });

  it.skipIf(!browserCheck.available)('draws the district boundaries over the offline basemap, with the synthetic banner', async () => {
    const page = await browser!.newPage({ viewport: { width: 1366, height: 768 } });
    const errors: string[] = [];
    page.on('pageerror', (e) => errors.push(e.message));
    await page.goto(server.url);
    await page.waitForSelector('body[data-app-state="ready"]', { timeout: 120_000 });
    expect(await page.getAttribute('body', 'data-basemap')).toBe('offline');
    await expect.poll(() => page.locator('#notice').textContent()).toMatch(/Basemap unavailable/);
    expect(await page.locator('#banner').textContent()).toMatch(/Synthetic demo data/);
    expect(await page.locator('#banner').isVisible()).toBe(true);
    expect(await page.locator('.maplibregl-ctrl-attrib').textContent()).toMatch(/data\.police\.uk.*ONS.*Open Government Licence/s);

    const shot = await page.locator('#map').screenshot();
    saveArtifact('first-start-map.png', shot);
    const [r, g, b] = DISTRICT_LINE;
    const boundaryPixels = countPixels(shot, { r, g, b });
    // 2 px outlines of 6–14 districts across a ~1000×740 px map: thousands of pixels when drawn.
    expect(boundaryPixels).toBeGreaterThan(2000);
    expect(errors).toEqual([]);
    await page.close();
  });

  it('keeps the embedded data across a restart without reloading the demo', async () => {
    const before = await (await fetch(`${server.url}/api/health`)).json();
    await server.stop();
    server = await startServer(env);
    console.log(`warm start: ${server.readySeconds.toFixed(1)} s`);
    expect(server.output()).not.toContain('loading the synthetic demo');
    const after = await (await fetch(`${server.url}/api/health`)).json();
    expect(after).toEqual(before);
  });
});

import { pointOnFeature } from '@turf/turf';
import type { Feature, MultiPolygon, Polygon } from 'geojson';
import type { BrowserContext, Page } from 'playwright-core';
import { describe, expect, it } from 'vitest';
import { openDatabase } from '../../db/connect';
import { generateDemo } from '../../geodata/demo/index';
import { loadDemo } from '../../server/demo';
import { PASSWORD, addUser } from '../auth/accounts-fixture';
import { KIND_STYLES } from '../../client/plans/plan-style';
import { useAppSession } from './app-session';
import { expectAxeClean } from './axe-check';
import { browserAvailability, countPixels, projectOnPage, saveArtifact } from './browser';

const browserCheck = browserAvailability();
// The demo's districts depend on its seed alone: the first one's code, before the server exists.
const DISTRICT = generateDemo({ incidents: 100 }).districts[0]!.code;

/** Signs a browser context in through the API, as the sign-in form does (same-origin write). */
async function signIn(context: BrowserContext, url: string, name: string): Promise<void> {
  const res = await context.request.post(`${url}/api/session`, { data: { name, password: PASSWORD }, headers: { origin: url } });
  expect(res.status()).toBe(200);
}

const waitReady = (page: Page) => page.waitForSelector('body[data-app-state="ready"]', { timeout: 180_000 });
const AREA = KIND_STYLES['priority-area'].colour;
// Sign-in, a first map and drawing under software WebGL took up to 113 s on a shared, loaded 2-core machine.
const STEP_TIMEOUT_MS = 300_000;

describe.skipIf(!browserCheck.available)('the Plans page: draw, save, reload, conflict', () => {
  const session = useAppSession({
    name: 'plans',
    // In the data folder before the server opens it (one process at a time on PGlite): a small
    // demo (the editors' district must exist; the plans need no 100k incidents) and two editors of
    // its first district. The CLI's own tests cover `user add`; three CLI runs cost minutes here.
    beforeStart: async (dataDir) => {
      const database = await openDatabase({ dataDir });
      try {
        await loadDemo(database.db, { incidents: 20_000 });
        await addUser(database.db, 'ed', 'editor', [DISTRICT]);
        await addUser(database.db, 'kim', 'editor', [DISTRICT]);
      } finally {
        await database.close();
      }
    },
  });
  let planUrl = '';
  let square: Array<{ x: number; y: number }> = [];

  it('an editor signs in, creates a plan and draws a priority area on the map, with its properties', async () => {
    const { page, server } = session;
    await page.goto(`${server.url}/?panel=plans`);
    await page.locator('#sign-in-form').waitFor({ state: 'visible', timeout: 60_000 });
    await page.getByLabel('Name').fill('ed');
    await page.getByLabel('Password').fill(PASSWORD);
    await page.getByRole('button', { name: 'Sign in' }).click();
    await waitReady(page);
    await expect.poll(() => page.locator('#plans-session').textContent()).toContain('Signed in as ed (editor of');

    await page.locator('#new-plan-box summary').click();
    await page.locator('#new-plan-title').fill('Safer town centre');
    await page.getByRole('button', { name: 'Create plan' }).click();
    await expect.poll(() => page.locator('#plan-heading').textContent(), { timeout: 30_000 }).toBe('Safer town centre');

    // Move the map well inside the district, then draw a square there by clicking its corners.
    const districts = await page.evaluate(async () => (await fetch('/api/districts')).json());
    const district = districts.features.find((f: { properties: { code: string } }) => f.properties.code === DISTRICT) as Feature<Polygon | MultiPolygon>;
    const [lon, lat] = pointOnFeature(district).geometry.coordinates as [number, number];
    await page.evaluate(([lo, la]) => (window as unknown as { hotspotAtlas: { map: { jumpTo(o: unknown): void } } }).hotspotAtlas.map.jumpTo({ center: [lo, la], zoom: 14 }), [lon, lat]);
    await waitReady(page);
    const centre = await projectOnPage(page, lon, lat);
    square = [[-70, -70], [70, -70], [70, 70], [-70, 70]].map(([dx, dy]) => ({ x: centre.x + dx!, y: centre.y + dy! }));

    await page.getByRole('button', { name: 'Draw a new feature' }).click();
    await expect.poll(() => page.locator('#feature-shape').textContent()).toContain('click the first corner again');
    for (const p of [...square, square[0]!]) {
      await page.mouse.move(p.x, p.y, { steps: 4 });
      await page.mouse.click(p.x, p.y);
    }
    await expect.poll(() => page.locator('#feature-shape').textContent()).toContain('Shape drawn (Polygon)');

    await page.locator('#feature-name').fill('Town centre');
    await page.locator('#feature-partner').fill('Community Safety Partnership');
    await page.locator('#feature-amount').fill('25000');
    await page.locator('#feature-fund').fill('PCC Safer Streets');
    await page.getByRole('button', { name: 'Save feature' }).click();
    await expect.poll(() => page.locator('#plans-status').textContent(), { timeout: 30_000 }).toContain('Feature “Town centre” saved');
    planUrl = page.url();
    expect(planUrl).toMatch(/plan=\d+/);
    expect(planUrl).toMatch(/plans=\d+/);
  }, STEP_TIMEOUT_MS);

  it('after a reload the feature is in the list with its partner and funding, and drawn on the map', async () => {
    const { page } = session;
    await page.reload();
    await waitReady(page);
    const row = page.locator('#plan-features tr', { hasText: 'Town centre' });
    await row.waitFor({ timeout: 60_000 });
    expect(await row.textContent()).toContain('Priority area');
    expect(await row.textContent()).toContain('Community Safety Partnership');
    expect(await row.textContent()).toContain('£25,000 from PCC Safer Streets');
    expect(await page.locator('#legend [data-legend="plans"]').textContent()).toContain('Priority area');

    // The outline's colour along the drawn square's edges, then gone when the overlay is switched off.
    const box = (await page.locator('#map').boundingBox())!;
    const xs = square.map((p) => p.x);
    const ys = square.map((p) => p.y);
    const clip = { x: Math.min(...xs) - 10, y: Math.min(...ys) - 10, width: Math.max(...xs) - Math.min(...xs) + 20, height: Math.max(...ys) - Math.min(...ys) + 20 };
    expect(clip.x).toBeGreaterThan(box.x);
    const outline = { r: AREA[0], g: AREA[1], b: AREA[2] };
    const shown = countPixels(await page.screenshot({ clip }), outline, 40);
    saveArtifact('plans-overlay.png', await page.screenshot({ clip }));
    const rendered = await page.evaluate(() => Number(document.body.dataset.layerRendered));
    await page.locator('input[data-plan-overlay]').first().uncheck();
    await page.waitForFunction((before) => Number(document.body.dataset.layerRendered) > before, rendered);
    const hidden = countPixels(await page.screenshot({ clip }), outline, 40);
    // Four edges of ~140 px, at least a pixel wide each.
    expect(shown).toBeGreaterThan(400);
    expect(hidden).toBeLessThan(shown / 10);
    await page.locator('input[data-plan-overlay]').first().check();
  }, STEP_TIMEOUT_MS);

  it('a second officer\'s save makes the first one\'s stale write show what changed, and Reload brings it in', async () => {
    const { page, browser, server } = session;
    const other = await browser.newContext({ viewport: { width: 1366, height: 768 } });
    await signIn(other, server.url, 'kim');
    const kim = await other.newPage();
    await kim.goto(planUrl);
    await waitReady(kim);
    await kim.locator('#plan-title').waitFor({ timeout: 60_000 });
    await kim.locator('#plan-title').fill('Safer town centre 2026');
    await kim.getByRole('button', { name: 'Save plan' }).click();
    await expect.poll(() => kim.locator('#plans-status').textContent(), { timeout: 30_000 }).toContain('Plan saved');
    await other.close();

    await page.locator('#plan-summary').fill('Late-night economy first.');
    await page.getByRole('button', { name: 'Save plan' }).click();
    const conflict = page.locator('#plan-conflict');
    await conflict.waitFor({ state: 'visible', timeout: 30_000 });
    expect(await conflict.textContent()).toContain('someone else changed this plan');
    expect(await conflict.textContent()).toContain('Title: “Safer town centre” → “Safer town centre 2026”');
    expect(await conflict.textContent()).toContain('last changed by kim');
    await page.getByRole('button', { name: 'Reload the plan' }).click();
    await expect.poll(() => page.locator('#plan-heading').textContent()).toBe('Safer town centre 2026');
  }, STEP_TIMEOUT_MS);

  it('is clean under axe-core with a plan open, at desktop size and at 390 × 844', async () => {
    const { page } = session;
    await expectAxeClean(page, 'plans panel with a plan open (1366×768)');
    await page.setViewportSize({ width: 390, height: 844 });
    // Below 900 px the panel is a bottom sheet, opened already by the link to the Plans page.
    const sheet = page.locator('#sheet-toggle');
    if ((await sheet.getAttribute('aria-expanded')) === 'false') await sheet.click();
    await page.locator('#plan-heading').waitFor({ state: 'visible' });
    await expectAxeClean(page, 'plans panel with a plan open (390×844)');
    expect(session.errors).toEqual([]);
    expect(session.cspViolations).toEqual([]);
  }, STEP_TIMEOUT_MS);
});

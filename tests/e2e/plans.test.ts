import { readFileSync } from 'node:fs';
import { bbox, pointOnFeature } from '@turf/turf';
import type { Feature, FeatureCollection, MultiPolygon, Polygon, Position } from 'geojson';
import type { BrowserContext, Page } from 'playwright-core';
import { describe, expect, it } from 'vitest';
import { openDatabase } from '../../db/connect';
import { generateDemo } from '../../geodata/demo/index';
import { loadDemo } from '../../server/demo';
import { PASSWORD, addUser } from '../auth/accounts-fixture';
import { KIND_STYLES } from '../../client/plans/plan-style';
import { useAppSession } from './app-session';
import { expectAxeClean } from './axe-check';
import { type Rgb, browserAvailability, countPixels, projectOnPage, saveArtifact } from './browser';

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
const rgb = ([r, g, b]: readonly number[]): Rgb => ({ r: r!, g: g!, b: b! });
type Point = { x: number; y: number };
type StoredFeature = { id: number; name: string; kind: string; geometry: { type: string; coordinates: unknown } };

/** The plan as the API has it now (the page's session cookie signs the request). */
async function storedFeatures(page: Page, planId: string): Promise<StoredFeature[]> {
  return page.evaluate(async (id) => (await (await fetch(`/api/plans/${id}`)).json()).features, planId);
}

/** Where a lon/lat is on the page now. */
const onPage = (page: Page, [lon, lat]: Position) => projectOnPage(page, lon!, lat!);

/** The lon/lat under a page pixel. */
function lonLatAt(page: Page, p: Point): Promise<Position> {
  return page.evaluate(({ x, y }) => {
    const map = (window as unknown as { hotspotAtlas: { map: { unproject(p: [number, number]): { lng: number; lat: number } } } }).hotspotAtlas.map;
    const box = document.getElementById('map')!.getBoundingClientRect();
    const c = map.unproject([x - box.left, y - box.top]);
    return [Number(c.lng.toFixed(6)), Number(c.lat.toFixed(6))];
  }, p);
}

/** A square ring of page pixels as lon/lat, counter-clockwise on the ground (RFC 7946). */
async function squareAt(page: Page, c: Point, half: number): Promise<Position[]> {
  const corners = [[-half, half], [half, half], [half, -half], [-half, -half]];
  const ring = [];
  for (const [dx, dy] of corners) ring.push(await lonLatAt(page, { x: c.x + dx!, y: c.y + dy! }));
  return [...ring, ring[0]!];
}

/** Presses the mouse on `from`, moves it to `to` in steps, releases it: a drag, as an officer does it. */
async function drag(page: Page, from: Point, to: Point): Promise<void> {
  await page.mouse.move(from.x, from.y, { steps: 4 });
  await page.mouse.down();
  await page.mouse.move(to.x, to.y, { steps: 12 });
  await page.mouse.up();
}

const distance = (a: Point, b: Point) => Math.hypot(a.x - b.x, a.y - b.y);
/** The ring's vertex drawn nearest a page point (the ring without its closing repeat). */
async function nearestVertex(page: Page, ring: Position[], target: Point): Promise<{ index: number; at: Point }> {
  const points = await Promise.all(ring.slice(0, -1).map((p) => onPage(page, p)));
  const index = points.reduce((best, p, i) => (distance(p, target) < distance(points[best]!, target) ? i : best), 0);
  return { index, at: points[index]! };
}
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
  let planId = '';
  let square: Array<{ x: number; y: number }> = [];
  /** The lon/lat the square was drawn around: later drawings are placed from it. */
  let centreLonLat: Position = [0, 0];
  let site: Point = { x: 0, y: 0 };

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
    centreLonLat = [lon, lat];
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
    planId = /plan=(\d+)/.exec(planUrl)![1]!;
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

  /** Moves the map back to where the square was drawn, and says where its centre is on the page. */
  async function backToCentre(page: Page): Promise<Point> {
    await page.evaluate(([lo, la]) => (window as unknown as { hotspotAtlas: { map: { jumpTo(o: unknown): void } } }).hotspotAtlas.map.jumpTo({ center: [lo, la], zoom: 14 }), centreLonLat);
    await waitReady(page);
    return onPage(page, centreLonLat);
  }

  /** Chooses the kind, starts drawing, and waits until terra-draw listens for the clicks. */
  async function startDrawing(page: Page, kind: string, hint: string): Promise<void> {
    await page.locator('#new-feature-kind').selectOption(kind);
    await page.getByRole('button', { name: 'Draw a new feature' }).click();
    await expect.poll(() => page.locator('#feature-shape').textContent(), { timeout: 60_000 }).toContain(hint);
  }

  async function clickAt(page: Page, p: Point): Promise<void> {
    await page.mouse.move(p.x, p.y, { steps: 4 });
    await page.mouse.click(p.x, p.y);
  }

  async function saveFeature(page: Page, name: string): Promise<void> {
    await page.getByRole('button', { name: 'Save feature' }).click();
    await expect.poll(() => page.locator('#plans-status').textContent(), { timeout: 60_000 }).toContain(`Feature “${name}” saved`);
    // The status comes first; the page is drawn again (editor closed) once the plan is read again.
    await page.locator('#feature-form').waitFor({ state: 'detached', timeout: 60_000 });
  }

  /**
   * The pointer over an empty part of the map (its right edge, halfway down: no feature, no
   * control): deck.gl highlights the feature last picked under it in another colour, and only a
   * pointer move over the map picks again and clears that.
   */
  async function pointerAway(page: Page): Promise<void> {
    const map = (await page.locator('#map').boundingBox())!;
    await page.mouse.move(map.x + map.width - 40, map.y + map.height / 2, { steps: 4 });
  }

  it('draws an intervention site with one click and a route point by point: saved, drawn on the map, each kind in the legend', async () => {
    const { page } = session;
    const c = await backToCentre(page);
    // Left of the square, clear of the legend (the map's top-left 300 px).
    site = { x: c.x - 160, y: c.y };
    const legend = (await page.locator('#legend').boundingBox())!;
    expect(site.x - 20).toBeGreaterThan(legend.x + legend.width);
    expect(c.x + 400).toBeLessThan((await page.locator('#map').boundingBox())!.x + (await page.locator('#map').boundingBox())!.width);
    const route = [{ x: c.x + 120, y: c.y - 110 }, { x: c.x + 230, y: c.y - 40 }, { x: c.x + 190, y: c.y + 100 }];
    const siteClip = { x: site.x - 12, y: site.y - 12, width: 24, height: 24 };
    const routeClip = { x: c.x + 110, y: c.y - 120, width: 130, height: 230 };
    const siteColour = rgb(KIND_STYLES['intervention-site'].colour);
    const routeColour = rgb(KIND_STYLES.route.colour);
    const before = { site: countPixels(await page.screenshot({ clip: siteClip }), siteColour, 40), route: countPixels(await page.screenshot({ clip: routeClip }), routeColour, 40) };

    await startDrawing(page, 'intervention-site', 'Click the map where the site is');
    await clickAt(page, site);
    await expect.poll(() => page.locator('#feature-shape').textContent()).toContain('Shape drawn (Point)');
    await page.locator('#feature-name').fill('Youth outreach hub');
    await page.locator('#feature-partner').fill('County Youth Service');
    await page.locator('#feature-amount').fill('12000');
    await page.locator('#feature-fund').fill('Violence Reduction Unit');
    await saveFeature(page, 'Youth outreach hub');

    await startDrawing(page, 'route', 'Click the map along the route');
    for (const p of route) await clickAt(page, p);
    await clickAt(page, route.at(-1)!);
    await expect.poll(() => page.locator('#feature-shape').textContent()).toContain('Shape drawn (LineString)');
    await page.locator('#feature-name').fill('Safe route home');
    await page.locator('#feature-partner').fill('Street Pastors');
    await saveFeature(page, 'Safe route home');

    const stored = await storedFeatures(page, planId);
    const storedSite = stored.find((f) => f.name === 'Youth outreach hub')!;
    expect(storedSite.kind).toBe('intervention-site');
    expect(storedSite.geometry.type).toBe('Point');
    expect(distance(await onPage(page, storedSite.geometry.coordinates as Position), site)).toBeLessThan(3);
    const storedRoute = stored.find((f) => f.name === 'Safe route home')!;
    expect(storedRoute.geometry.type).toBe('LineString');
    const vertices = await Promise.all((storedRoute.geometry.coordinates as Position[]).map((p) => onPage(page, p)));
    expect(vertices).toHaveLength(3);
    vertices.forEach((v, i) => expect(distance(v, route[i]!)).toBeLessThan(3));

    // The marker (a disc of radius 9 px less its white cross) and the dashed line, drawn by deck.gl.
    await pointerAway(page);
    await expect.poll(async () => countPixels(await page.screenshot({ clip: siteClip }), siteColour, 40), { timeout: 60_000 }).toBeGreaterThan(before.site + 80);
    await expect.poll(async () => countPixels(await page.screenshot({ clip: routeClip }), routeColour, 40), { timeout: 60_000 }).toBeGreaterThan(before.route + 150);
    saveArtifact('plans-site-route.png', await page.screenshot({ clip: { x: site.x - 40, y: c.y - 130, width: 440, height: 260 } }));

    const entries = (await page.locator('#legend [data-legend="plans"]').textContent())!;
    for (const kind of ['priority-area', 'intervention-site', 'route'] as const) {
      expect(entries).toContain(KIND_STYLES[kind].label);
      expect(entries).toContain(KIND_STYLES[kind].drawn);
    }
    expect(entries).not.toContain(KIND_STYLES.other.label);
    const row = page.locator('#plan-features tr', { hasText: 'Youth outreach hub' });
    expect(await row.textContent()).toContain('£12,000 from Violence Reduction Unit');
  }, STEP_TIMEOUT_MS);

  it('hovering a feature on the map shows its kind, partner and funding; a click shows them in the panel', async () => {
    const { page } = session;
    const tooltip = page.locator('#tooltip');
    await page.mouse.move(site.x + 40, site.y + 40, { steps: 2 });
    await page.mouse.move(site.x, site.y, { steps: 4 });
    await tooltip.waitFor({ state: 'visible', timeout: 30_000 });
    await expect.poll(() => tooltip.textContent()).toContain('Intervention site');
    const text = (await tooltip.textContent())!;
    expect(text).toContain('Youth outreach hub');
    expect(text).toContain('County Youth Service');
    expect(text).toContain('£12,000 from Violence Reduction Unit');

    // Inside the square, away from its outline: the filled priority area is picked too.
    const inside = { x: square[0]!.x + 30, y: square[0]!.y + 30 };
    await page.mouse.move(inside.x, inside.y, { steps: 4 });
    await expect.poll(() => tooltip.textContent()).toContain('Community Safety Partnership');
    expect(await tooltip.textContent()).toContain('Priority area');

    await page.mouse.move(site.x, site.y, { steps: 4 });
    await page.mouse.click(site.x, site.y);
    const details = page.locator('#plan-feature-details');
    await expect.poll(() => details.textContent()).toContain('Youth outreach hub');
    expect(await details.textContent()).toContain('County Youth Service');
    expect(await details.textContent()).toContain('£12,000 from Violence Reduction Unit');
  }, STEP_TIMEOUT_MS);

  it('Edit lets an officer drag a corner of the drawn area; saved, the stored outline has that corner moved', async () => {
    const { page } = session;
    await backToCentre(page);
    const before = (await storedFeatures(page, planId)).find((f) => f.name === 'Town centre')!;
    const ring = (before.geometry.coordinates as Position[][])[0]!;
    const corner = await nearestVertex(page, ring, square[2]!);
    expect(distance(corner.at, square[2]!)).toBeLessThan(3);
    const target = { x: corner.at.x + 40, y: corner.at.y + 30 };
    // Below and right of the old corner, clear of its edges: the new edges run through it to the
    // target (a box, not the corner alone: snap-point markers are drawn over the plans).
    const swept = { x: corner.at.x + 10, y: corner.at.y + 5, width: 40, height: 33 };
    await pointerAway(page);
    const outlineIn = (clip: typeof swept) => page.screenshot({ clip }).then((png) => countPixels(png, rgb(AREA), 40));
    const sweptBefore = await outlineIn(swept);

    await page.getByRole('button', { name: 'Edit: Town centre' }).click();
    await expect.poll(() => page.locator('#feature-shape').textContent(), { timeout: 60_000 }).toContain('Drag the shape\'s corners');
    await drag(page, corner.at, target);
    await expect.poll(() => page.locator('#feature-shape').textContent()).toContain('Shape drawn (Polygon)');
    await saveFeature(page, 'Town centre');

    const after = (await storedFeatures(page, planId)).find((f) => f.name === 'Town centre')!;
    expect(after.geometry.type).toBe('Polygon');
    const moved = (after.geometry.coordinates as Position[][])[0]!;
    expect(moved).toHaveLength(ring.length);
    const now = await nearestVertex(page, moved, target);
    expect(distance(now.at, target)).toBeLessThan(4);
    // The other three corners stay where they were.
    const others = moved.slice(0, -1).filter((_, i) => i !== now.index);
    for (const p of others) expect(ring.some((q) => q[0] === p[0] && q[1] === p[1])).toBe(true);
    // deck.gl draws the outline through the new corner: two edges of ~30 px, 2.5 px wide, in the box.
    await pointerAway(page);
    await expect.poll(() => outlineIn(swept), { timeout: 60_000 }).toBeGreaterThan(sweptBefore + 40).catch(async (error: unknown) => {
      saveArtifact('plans-dragged-corner.png', await page.screenshot({ clip: { x: target.x - 200, y: target.y - 200, width: 260, height: 260 } }));
      throw error;
    });
  }, STEP_TIMEOUT_MS);

  it('uploads a GeoJSON file with the server\'s warning shown, and downloads the plan as GeoJSON with every feature', async () => {
    const { page } = session;
    const c = await backToCentre(page);
    const districts = await page.evaluate(async () => (await fetch('/api/districts')).json());
    const district = districts.features.find((f: { properties: { code: string } }) => f.properties.code === DISTRICT) as Feature<Polygon | MultiPolygon>;
    const [west, south, , north] = bbox(district);
    const file: FeatureCollection = {
      type: 'FeatureCollection',
      features: [
        {
          type: 'Feature',
          properties: { kind: 'priority-area', name: 'Night-time economy', leadPartner: 'Licensing team', funding: { amount: 8000, currency: 'GBP', fund: 'Home Office' } },
          // Right of the route: the map's left side is under the legend.
          geometry: { type: 'MultiPolygon', coordinates: [[await squareAt(page, { x: c.x + 330, y: c.y - 120 }, 30)], [await squareAt(page, { x: c.x + 330, y: c.y + 120 }, 30)]] },
        },
        // About 3.5 km west of the district's westernmost point: stored, with a warning.
        { type: 'Feature', properties: { kind: 'intervention-site', name: 'Outreach van depot' }, geometry: { type: 'Point', coordinates: [Number((west! - 0.05).toFixed(6)), Number(((south! + north!) / 2).toFixed(6))] } },
      ],
    };
    await page.getByText('Upload or download GeoJSON').click();
    await page.locator('#plan-import-file').setInputFiles({ name: 'night-time.geojson', mimeType: 'application/geo+json', buffer: Buffer.from(JSON.stringify(file)) });
    await page.getByRole('button', { name: 'Upload', exact: true }).click();
    const result = page.locator('#plan-import-result');
    await expect.poll(() => result.textContent(), { timeout: 60_000 }).toContain('Imported 2 features');
    expect(await result.isVisible()).toBe(true);
    expect(await result.textContent()).toMatch(/feature 1: reaches \d+ m outside district/);
    await page.locator('#plan-features tr', { hasText: 'Night-time economy' }).waitFor();

    const [download] = await Promise.all([page.waitForEvent('download'), page.getByRole('link', { name: 'Download GeoJSON' }).click()]);
    const saved = JSON.parse(readFileSync(await download.path(), 'utf8')) as FeatureCollection;
    expect(saved.type).toBe('FeatureCollection');
    const byName = new Map(saved.features.map((f) => [f.properties!.name as string, f]));
    expect([...byName.keys()].sort()).toEqual(['Night-time economy', 'Outreach van depot', 'Safe route home', 'Town centre', 'Youth outreach hub']);
    expect(byName.get('Youth outreach hub')!.geometry.type).toBe('Point');
    expect(byName.get('Youth outreach hub')!.properties).toMatchObject({ kind: 'intervention-site', leadPartner: 'County Youth Service', funding: { amount: 12000, fund: 'Violence Reduction Unit' } });
    expect(byName.get('Safe route home')!.geometry.type).toBe('LineString');
    expect(byName.get('Night-time economy')!.geometry.type).toBe('MultiPolygon');
    expect(byName.get('Town centre')!.geometry.type).toBe('Polygon');
  }, STEP_TIMEOUT_MS);

  it('a multipolygon is edited part by part (a click selects a part) and saved as one multipolygon', async () => {
    const { page } = session;
    await backToCentre(page);
    const before = (await storedFeatures(page, planId)).find((f) => f.name === 'Night-time economy')!;
    const parts = before.geometry.coordinates as Position[][][];
    expect(parts).toHaveLength(2);
    await page.getByRole('button', { name: 'Edit: Night-time economy' }).click();
    await expect.poll(() => page.locator('#feature-shape').textContent(), { timeout: 60_000 }).toContain('This area has 2 parts');

    // The second part: a click inside selects it, then one of its corners is dragged outwards.
    const ring = parts[1]!.at(0)!;
    const corners = await Promise.all(ring.slice(0, -1).map((p) => onPage(page, p)));
    const middle = { x: corners.reduce((s, p) => s + p.x, 0) / corners.length, y: corners.reduce((s, p) => s + p.y, 0) / corners.length };
    await clickAt(page, middle);
    const corner = await nearestVertex(page, ring, { x: middle.x + 100, y: middle.y + 100 });
    const target = { x: corner.at.x + 35, y: corner.at.y + 25 };
    await drag(page, corner.at, target);
    await expect.poll(() => page.locator('#feature-shape').textContent()).toContain('Shape drawn (MultiPolygon)');
    await saveFeature(page, 'Night-time economy');

    const after = (await storedFeatures(page, planId)).find((f) => f.name === 'Night-time economy')!;
    expect(after.geometry.type).toBe('MultiPolygon');
    const saved = after.geometry.coordinates as Position[][][];
    expect(saved).toHaveLength(2);
    // The first part untouched (as a set of corners: the server may start the ring elsewhere).
    const key = (r: Position[]) => r.slice(0, -1).map((p) => p.join(',')).sort();
    const untouched = saved.find((p) => JSON.stringify(key(p[0]!)) === JSON.stringify(key(parts[0]![0]!)));
    expect(untouched).toBeDefined();
    const changed = saved.find((p) => p !== untouched)![0]!;
    expect(distance((await nearestVertex(page, changed, target)).at, target)).toBeLessThan(4);
  }, STEP_TIMEOUT_MS);

  it('unsaved changes survive a stray click on another tab or plan: the page asks first', async () => {
    const { page } = session;
    await startDrawing(page, 'priority-area', 'click the first corner again');
    await page.locator('#feature-name').fill('Half-drawn area');
    const asked: string[] = [];
    const decline = (d: import('playwright-core').Dialog) => {
      asked.push(d.message());
      void d.dismiss();
    };
    page.on('dialog', decline);
    await page.getByRole('tab', { name: 'Analysis' }).click();
    await expect.poll(() => asked.length).toBe(1);
    expect(asked[0]).toContain('unsaved changes');
    expect(await page.getByRole('tab', { name: 'Plans' }).getAttribute('aria-selected')).toBe('true');
    expect(await page.locator('#feature-name').inputValue()).toBe('Half-drawn area');

    // Leaving by the tab list's keyboard asks too.
    await page.getByRole('tab', { name: 'Plans' }).focus();
    await page.keyboard.press('Home');
    await expect.poll(() => asked.length).toBe(2);
    expect(await page.getByRole('tab', { name: 'Plans' }).getAttribute('aria-selected')).toBe('true');
    expect(await page.locator('#feature-name').inputValue()).toBe('Half-drawn area');
    page.off('dialog', decline);

    // Cancel asks before the drawing is thrown away; accepted, the editor closes.
    page.once('dialog', (d) => {
      asked.push(d.message());
      void d.accept();
    });
    await page.locator('#feature-form').getByRole('button', { name: 'Cancel' }).click();
    await expect.poll(() => asked.length).toBe(3);
    expect(asked[2]).toContain('Discard');
    await page.locator('#feature-form').waitFor({ state: 'detached' });
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

import type { Page } from 'playwright-core';
import { beforeAll, describe, expect, it } from 'vitest';
import { useAppSession } from './app-session';
import { expectAxeClean } from './axe-check';
import { browserAvailability, countPixels, saveArtifact } from './browser';
import { OFFLINE_BACKGROUND } from '../../client/map/offline-style';
import type { RunningServer } from './server-process';

// Tablets and phones (issue 16): the map keeps most of the screen, nothing on it overlaps, touch
// targets are 44 px, the page reflows at 320 CSS px, and reduced motion makes map moves instant.
// The demo on the offline basemap, whose notice is shown, so the notice is measured too.

const browserCheck = browserAvailability();

type Box = { x: number; y: number; width: number; height: number };
const overlaps = (a: Box, b: Box) => a.x < b.x + b.width && b.x < a.x + a.width && a.y < b.y + b.height && b.y < a.y + a.height;

describe.skipIf(!browserCheck.available)('small screens: bottom sheet, legend button, no overlaps, reflow', () => {
  const app = useAppSession({ name: 'small', reuseServer: true });
  const { errors } = app;
  let server: RunningServer;
  beforeAll(() => void ({ server } = app));

  const ready = (p: Page) => p.waitForSelector('body[data-app-state="ready"]', { timeout: 120_000 });

  for (const [width, height] of [[390, 844], [768, 1024]] as const) {
    it(`${width}×${height}: the map covers at least 60 % with the legend closed; attribution, scale and notice do not overlap`, async () => {
      const p = await app.browser.newPage({ viewport: { width, height } });
      try {
        await p.goto(`${server.url}/?preset=serious-violence&cellSize=250`);
        await ready(p);
        // Closed by default below 900 px, with its button showing.
        expect(await p.locator('#legend-toggle').getAttribute('aria-expanded')).toBe('false');
        expect(await p.locator('#legend').isVisible()).toBe(false);
        expect(await p.locator('#sheet-toggle').isVisible()).toBe(true);

        const map = (await p.locator('#map').boundingBox())!;
        expect((map.width * map.height) / (width * height)).toBeGreaterThanOrEqual(0.6);
        // By pixels: the drawn map (offline background and the cells over it) fills that box, not a blank one.
        const shot = await p.screenshot();
        saveArtifact(`small-screen-${width}.png`, shot);
        const background = { r: OFFLINE_BACKGROUND[0]!, g: OFFLINE_BACKGROUND[1]!, b: OFFLINE_BACKGROUND[2]! };
        expect(countPixels(shot, background, 40) / (width * height)).toBeGreaterThan(0.2);

        const boxes: Array<[string, Box]> = [];
        for (const selector of ['.maplibregl-ctrl-attrib', '.maplibregl-ctrl-scale', '#notice']) {
          const el = p.locator(selector);
          expect(await el.isVisible(), selector).toBe(true);
          boxes.push([selector, (await el.boundingBox())!]);
        }
        for (let i = 0; i < boxes.length; i++) {
          for (let j = i + 1; j < boxes.length; j++) expect(overlaps(boxes[i]![1], boxes[j]![1]), `${boxes[i]![0]} and ${boxes[j]![0]}`).toBe(false);
        }

        // The legend opens on demand, and choosing a tab opens the sheet with its page.
        await p.locator('#legend-toggle').click();
        expect(await p.locator('#legend').isVisible()).toBe(true);
        await p.getByRole('tab', { name: 'Patrol zones' }).click();
        expect(await p.locator('#sheet-toggle').getAttribute('aria-expanded')).toBe('true');
        expect(await p.getByRole('button', { name: 'Preview zones' }).isVisible()).toBe(true);
        saveArtifact(`small-screen-${width}-sheet.png`, await p.screenshot());

        // Touch targets: every visible button, tab, select and link outside running text is 44 × 44 px or more.
        const small = await p.evaluate(() =>
          [...document.querySelectorAll<HTMLElement>('button, select, [role="tab"], .page-footer a, .maplibregl-ctrl-group button')]
            .filter((e) => e.offsetParent !== null)
            .map((e) => ({ what: e.id || e.textContent?.trim().slice(0, 30) || e.className, box: e.getBoundingClientRect() }))
            .filter(({ box }) => box.width < 44 || box.height < 44)
            .map(({ what, box }) => `${what} ${Math.round(box.width)}×${Math.round(box.height)}`),
        );
        expect(small).toEqual([]);
      } finally {
        await p.close();
      }
    });
  }

  // WCAG 1.4.10 and 1.4.4: 1280 × 1024 at 200 % browser zoom is a 640 × 512 CSS px viewport at
  // two device pixels per CSS pixel; 320 × 640 is the reflow width itself.
  for (const { width, height, scale, what } of [
    { width: 640, height: 512, scale: 2, what: '200 % zoom (1280 × 1024)' },
    { width: 320, height: 640, scale: 1, what: '320 CSS px' },
  ]) {
    it(`reflows at ${what}: nothing scrolls sideways, the map is drawn, the sheet works, axe clean`, async () => {
      const p = await app.browser.newPage({ viewport: { width, height }, deviceScaleFactor: scale });
      try {
        await p.goto(`${server.url}/?preset=serious-violence&cellSize=250`);
        await ready(p);
        const overflow = () => p.evaluate(() => document.scrollingElement!.scrollWidth - document.scrollingElement!.clientWidth);
        expect(await overflow()).toBe(0);
        // The map by pixels: its box is on screen and mostly drawn (offline background and cells).
        const map = (await p.locator('#map').boundingBox())!;
        expect(map.width).toBe(width);
        expect(map.height).toBeGreaterThanOrEqual(200);
        const shot = await p.screenshot({ clip: map });
        saveArtifact(`reflow-${width}x${height}-map.png`, shot);
        const background = { r: OFFLINE_BACKGROUND[0]!, g: OFFLINE_BACKGROUND[1]!, b: OFFLINE_BACKGROUND[2]! };
        expect(countPixels(shot, background, 40) / (map.width * map.height * scale * scale)).toBeGreaterThan(0.2);
        await expectAxeClean(p, `analysis at ${what}, sheet closed`);

        // The sheet opens, fits the width and its controls work: change the mode from it.
        await p.locator('#sheet-toggle').click();
        expect(await overflow()).toBe(0);
        expect(await p.evaluate(() => document.querySelector('.panel')!.scrollWidth - document.querySelector('.panel')!.clientWidth)).toBe(0);
        await p.locator('input[name="mode"][value="density"]').check();
        await p.waitForSelector('body[data-app-state="ready"][data-analysis-mode="density"]', { timeout: 120_000 });
        expect(await overflow()).toBe(0);
        saveArtifact(`reflow-${width}x${height}-sheet.png`, await p.screenshot());
        await expectAxeClean(p, `analysis at ${what}, sheet open`);
      } finally {
        await p.close();
      }
    });
  }

  it('with prefers-reduced-motion, a top cell moves the map at once, without a fly-to', async () => {
    const context = await app.browser.newContext({ viewport: { width: 1366, height: 768 }, reducedMotion: 'reduce' });
    const p = await context.newPage();
    try {
      await p.goto(`${server.url}/?preset=serious-violence&cellSize=250`);
      await ready(p);
      const before = await p.evaluate(() => (window as unknown as { hotspotAtlas: { map: { getZoom: () => number } } }).hotspotAtlas.map.getZoom());
      await p.locator('#top-cells button').first().click();
      // Straight after the click: already at the new zoom and not moving (an animation takes 600 ms).
      const after = await p.evaluate(() => {
        const map = (window as unknown as { hotspotAtlas: { map: { getZoom: () => number; isMoving: () => boolean } } }).hotspotAtlas.map;
        return { zoom: map.getZoom(), moving: map.isMoving() };
      });
      expect(after.zoom).toBeGreaterThan(before);
      expect(after.moving).toBe(false);
    } finally {
      await context.close();
    }
    expect(errors).toEqual([]);
  });
});

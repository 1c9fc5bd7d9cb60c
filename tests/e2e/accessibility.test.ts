import { readFileSync } from 'node:fs';
import type { Page } from 'playwright-core';
import { beforeAll, describe, expect, it } from 'vitest';
import { useAppSession } from './app-session';
import { expectAxeClean } from './axe-check';
import { browserAvailability } from './browser';
import { CELL_LAT, CELL_LON } from './demo-cell';
import type { RunningServer } from './server-process';

// WCAG 2.2 AA by axe-core on every view and state of the app, at desktop, tablet and phone
// sizes, on the synthetic demo with the offline basemap. E2E_SERVER_URL reuses a running server.

const browserCheck = browserAvailability();

const VIEWPORTS = [
  { name: '1366×768', width: 1366, height: 768 },
  { name: '768×1024', width: 768, height: 1024 },
  { name: '390×844', width: 390, height: 844 },
] as const;

const SV = '?preset=serious-violence&cellSize=250';

describe.skipIf(!browserCheck.available)('accessibility: axe-core WCAG 2.2 A/AA on every view', () => {
  const app = useAppSession({ name: 'a11y', reuseServer: true });
  const { errors } = app;
  let server: RunningServer;
  let page: Page;
  beforeAll(() => void ({ server, page } = app));

  const ready = (p: Page, mode: string) => p.waitForSelector(`body[data-app-state="ready"][data-analysis-mode="${mode}"]`, { timeout: 120_000 });

  /** Opens the legend (or closes it) through its button, as a user would. */
  async function setLegend(p: Page, open: boolean): Promise<void> {
    const toggle = p.locator('#legend-toggle');
    if ((await toggle.getAttribute('aria-expanded')) !== String(open)) await toggle.click();
    expect(await toggle.getAttribute('aria-expanded')).toBe(String(open));
  }

  /** Below 900 px the side panel is a sheet over the map: open it before using its controls. */
  async function openSheet(p: Page): Promise<void> {
    const toggle = p.locator('#sheet-toggle');
    if ((await toggle.isVisible()) && (await toggle.getAttribute('aria-expanded')) === 'false') await toggle.click();
  }

  for (const viewport of VIEWPORTS) {
    it(`analysis in each mode, legend open and closed, cell details: ${viewport.name}`, async () => {
      const p = await app.browser.newPage({ viewport: { width: viewport.width, height: viewport.height } });
      try {
        for (const [query, mode, label] of [
          ['&mode=density', 'density', 'density'],
          ['&mode=density&style=heatmap', 'density', 'density heatmap'],
          ['', 'hotspots', 'hot spots'],
          ['&mode=emerging', 'emerging', 'emerging hot spots'],
        ] as const) {
          await p.goto(`${server.url}/${SV}${query}`);
          await ready(p, mode);
          await setLegend(p, true);
          await expectAxeClean(p, `${label}, legend open, ${viewport.name}`);
          await setLegend(p, false);
          await openSheet(p);
          await expectAxeClean(p, `${label}, legend closed, ${viewport.name}`);
        }
        // Cell details from the top-cells list (the hot spots analysis is the default for this preset).
        await p.goto(`${server.url}/${SV}#map=12/${CELL_LAT.toFixed(5)}/${CELL_LON.toFixed(5)}`);
        await ready(p, 'hotspots');
        await openSheet(p);
        await p.locator('#top-cells button').first().click();
        await expect.poll(() => p.locator('#details table.by-category').count(), { timeout: 30_000 }).toBe(1);
        await expectAxeClean(p, `cell details, ${viewport.name}`);
      } finally {
        await p.close();
      }
      // Five page loads and nine axe runs: up to 100 s on a loaded 2-core machine.
    }, 300_000);

    it(`patrol zones with a preview, and the data page: ${viewport.name}`, async () => {
      const p = await app.browser.newPage({ viewport: { width: viewport.width, height: viewport.height } });
      try {
        await p.goto(`${server.url}/${SV}&panel=patrol&budgetHours=20`);
        await ready(p, 'hotspots');
        await openSheet(p);
        await p.getByRole('button', { name: 'Preview zones' }).click();
        await expect.poll(() => p.locator('#patrol-zones-table tbody tr').count(), { timeout: 60_000 }).toBeGreaterThan(3);
        await expectAxeClean(p, `patrol zones preview, ${viewport.name}`);
        await p.goto(`${server.url}/?panel=data`);
        await p.waitForSelector('body[data-app-state="ready"]', { timeout: 120_000 });
        await openSheet(p);
        await expect.poll(() => p.locator('#data-loaded table').count(), { timeout: 30_000 }).toBeGreaterThan(0);
        await expectAxeClean(p, `data page, ${viewport.name}`);
      } finally {
        await p.close();
      }
    }, 300_000);
  }

  it('keyboard only: choose ASB, run hot spots, open the top cell, build patrol zones and download them', async () => {
    await page.goto(`${server.url}/?mode=density&cellSize=250`);
    await ready(page, 'density');
    const focused = (selector: string) => page.evaluate((s) => document.activeElement?.matches(s) ?? false, selector);
    /** Presses Tab (Shift+Tab with `back`) until the focus is on `selector`; checks the focus is visible there. */
    async function tabTo(selector: string, back = false): Promise<void> {
      for (let i = 0; i < 150 && !(await focused(selector)); i++) await page.keyboard.press(back ? 'Shift+Tab' : 'Tab');
      expect(await focused(selector), `focus reaches ${selector}`).toBe(true);
      const outline = await page.evaluate(() => getComputedStyle(document.activeElement!).outlineStyle);
      expect(outline, `visible focus on ${selector}`).not.toBe('none');
    }
    const checked = (name: string) => page.evaluate((n) => document.querySelector<HTMLInputElement>(`input[name="${n}"]:checked`)?.value, name);

    // The mode radio group: Tab enters it at the checked radio, arrows choose.
    await tabTo('input[name="mode"]');
    for (let i = 0; i < 3 && (await checked('mode')) !== 'hotspots'; i++) await page.keyboard.press('ArrowDown');
    expect(await checked('mode')).toBe('hotspots');
    await tabTo('input[name="preset"]');
    for (let i = 0; i < 5 && (await checked('preset')) !== 'asb'; i++) await page.keyboard.press('ArrowDown');
    expect(await checked('preset')).toBe('asb');
    await ready(page, 'hotspots');
    await page.waitForFunction(() => new URLSearchParams(location.search).get('preset') === 'asb');
    expect(await page.locator('#analysis-announcer').textContent()).toMatch(/^Hot spots ready: [\d,]+ hot spot cells? at 99 %/);

    await tabTo('#top-cells li:first-child button');
    await page.keyboard.press('Enter');
    await expect.poll(() => page.locator('#details table.by-category').count(), { timeout: 30_000 }).toBe(1);
    expect(await page.locator('#details').textContent()).toMatch(/Hot spot, 9\d % confidence/);

    // Back to the tab list, then the arrow key to the patrol page.
    await tabTo('#tab-analysis', true);
    await page.keyboard.press('ArrowRight');
    expect(await focused('#tab-patrol')).toBe(true);
    expect(await page.locator('#page-patrol').isVisible()).toBe(true);
    await tabTo('#patrol-preview');
    await page.keyboard.press('Enter');
    await expect.poll(() => page.locator('#patrol-zones-table tbody tr').count(), { timeout: 60_000 }).toBeGreaterThan(0);
    await tabTo('#patrol-results a[download]');
    expect(await page.evaluate(() => document.activeElement!.textContent)).toBe('Export GeoJSON');
    const [download] = await Promise.all([page.waitForEvent('download'), page.keyboard.press('Enter')]);
    expect(download.suggestedFilename()).toMatch(/^patrol-zones_.*\.geojson$/);
    const geojson = JSON.parse(readFileSync((await download.path())!, 'utf8')) as { type: string; metadata: { parameters: { preset: string } }; features: unknown[] };
    expect(geojson.type).toBe('FeatureCollection');
    expect(geojson.metadata.parameters.preset).toBe('asb');
    expect(geojson.features.length).toBe(await page.locator('#patrol-zones-table tbody tr').count());
  });

  it('the accessibility statement is served, linked from the page and axe-clean', async () => {
    await page.goto(`${server.url}/${SV}`);
    await ready(page, 'hotspots');
    const link = page.getByRole('link', { name: 'Accessibility statement' });
    await Promise.all([page.waitForURL(/accessibility/), link.click()]);
    expect(await page.locator('h1').textContent()).toMatch(/Accessibility statement/);
    for (const heading of ['How accessible this website is', 'Reporting accessibility problems', 'Non-accessible content']) {
      expect(await page.getByRole('heading', { name: heading }).count(), heading).toBe(1);
    }
    await expectAxeClean(page, 'accessibility statement');
    expect(errors).toEqual([]);
  });
});

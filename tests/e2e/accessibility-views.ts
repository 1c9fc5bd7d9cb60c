import type { Page } from 'playwright-core';
import { beforeAll, describe, expect, it } from 'vitest';
import { type AppSession, useAppSession } from './app-session';
import { expectAxeClean } from './axe-check';
import { browserAvailability } from './browser';
import { CELL_LAT, CELL_LON } from './demo-cell';
import type { RunningServer } from './server-process';

// WCAG 2.2 AA by axe-core on every view and state of the app at one screen size, on the synthetic
// demo with the offline basemap (the browser suites' shared server). One file per size
// (accessibility.test.ts, accessibility-tablet.test.ts, accessibility-phone.test.ts) so three
// workers share the sizes. Each view is reached as a user reaches it, from one page load: the
// controls change the analysis and the tabs the page, and a load costs the most on software WebGL.

export interface Viewport {
  name: string;
  width: number;
  height: number;
}

export const SV = '?preset=serious-violence&cellSize=250';

const browserCheck = browserAvailability();

export const ready = (p: Page, mode: string) => p.waitForSelector(`body[data-app-state="ready"][data-analysis-mode="${mode}"]`, { timeout: 120_000 });

/** Opens the legend (or closes it) through its button, as a user would. */
async function setLegend(p: Page, open: boolean): Promise<void> {
  const toggle = p.locator('#legend-toggle');
  if ((await toggle.getAttribute('aria-expanded')) !== String(open)) await toggle.click();
  expect(await toggle.getAttribute('aria-expanded')).toBe(String(open));
}

/** Below 900 px the side panel is a sheet over the map: open (or close) it before using its controls. */
async function setSheet(p: Page, open: boolean): Promise<void> {
  const toggle = p.locator('#sheet-toggle');
  if ((await toggle.isVisible()) && (await toggle.getAttribute('aria-expanded')) !== String(open)) await toggle.click();
}

/** The query of the view now shown is `query`'s: the same view a page load of that URL opens. */
async function expectQuery(p: Page, query: string): Promise<void> {
  const sorted = (search: string) => [...new URLSearchParams(search)].map(([k, v]) => `${k}=${v}`).sort();
  expect(sorted(new URL(p.url()).search)).toEqual(sorted(query));
}

/**
 * Registers the suite for one screen size: each analysis mode with the legend open and closed,
 * cell details, patrol zones with a preview and the data page. `more` adds tests to the same
 * describe (they get the session).
 */
export function describeViewsAt(viewport: Viewport, more?: (app: AppSession) => void): void {
  describe.skipIf(!browserCheck.available)(`accessibility: axe-core WCAG 2.2 A/AA on every view, ${viewport.name}`, () => {
    const app = useAppSession({ name: `a11y-${viewport.width}`, reuseServer: true });
    let server: RunningServer;
    beforeAll(() => void ({ server } = app));

    /** As a fresh load of the view shows it (the sheet closed below 900 px): legend open, then closed with the sheet open. */
    async function legendOpenAndClosed(p: Page, label: string): Promise<void> {
      await setSheet(p, false);
      await setLegend(p, true);
      await expectAxeClean(p, `${label}, legend open, ${viewport.name}`);
      await setLegend(p, false);
      await setSheet(p, true);
      await expectAxeClean(p, `${label}, legend closed, ${viewport.name}`);
    }

    it(`analysis in each mode, legend open and closed, cell details: ${viewport.name}`, async () => {
      const p = await app.browser.newPage({ viewport: { width: viewport.width, height: viewport.height } });
      try {
        await p.goto(`${server.url}/${SV}&mode=density&style=heatmap`);
        await ready(p, 'density');
        await legendOpenAndClosed(p, 'density heatmap');

        // The sheet is open after each check: its controls change the analysis.
        for (const [change, query, mode, label] of [
          [() => p.locator('input[name="heatmap"]').uncheck(), '&mode=density', 'density', 'density'],
          [() => p.locator('input[name="mode"][value="emerging"]').check(), '&mode=emerging', 'emerging', 'emerging hot spots'],
          [() => p.locator('input[name="mode"][value="hotspots"]').check(), '', 'hotspots', 'hot spots'],
        ] as const) {
          // The change sets data-app-state to 'loading' at once: ready means this analysis is drawn.
          await change();
          await ready(p, mode);
          await expectQuery(p, `${SV}${query}`);
          await legendOpenAndClosed(p, label);
        }

        // Cell details from the top-cells list (the hot spots analysis is the default for this
        // preset), with the map where the Kingsmere cell is, at zoom 12.
        await p.evaluate(([lon, lat]) => (window as unknown as { hotspotAtlas: { map: { jumpTo(o: unknown): void } } }).hotspotAtlas.map.jumpTo({ center: [lon, lat], zoom: 12 }), [CELL_LON, CELL_LAT]);
        await setSheet(p, true);
        await p.locator('#top-cells button').first().click();
        await expect.poll(() => p.locator('#details table.by-category').count(), { timeout: 30_000 }).toBe(1);
        await expectAxeClean(p, `cell details, ${viewport.name}`);
      } finally {
        await p.close();
      }
      // One page load, three analysis changes and nine axe runs.
    }, 300_000);

    it(`patrol zones with a preview, and the data page: ${viewport.name}`, async () => {
      const p = await app.browser.newPage({ viewport: { width: viewport.width, height: viewport.height } });
      try {
        await p.goto(`${server.url}/${SV}&panel=patrol&budgetHours=20`);
        await ready(p, 'hotspots');
        await setSheet(p, true);
        await p.getByRole('button', { name: 'Preview zones' }).click();
        await expect.poll(() => p.locator('#patrol-zones-table tbody tr').count(), { timeout: 60_000 }).toBeGreaterThan(3);
        await expectAxeClean(p, `patrol zones preview, ${viewport.name}`);
        // The Data page through its tab, as a user opens it (the sheet stays open).
        await p.locator('#tab-data').click();
        await p.waitForFunction(() => new URLSearchParams(location.search).get('panel') === 'data');
        await p.waitForSelector('body[data-app-state="ready"]', { timeout: 120_000 });
        await setSheet(p, true);
        await expect.poll(() => p.locator('#data-loaded table').count(), { timeout: 30_000 }).toBeGreaterThan(0);
        await expectAxeClean(p, `data page, ${viewport.name}`);
      } finally {
        await p.close();
      }
    }, 300_000);

    more?.(app);
  });
}

import { readFileSync } from 'node:fs';
import { expect, it } from 'vitest';
import { SV, describeViewsAt, ready } from './accessibility-views';
import { expectAxeClean } from './axe-check';

// WCAG 2.2 AA by axe-core on every view and state of the app at desktop size (the tablet and
// phone sizes are accessibility-tablet.test.ts and accessibility-phone.test.ts, so three workers
// share them), then the keyboard-only journey and the accessibility statement. The synthetic demo
// on the offline basemap; E2E_SERVER_URL reuses a running server.

describeViewsAt({ name: '1366×768', width: 1366, height: 768 }, (app) => {
  it('keyboard only: choose ASB, run hot spots, open the top cell, build patrol zones and download them', async () => {
    const { page, server } = app;
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
    const { page, server } = app;
    await page.goto(`${server.url}/${SV}`);
    await ready(page, 'hotspots');
    const link = page.getByRole('link', { name: 'Accessibility statement' });
    await Promise.all([page.waitForURL(/accessibility/), link.click()]);
    expect(await page.locator('h1').textContent()).toMatch(/Accessibility statement/);
    for (const heading of ['How accessible this website is', 'Reporting accessibility problems', 'Non-accessible content']) {
      expect(await page.getByRole('heading', { name: heading }).count(), heading).toBe(1);
    }
    await expectAxeClean(page, 'accessibility statement');
    expect(app.errors).toEqual([]);
  });
});

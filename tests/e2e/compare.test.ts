import type { Page } from 'playwright-core';
import { beforeAll, describe, expect, it } from 'vitest';
import { useAppSession } from './app-session';
import { browserAvailability, saveArtifact } from './browser';
import type { RunningServer } from './server-process';
import { expectAxeClean } from './axe-check';

// The Profile and Compare pages against the real server on a fresh embedded database with the
// synthetic demo: three districts side by side on one shared scale, the selection in the URL,
// and the comparison printed on one A4 landscape page.

const browserCheck = browserAvailability();

interface DistrictRef { code: string; name: string }

/** Pages in a PDF: its page objects (`/Type /Page`, not the `/Pages` tree). */
const pdfPages = (pdf: Buffer) => (pdf.toString('latin1').match(/\/Type\s*\/Page(?![a-z])/g) ?? []).length;

describe.skipIf(!browserCheck.available)('Profile and Compare pages', () => {
  const app = useAppSession({ name: 'compare', reuseServer: true });
  const { errors } = app;
  let server: RunningServer;
  let page: Page;
  let chosen: DistrictRef[];

  beforeAll(async () => {
    ({ server, page } = app);
    const districts = await (await fetch(`${server.url}/api/districts`)).json();
    chosen = districts.features.slice(0, 3).map((f: { properties: DistrictRef }) => ({ code: f.properties.code, name: f.properties.name }));
    expect(chosen).toHaveLength(3);
  });

  /** Waits for the comparison of `codes` to be drawn. */
  async function comparisonShown(codes: string[]): Promise<void> {
    await page.waitForSelector(`#compare-view[data-compare-ready="${codes.join(',')}"]`, { timeout: 120_000 });
  }

  /** Per column: its district and the tick labels of its trend's y axis and of its category chart's x axis. */
  function columnAxes(): Promise<Array<{ code: string; y: string[]; x: string[] }>> {
    return page.locator('.compare-column').evaluateAll((columns) => columns.map((c) => ({
      code: (c as HTMLElement).dataset.district!,
      y: [...c.querySelectorAll('[data-chart="monthly"] g[aria-label="y-axis tick label"] text')].map((t) => t.textContent ?? ''),
      x: [...c.querySelectorAll('[data-chart="categories"] g[aria-label="x-axis tick label"] text')].map((t) => t.textContent ?? ''),
    })));
  }

  it('shows three districts ticked in turn side by side, every chart on one shared axis', async () => {
    await page.goto(`${server.url}/?panel=compare`);
    for (const d of chosen) await page.locator('#page-compare').getByLabel(d.name, { exact: true }).check();
    const codes = chosen.map((d) => d.code);
    await comparisonShown(codes);
    expect(new URL(page.url()).searchParams.get('compare')).toBe(codes.join(','));

    const axes = await columnAxes();
    expect(axes.map((a) => a.code)).toEqual(codes);
    expect(await page.locator('.compare-column [data-chart="monthly"] svg').count()).toBe(3);
    expect(await page.locator('.compare-column [data-chart="categories"] svg').count()).toBe(3);
    expect(axes[0]!.y.length).toBeGreaterThanOrEqual(3);
    for (const a of axes) {
      expect(a.y).toEqual(axes[0]!.y);
      expect(a.x).toEqual(axes[0]!.x);
    }
    // The shared scale is the largest month of the three: the top tick is at or above it.
    const compare = await (await fetch(`${server.url}/api/compare?districts=${codes.join(',')}`)).json();
    const largest = Math.max(...compare.profiles.flatMap((p: { monthly: Array<{ count: number }> }) => p.monthly.map((m) => m.count)));
    const topTick = Number(axes[0]!.y.at(-1)!.replaceAll(',', ''));
    expect(topTick).toBeGreaterThan(largest * 0.8);
    expect(await page.locator('.compare-county h3').textContent()).toMatch(/^Reference: All \d+ districts/);
    expect(await page.locator('#compare-csv').getAttribute('href')).toBe(`/api/compare?districts=${codes.join(',')}&format=csv`);
    saveArtifact('compare-3-districts-1366.png', await page.screenshot());
    await expectAxeClean(page, 'compare view, 3 districts');
  });

  it('shows the force position under the comparison opened from its URL, one row per force of the API, axe clean', async () => {
    const codes = chosen.map((d) => d.code);
    await page.goto(`${server.url}/?panel=compare&compare=${codes.join(',')}`);
    await comparisonShown(codes);
    const forces = (await (await fetch(`${server.url}/api/forces/compare`)).json()).forces as Array<{ name: string; incidents: number }>;
    expect(forces.length).toBeGreaterThan(0);
    const rows = await page.locator('.compare-forces tbody tr').evaluateAll((trs) => trs.map((r) => [...r.children].slice(0, 2).map((c) => c.textContent ?? '')));
    expect(rows).toEqual(forces.map((f) => [f.name, f.incidents.toLocaleString('en-GB')]));
    expect(await page.locator('.compare-forces h3').textContent()).toBe('Force position');
    await expectAxeClean(page, 'compare view with the force position');
  });

  it('reproduces the comparison from its URL after a reload', async () => {
    const before = await columnAxes();
    await page.reload();
    await comparisonShown(chosen.map((d) => d.code));
    expect(await columnAxes()).toEqual(before);
    expect(await page.locator('#page-compare input:checked').evaluateAll((inputs) => inputs.map((i) => (i as HTMLInputElement).value).sort()))
      .toEqual(chosen.map((d) => d.code).sort());
  });

  it('prints the comparison alone on one A4 landscape page', async () => {
    await page.emulateMedia({ media: 'print' });
    expect(await page.locator('#panel').isVisible()).toBe(false);
    expect(await page.locator('.compare-column').count()).toBe(3);
    const pdf = await page.pdf({ format: 'A4', landscape: true });
    await page.emulateMedia({ media: 'screen' });
    saveArtifact('compare-3-districts-print.pdf', pdf);
    expect(pdfPages(pdf)).toBe(1);
  });

  it('profiles one district: figures, charts with tables, hot spots that fly the map', async () => {
    const [district] = chosen;
    await page.goto(`${server.url}/?panel=profile&profile=${district!.code}`);
    await expect.poll(() => page.locator('#profile-status').textContent(), { timeout: 120_000 }).toMatch(new RegExp(`^${district!.name}, `));
    expect(await page.locator('#profile-body h3').textContent()).toBe(district!.name);
    expect(await page.locator('#profile-body svg[aria-label$="incidents by month"]').count()).toBe(1);
    expect(await page.locator('#profile-body details.chart-table table').count()).toBe(2);
    const spots = page.locator('#profile-body .hotspot-list button');
    expect(await spots.count()).toBeGreaterThan(0);
    {
      const before = await page.evaluate(() => (window as unknown as { hotspotAtlas: { map: { getCenter(): { lng: number; lat: number } } } }).hotspotAtlas.map.getCenter());
      // The fly-to is an animation: wait for the map to say it has ended (or 30 s) rather than poll the
      // zoom against a clock, which a loaded CI machine's slow frames can outrun.
      const flown = page.evaluate(() => new Promise<number>((resolve) => {
        const { map } = (window as unknown as { hotspotAtlas: { map: { getZoom(): number; once(event: 'moveend', f: () => void): void } } }).hotspotAtlas;
        map.once('moveend', () => resolve(map.getZoom()));
        setTimeout(() => resolve(map.getZoom()), 30_000);
      }));
      await spots.first().press('Enter');
      expect(await flown).toBeGreaterThan(14.5);
      const after = await page.evaluate(() => (window as unknown as { hotspotAtlas: { map: { getCenter(): { lng: number; lat: number } } } }).hotspotAtlas.map.getCenter());
      expect(after).not.toEqual(before);
    }
    saveArtifact('profile-panel-1366.png', await page.screenshot());
    await expectAxeClean(page, 'profile page');
    expect(errors).toEqual([]);
  });
});

import { execFile } from 'node:child_process';
import { copyFileSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { promisify } from 'node:util';
import { gunzipSync } from 'node:zlib';
import type { Page } from 'playwright-core';
import { beforeAll, describe, expect, it, vi } from 'vitest';
import { DECEMBER_2025, FIXTURE_MONTHS, LAD_2024 } from '../fixtures/real/real-data';
import { useAppSession } from './app-session';
import { expectAxeClean } from './axe-check';
import { browserAvailability } from './browser';
import type { RunningServer } from './server-process';

// Issue 17: the period picker over data with a gap. Real Lancashire rows for two months, one of
// them moved to September (a synthetic gap: October and November never loaded), imported
// through the CLI as the README says; the picker must say which months have no data and, left
// alone, show the latest gap-free run the server analyses.
const root = resolve(import.meta.dirname, '../..');
const run = promisify(execFile);
const browserCheck = browserAvailability();
// Two CLI runs, each creating the embedded PostGIS database's files, then the server: on a busy
// machine that outlasts the e2e project's five-minute hook limit.
vi.setConfig({ hookTimeout: 900_000 });

describe.skipIf(!browserCheck.available)('the period picker over months with a gap', () => {
  const cli = (dataDir: string, ...args: string[]) =>
    run(process.execPath, ['--import', 'tsx', 'server/cli/main.ts', ...args], { cwd: root, env: { ...process.env, DATA_DIR: dataDir, DATABASE_URL: '' }, maxBuffer: 16 * 1024 * 1024 });

  const app = useAppSession({
    name: 'period-gap',
    beforeStart: async (dataDir) => {
      // November's real rows, relabelled September (the file name and every row's Month column).
      const november = gunzipSync(readFileSync(join(FIXTURE_MONTHS, '2025-11-lancashire-street.csv.gz'))).toString('utf8');
      const months = join(dataDir, 'months');
      mkdirSync(months);
      writeFileSync(join(months, '2025-09-lancashire-street.csv'), november.replaceAll(',2025-11,Lancashire Constabulary,', ',2025-09,Lancashire Constabulary,'));
      copyFileSync(DECEMBER_2025, join(months, '2025-12-lancashire-street.csv.gz'));
      await cli(dataDir, 'import', 'boundaries', LAD_2024, '--code-field', 'AREACD', '--name-field', 'AREANM', '--replace-demo');
      await cli(dataDir, 'import', 'police-csv', months, '--replace-demo');
    },
  });
  const { errors } = app;
  let server: RunningServer;
  let page: Page;
  beforeAll(() => void ({ server, page } = app));

  const optionTexts = (id: string) => page.locator(`#${id} option`).allTextContents();
  const legendCaption = () => page.locator('#legend [data-legend="density"] .legend-caption').textContent();

  it('marks the months without data and opens on the latest gap-free run', async () => {
    const health = await (await fetch(`${server.url}/api/health`)).json();
    expect(health).toMatchObject({ months: ['2025-09', '2025-12'], missingMonths: ['2025-10', '2025-11'] });

    await page.goto(`${server.url}/?mode=density`);
    await page.waitForSelector('body[data-app-state="ready"]', { timeout: 120_000 });
    for (const id of ['from-month', 'to-month']) {
      // Chromium's en-GB calls September "Sept", Node's "Sep".
      expect(await optionTexts(id)).toEqual([expect.stringMatching(/^Sept? 2025$/), 'Oct 2025 (no data)', 'Nov 2025 (no data)', 'Dec 2025']);
      expect(await page.locator(`#${id} option.no-data`).evaluateAll((os) => os.map((o) => (o as HTMLOptionElement).value))).toEqual(['2025-10', '2025-11']);
    }
    // The server's default, shown as it is: December alone, not September to December.
    expect(await page.locator('#from-month').inputValue()).toBe('2025-12');
    expect(await page.locator('#to-month').inputValue()).toBe('2025-12');
    expect(await legendCaption()).toContain('Dec 2025 – Dec 2025');
    expect(await page.locator('#period-hint').textContent()).toBe('Months marked “(no data)” have nothing loaded.');
    await expectAxeClean(page, 'analysis over a gap, 1366×768');
  });

  it('says so when the period chosen spans the gap, in the hint and the legend', async () => {
    await page.locator('#from-month').selectOption('2025-09');
    await expect.poll(() => new URL(page.url()).searchParams.get('from')).toBe('2025-09');
    expect(new URL(page.url()).searchParams.get('to')).toBe('2025-12');
    await page.waitForSelector('body[data-app-state="ready"]', { timeout: 120_000 });
    await expect.poll(legendCaption, { timeout: 60_000 }).toMatch(/Sept? 2025 – Dec 2025 \(2 of 4 months loaded\)/);
    expect(await page.locator('#period-hint').textContent()).toContain('This period includes 2 months with no data');
    // Back to December alone: the default again, so the link drops its ends.
    await page.locator('#from-month').selectOption('2025-12');
    await expect.poll(() => new URL(page.url()).searchParams.has('from')).toBe(false);
    expect(new URL(page.url()).searchParams.has('to')).toBe(false);
    expect(errors).toEqual([]);
  });
});

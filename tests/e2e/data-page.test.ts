import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { TESTWICH, startReplayServer } from '../import/police-api-replay';
import { startSlowProxy } from '../import/slow-proxy';
import { E2E_IMPORT_TOKEN as IMPORT_TOKEN, useAppSession } from './app-session';
import { browserAvailability, saveArtifact } from './browser';
import type { RunningServer } from './server-process';

// The Data page's loading forms against a real server on an empty embedded database whose
// police.uk API is the local replay of the real 2014-08 London sample, slowed so progress shows.

const browserCheck = browserAvailability();

describe.skipIf(!browserCheck.available)('Data page: police.uk API fetch and population upload', () => {
  let replay: Awaited<ReturnType<typeof startReplayServer>>;
  let slow: Awaited<ReturnType<typeof startSlowProxy>>;
  // Registered before the session's hooks, so the replay starts first and closes last.
  beforeAll(async () => {
    replay = await startReplayServer({ maxWidth: 0.05 });
    slow = await startSlowProxy(replay.url, 250);
  });
  afterAll(async () => {
    await slow?.close();
    await replay?.close();
  });
  const app = useAppSession({ name: 'data', database: 'empty', env: () => ({ IMPORT_TOKEN, POLICE_API_URL: slow.url, DEMO_ON_EMPTY: 'false' }) });
  const { errors } = app;
  let server: RunningServer;
  let page: Page;

  beforeAll(async () => {
    ({ server, page } = app);
    // Boundaries first (the API is queried by district polygon), through the same upload route.
    const body = new FormData();
    body.set('kind', 'boundaries');
    body.set('codeField', 'code');
    body.set('nameField', 'name');
    body.append('file', new Blob([TESTWICH]), 'testwich.geojson');
    const res = await fetch(`${server.url}/api/imports`, { method: 'POST', body, headers: { authorization: `Bearer ${IMPORT_TOKEN}` } });
    expect(res.status).toBe(200);
  });

  it('refuses a bad request with the field named, then fetches two months with progress and shows the month reports', async () => {
    await page.goto(`${server.url}/?panel=data`);
    await expect.poll(() => page.locator('#police-api-district option').allTextContents(), { timeout: 60_000 }).toContain('Testwich (E09000099)');
    await page.getByLabel('Analyst token').fill(IMPORT_TOKEN);
    await page.getByLabel('Force id').fill('metropolitan');
    await page.getByLabel('From month').fill('2014-09');
    await page.getByLabel('To month').fill('2014-08');
    await page.getByRole('button', { name: 'Fetch from police.uk' }).click();
    await expect.poll(() => page.locator('#police-api-status').textContent()).toBe('Fetch refused: From month: must not be after "to"');

    await page.getByLabel('From month').fill('2014-07');
    await page.getByRole('button', { name: 'Fetch from police.uk' }).click();
    // While it runs: the bar, the month under way and the request count move.
    await expect.poll(() => page.locator('#police-api-status').textContent(), { timeout: 30_000 }).toMatch(/Fetching: month 2 of 2 \(2014-08\), \d+ areas answered; [1-9]\d* requests/);
    expect(await page.locator('#police-api-progress').evaluate((p: HTMLProgressElement) => [p.value, p.max])).toEqual([1, 2]);
    expect(await page.getByRole('button', { name: 'Cancel fetch' }).isVisible()).toBe(true);
    await page.locator('#police-api-status').scrollIntoViewIfNeeded();
    saveArtifact('data-page-police-api-progress-1366.png', await page.screenshot());

    await expect.poll(() => page.locator('#police-api-status').textContent(), { timeout: 60_000 }).toMatch(/^Fetched and loaded\. .*2 of 2 months; 10 requests \(0 retried\), [\d,]+ rows loaded/);
    expect(await page.locator('#police-api-progress').evaluate((p: HTMLProgressElement) => [p.value, p.max, p.dataset.state])).toEqual([2, 2, 'succeeded']);
    const reports = page.locator('#police-api-result .import-report');
    expect(await reports.count()).toBe(2);
    expect(await reports.nth(0).locator('.report-title').textContent()).toBe('(metropolitan, 2014-07): succeeded');
    const august = await reports.nth(1).textContent();
    expect(august).toContain('(metropolitan, 2014-08): succeeded');
    expect(august).toMatch(/Areas queried4Areas subdivided1Crimes answered374/);
    const loaded = Number(/Loaded([\d,]+)/.exec(august!)![1]!.replaceAll(',', ''));
    expect(loaded).toBeGreaterThan(300);
    expect(await page.getByRole('button', { name: 'Reload the map' }).isVisible()).toBe(true);
    // What is loaded is read again: the force and the API's incidents are there.
    await expect.poll(() => page.locator('#data-forces').textContent(), { timeout: 10_000 }).toContain('metropolitan');
    const health = (await (await fetch(`${server.url}/api/health`)).json()) as { incidents: number };
    expect(health.incidents).toBe(loaded);
    await page.locator('#police-api-result').scrollIntoViewIfNeeded();
    saveArtifact('data-page-police-api-1366.png', await page.screenshot());
  });

  it('uploads a population CSV by district code and shows its report', async () => {
    await page.getByLabel('Kind').selectOption('population');
    await page.getByLabel('Rows name').selectOption('codeField');
    await page.getByLabel('Key column').fill('LAD code');
    await page.getByLabel('Value column').fill('People');
    await page.getByLabel('Population year').fill('2024');
    await page.getByLabel('Files').setInputFiles({ name: 'testwich-population.csv', mimeType: 'text/csv', buffer: Buffer.from('LAD code,People\nE09000099,123456\nE99999999,7\n') });
    await page.getByRole('button', { name: 'Upload and import' }).click();
    await expect.poll(() => page.locator('#upload-result').textContent(), { timeout: 30_000 }).toMatch(/Imported\./);
    const report = await page.locator('#upload-result .import-report').textContent();
    expect(report).toContain('testwich-population.csv');
    expect(report).toMatch(/Rows read2Population year2024Rows summed1Rows matching no district1Districts given a population1/);
    expect(report).toContain('Matched by district code in column "LAD code"');
    const districts = (await (await fetch(`${server.url}/api/districts`)).json()) as { features: Array<{ properties: { population: number; populationYear: number } }> };
    expect(districts.features[0]!.properties).toMatchObject({ population: 123456, populationYear: 2024 });
    expect(errors).toEqual([]);
  });
});

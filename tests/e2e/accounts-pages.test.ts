import { spawnSync } from 'node:child_process';
import { resolve } from 'node:path';
import type { Page } from 'playwright-core';
import { describe, expect, it } from 'vitest';
import { TESTWICH } from '../import/police-api-replay';
import { useAppSession } from './app-session';
import { expectAxeClean } from './axe-check';
import { browserAvailability, saveArtifact } from './browser';

// Signed-in pages of a server with accounts: the Data page importing with the session instead of
// the token, and the admins' audit log page (filters, paging, CSV), which others neither see nor read.

const root = resolve(import.meta.dirname, '../..');
const PASSWORD = 'a long enough password';
const browserCheck = browserAvailability();

function addUser(dataDir: string, name: string, role: string): void {
  const out = spawnSync(process.execPath, ['--import', 'tsx', 'server/cli/main.ts', 'user', 'add', name, '--role', role, '--password-stdin'], {
    cwd: root, env: { ...process.env, DATA_DIR: dataDir }, input: `${PASSWORD}\n`, encoding: 'utf8', timeout: 180_000,
  });
  expect(out.status, out.stderr).toBe(0);
}

async function signIn(page: Page, url: string, name: string): Promise<void> {
  await page.goto(url);
  await page.locator('#sign-in-form').waitFor({ state: 'visible', timeout: 60_000 });
  await page.getByLabel('Name').fill(name);
  await page.getByLabel('Password').fill(PASSWORD);
  await page.getByRole('button', { name: 'Sign in' }).click();
  await page.locator('#sign-in').waitFor({ state: 'hidden', timeout: 60_000 });
}

describe.skipIf(!browserCheck.available)('signed-in pages: Data page by session, the audit log for admins', () => {
  const app = useAppSession({
    name: 'accounts',
    database: 'empty',
    env: () => ({ DEMO_ON_EMPTY: 'false' }),
    beforeStart: async (dataDir) => {
      addUser(dataDir, 'ada', 'admin');
      addUser(dataDir, 'vic', 'viewer');
    },
  });

  it('imports on the Data page with the session: no token asked for, none sent', async () => {
    const { page, server } = app;
    await signIn(page, `${server.url}/?panel=data`, 'ada');
    await expect.poll(() => page.locator('#data-access-hint').textContent(), { timeout: 60_000 }).toContain('signed in as ada (admin)');
    expect(await page.locator('#upload-token').isVisible()).toBe(false);
    const posted: Array<Record<string, string>> = [];
    page.on('request', (r) => {
      if (r.method() === 'POST' && r.url().endsWith('/api/imports')) posted.push(r.headers());
    });
    await page.getByLabel('Kind').selectOption('boundaries');
    await page.getByLabel('Code field').fill('code');
    await page.getByLabel('Name field').fill('name');
    await page.getByLabel('Files').setInputFiles({ name: 'testwich.geojson', mimeType: 'application/geo+json', buffer: Buffer.from(TESTWICH) });
    await page.getByRole('button', { name: 'Upload and import' }).click();
    await expect.poll(() => page.locator('#upload-result').textContent(), { timeout: 60_000 }).toMatch(/Imported\./);
    expect(posted).toHaveLength(1);
    expect(posted[0]!.authorization).toBeUndefined();
    await expectAxeClean(page, 'Data page signed in as an admin');
    await expect.poll(() => page.locator('#audit-link').isVisible()).toBe(true);
    expect(app.errors).toEqual([]);
  });

  it('lets an admin read the audit log filtered and paged, and download it as CSV', async () => {
    const { page, server } = app;
    // A dozen failed sign-ins under other names: more than a page of 10 with the rest (they stay
    // under the per-address limit, so this address can still sign in below).
    for (let i = 0; i < 12; i++) {
      await fetch(`${server.url}/api/session`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ name: `nobody${i}`, password: 'wrong password here' }) });
    }
    await page.locator('#audit-link').click();
    await page.waitForSelector('body[data-audit-ready="?"]', { timeout: 60_000 });
    expect(await page.locator('#audit-table tbody tr').count()).toBeGreaterThanOrEqual(15);
    await page.getByLabel('Rows per page').selectOption('10');
    await page.getByRole('button', { name: 'Show' }).click();
    await page.waitForSelector('body[data-audit-ready="?size=10"]');
    expect(await page.locator('#audit-table tbody tr').count()).toBe(10);
    expect(await page.locator('#audit-table tbody tr td:nth-child(3)').allTextContents()).toContain('session.sign-in-failed');
    await expectAxeClean(page, 'audit log, newest page');
    saveArtifact('audit-log-1366.png', await page.screenshot({ fullPage: true }));

    const firstPage = await page.locator('#audit-table tbody tr').allTextContents();
    await page.getByRole('button', { name: 'Older' }).click();
    await page.waitForSelector('body[data-audit-ready*="before="]');
    const secondPage = await page.locator('#audit-table tbody tr').allTextContents();
    expect(secondPage.length).toBeGreaterThan(0);
    expect(secondPage.some((r) => firstPage.includes(r))).toBe(false);
    expect(await page.locator('#audit-table tbody tr').allTextContents()).toEqual(expect.arrayContaining([expect.stringContaining('user.add')]));
    await page.getByRole('button', { name: 'Newer' }).click();
    await page.waitForSelector('body[data-audit-ready="?size=10"]');
    expect(await page.locator('#audit-table tbody tr').allTextContents()).toEqual(firstPage);

    await page.getByLabel('Action').fill('session.sign-in');
    await page.getByLabel('User').fill('ada');
    await page.getByRole('button', { name: 'Show' }).click();
    await page.waitForSelector('body[data-audit-ready="?action=session.sign-in&actor=ada&size=10"]');
    const filtered = await page.locator('#audit-table tbody tr').allTextContents();
    expect(filtered.length).toBeGreaterThan(0);
    expect(filtered.every((r) => r.includes('ada') && r.includes('session.sign-in'))).toBe(true);
    expect(new URL(page.url()).search).toBe('?action=session.sign-in&actor=ada&size=10');

    const href = await page.locator('#audit-csv').getAttribute('href');
    const csv = await page.request.get(`${server.url}${href}`);
    expect(csv.status()).toBe(200);
    const lines = (await csv.text()).trimEnd().split('\r\n');
    expect(lines[0]).toBe('id,at,actor,action,address,details');
    expect(lines.slice(1).every((l) => /^\d+,[^,]+,ada,session\.sign-in,/.test(l))).toBe(true);
    expect(lines.length - 1).toBe(filtered.length);

    await page.setViewportSize({ width: 390, height: 844 });
    await expectAxeClean(page, 'audit log at 390 × 844');
    const overflow = await page.evaluate(() => document.documentElement.scrollWidth - document.documentElement.clientWidth);
    expect(overflow).toBeLessThanOrEqual(0);
    saveArtifact('audit-log-390.png', await page.screenshot({ fullPage: true }));
    await page.setViewportSize({ width: 1366, height: 768 });
    expect(app.errors).toEqual([]);
  });

  it('hides the link from a viewer, whose Data page still asks for the token, and the server refuses the log', async () => {
    const { browser, server } = app;
    const context = await browser.newContext({ viewport: { width: 1366, height: 768 } });
    const page = await context.newPage();
    try {
      const sessionChecks: Promise<unknown>[] = [];
      page.on('request', (r) => {
        if (r.url().endsWith('/api/session') && r.method() === 'GET') sessionChecks.push(r.response());
      });
      await signIn(page, `${server.url}/?panel=data`, 'vic');
      await expect.poll(() => page.locator('#upload-token').isVisible(), { timeout: 60_000 }).toBe(true);
      // After the sign-in, the page asks who is signed in (boot, Data page, admin links): all answered.
      await expect.poll(() => sessionChecks.length, { timeout: 60_000 }).toBeGreaterThanOrEqual(3);
      await Promise.all(sessionChecks);
      expect(await page.locator('#audit-link').getAttribute('hidden')).not.toBeNull();
      expect((await page.request.get(`${server.url}/api/audit-log`)).status()).toBe(403);
      await page.goto(`${server.url}/audit.html`);
      await page.waitForSelector('body[data-audit-ready="error"]', { timeout: 60_000 });
      expect(await page.locator('#audit-status').textContent()).toBe('The audit log is for admins only.');
      await expectAxeClean(page, 'audit log refused to a viewer');
    } finally {
      await context.close();
    }
  });
});

import { spawnSync } from 'node:child_process';
import { cpSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { browserAvailability, launchChromium } from './browser';
import { type RunningServer, startServer } from './server-process';
import { expectAxeClean } from './axe-check';

const root = resolve(import.meta.dirname, '../..');
const PASSWORD = 'a long enough password';

// Once an account exists, reading needs a sign-in: the page shows the sign-in form, then the map.
describe('signing in to a server with an account', () => {
  const dataDir = mkdtempSync(join(tmpdir(), 'hotspot-atlas-e2e-signin-'));
  const env = { DATA_DIR: dataDir, BASEMAP_STYLE_URL: 'http://127.0.0.1:9/style.json' };
  let server: RunningServer;
  const browserCheck = browserAvailability();
  let browser: Browser | undefined;

  beforeAll(async () => {
    // From a copy of the prepared demo database, as a server that has loaded it.
    cpSync(inject('e2eDemoDataDir'), dataDir, { recursive: true });
    // The first admin is made with the CLI, from standard input as a script would.
    const add = spawnSync(process.execPath, ['--import', 'tsx', 'server/cli/main.ts', 'user', 'add', 'ada', '--role', 'analyst', '--password-stdin'], {
      cwd: root, env: { ...process.env, ...env }, input: `${PASSWORD}\n`, encoding: 'utf8', timeout: 180_000,
    });
    expect(add.status, add.stderr).toBe(0);
    expect(add.stdout).toContain('Added analyst ada');
    server = await startServer(env);
    if (browserCheck.available) browser = await launchChromium();
  });

  afterAll(async () => {
    await browser?.close();
    await server?.stop();
    rmSync(dataDir, { recursive: true, force: true });
  });

  it('refuses reads without a sign-in', async () => {
    expect((await fetch(`${server.url}/api/districts`)).status).toBe(401);
    expect(await (await fetch(`${server.url}/api/session`)).json()).toMatchObject({ signedIn: false, readAccess: 'authenticated' });
  });

  it.skipIf(!browserCheck.available)('shows the sign-in form, says when the password is wrong, then shows the map', async () => {
    const page = await browser!.newPage({ viewport: { width: 1366, height: 768 } });
    const errors: string[] = [];
    page.on('pageerror', (e) => errors.push(e.message));
    await page.goto(server.url);
    await page.locator('#sign-in-form').waitFor({ state: 'visible', timeout: 60_000 });
    expect(await page.locator('#app').isVisible()).toBe(false);
    await expectAxeClean(page, 'sign-in page');
    await page.getByLabel('Name').fill('ada');
    await page.getByLabel('Password').fill('not the password');
    await page.getByRole('button', { name: 'Sign in' }).click();
    // A wrong password is answered after the same delay as a right one (argon2 and the timing floor).
    await expect.poll(() => page.locator('#sign-in-error').textContent(), { timeout: 30_000 }).toBe('Wrong name or password.');
    await page.getByLabel('Password').fill(PASSWORD);
    await page.getByRole('button', { name: 'Sign in' }).click();
    await page.waitForSelector('body[data-app-state="ready"]', { timeout: 120_000 });
    expect(await page.locator('#sign-in').isVisible()).toBe(false);
    const cookies = await page.context().cookies();
    expect(cookies.find((c) => c.name === 'hotspot_session')).toMatchObject({ httpOnly: true, sameSite: 'Lax' });
    expect(errors).toEqual([]);
    await page.close();
  });
});

import { cpSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Browser, BrowserContextOptions, Page } from 'playwright-core';
import { afterAll, beforeAll, inject } from 'vitest';
import { launchChromium } from './browser';
import { type RunningServer, startServer } from './server-process';
import { OFFLINE_BASEMAP_URL } from './server-env';

export { E2E_IMPORT_TOKEN, OFFLINE_BASEMAP_URL } from './server-env';

export interface AppSessionOptions {
  /** Names the temporary data folder. */
  name: string;
  /** More server environment, read when the server starts (after the suite's earlier beforeAll hooks). */
  env?: () => Record<string, string>;
  /**
   * What the data folder holds when the server starts: a copy of the prepared demo database
   * (default), of a migrated empty one, or nothing at all ('fresh': the server creates it, as on
   * a new machine). The copies spare each suite the server's first-start work.
   */
  database?: 'demo' | 'empty' | 'fresh';
  /** Runs on the data folder before the server starts (e.g. imports through the CLI). */
  beforeStart?: (dataDir: string) => Promise<void>;
  /**
   * Use the server on the demo that the browser suites share (started by the e2e global setup with
   * OFFLINE_BASEMAP_URL and E2E_IMPORT_TOKEN; E2E_SERVER_URL may stand in for it), for suites that
   * read the demo and write nothing another suite looks at. No env, database or beforeStart then.
   */
  reuseServer?: boolean;
  /** Requests whose URL contains this are recorded in `requests` (default '/api/'). */
  record?: string;
  /** More options for the page (viewport 1366 × 768 by default). */
  page?: BrowserContextOptions;
}

/** What a suite's tests use; valid from the suite's first test on. */
export interface AppSession {
  readonly server: RunningServer;
  readonly browser: Browser;
  readonly page: Page;
  /** URLs of the recorded requests, in order. */
  readonly requests: string[];
  /** Uncaught page errors. */
  readonly errors: string[];
  /** Console reports of a request or script the Content-Security-Policy refused. */
  readonly cspViolations: string[];
}

/** The shared server once it answers (it may still be starting when the first suite begins). */
async function sharedServer(url: string, timeoutMs = 240_000): Promise<RunningServer> {
  const started = performance.now();
  let last = '';
  while (performance.now() - started < timeoutMs) {
    try {
      const res = await fetch(`${url}/api/health`);
      if (res.ok) return { url, output: () => '', readySeconds: (performance.now() - started) / 1000, stop: async () => {} };
      last = `health answered ${res.status}`;
    } catch (e) {
      last = String(e);
    }
    await new Promise((r) => setTimeout(r, 500));
  }
  throw new Error(`the shared browser-test server at ${url} did not answer in ${timeoutMs} ms (${last}); E2E_DEBUG=1 prints its log at the end`);
}

/**
 * Registers, in the calling describe, the set-up every browser suite shares: a fresh data folder,
 * the app served from it as `npm start` does (offline basemap), Chromium with one page recording
 * errors and requests, and the tear-down (E2E_DEBUG prints the server's log). Made in beforeAll,
 * so a suite skipped for want of Chromium leaves nothing behind.
 */
export function useAppSession(options: AppSessionOptions): AppSession {
  const requests: string[] = [];
  const errors: string[] = [];
  const cspViolations: string[] = [];
  let dataDir: string | undefined;
  let server: RunningServer | undefined;
  let browser: Browser | undefined;
  let page: Page | undefined;

  beforeAll(async () => {
    if (options.reuseServer) {
      if (options.env || options.beforeStart || options.database) throw new Error(`${options.name}: a suite on the shared server sets no env, data or start hook of its own`);
      server = await sharedServer(inject('e2eSharedServerUrl'));
    } else {
      dataDir = mkdtempSync(join(tmpdir(), `hotspot-atlas-${options.name}-e2e-`));
      const database = options.database ?? 'demo';
      if (database !== 'fresh') cpSync(inject(database === 'demo' ? 'e2eDemoDataDir' : 'e2eEmptyDataDir'), dataDir, { recursive: true });
      await options.beforeStart?.(dataDir);
      const env = options.env?.() ?? {};
      if (database === 'demo' && env.DEMO_ON_EMPTY === 'false') throw new Error(`${options.name}: DEMO_ON_EMPTY=false wants database: 'empty', not a copy of the demo`);
      server = await startServer({ DATA_DIR: dataDir, BASEMAP_STYLE_URL: OFFLINE_BASEMAP_URL, ...env });
    }
    browser = await launchChromium();
    page = await browser.newPage({ viewport: { width: 1366, height: 768 }, ...options.page });
    page.on('pageerror', (e) => errors.push(e.message));
    // Chromium reports a Content-Security-Policy refusal only on the console.
    page.on('console', (m) => {
      if (/Content Security Policy/i.test(m.text())) cspViolations.push(m.text());
    });
    const record = options.record ?? '/api/';
    page.on('request', (r) => {
      if (r.url().includes(record)) requests.push(r.url());
    });
  });

  afterAll(async () => {
    if (process.env.E2E_DEBUG) console.log(server?.output().slice(-4000));
    await browser?.close();
    await server?.stop();
    if (dataDir) rmSync(dataDir, { recursive: true, force: true });
  });

  return {
    get server() { return server!; },
    get browser() { return browser!; },
    get page() { return page!; },
    requests,
    errors,
    cspViolations,
  };
}

import { closeSync, openSync, readSync } from 'node:fs';
import { resolve } from 'node:path';
import { z } from 'zod';

/** A space- or comma-separated list of origins such as `https://tiles.example.org`. */
const originList = z
  .string()
  .transform((s) => s.split(/[\s,]+/).filter(Boolean))
  .pipe(z.array(z.string().regex(/^https?:\/\/[A-Za-z0-9.-]+(:\d{1,5})?$/, 'each must be an origin such as https://tiles.example.org (scheme, host, optional port; no path)')));

/**
 * Every setting the server reads from the environment, with its default. The README's
 * configuration table lists the same names: keep them in step.
 */
const EnvSchema = z.object({
  PORT: z.coerce.number().int().min(1).max(65535).default(8787),
  HOST: z.string().min(1).default('127.0.0.1'),
  DATABASE_URL: z
    .string()
    .regex(/^postgres(ql)?:\/\//, 'must be a postgres:// or postgresql:// URL')
    .optional()
    .or(z.literal('').transform(() => undefined)),
  DATA_DIR: z.string().min(1).default('.data'),
  BASEMAP_STYLE_URL: z.string().url().default('https://tiles.openfreemap.org/styles/positron'),
  BASEMAP_PMTILES: z.string().optional().or(z.literal('').transform(() => undefined)),
  DEMO_ON_EMPTY: z.enum(['true', 'false']).default('true').transform((v) => v === 'true'),
  POLICE_API_URL: z.string().url().default('https://data.police.uk/api'),
  IMPORT_TOKEN: z.string().min(16, 'must be at least 16 characters').optional().or(z.literal('').transform(() => undefined)),
  UPLOAD_LIMIT_MB: z.coerce.number().positive().max(10_000).default(200),
  ANALYSIS_CACHE_ENTRIES: z.coerce.number().int().min(0).max(10_000).default(64),
  STATEMENT_TIMEOUT_MS: z.coerce.number().int().min(0).max(3_600_000).default(30_000),
  READ_ACCESS: z.enum(['public', 'authenticated']).optional().or(z.literal('').transform(() => undefined)),
  COOKIE_SECURE: z.enum(['true', 'false']).default('false').transform((v) => v === 'true'),
  SESSION_IDLE_MINUTES: z.coerce.number().int().min(1).max(7 * 24 * 60).default(60),
  SESSION_MAX_HOURS: z.coerce.number().int().min(1).max(30 * 24).default(12),
  TRUST_PROXY: z.enum(['true', 'false']).default('false').transform((v) => v === 'true'),
  CSP_EXTRA_ORIGINS: originList.default([]),
  CORS_ORIGINS: originList.default([]),
});

export interface Config {
  port: number;
  host: string;
  databaseUrl: string | undefined;
  dataDir: string;
  basemapStyleUrl: string;
  /** Absolute path of a PMTiles v3 vector basemap the app serves itself; unset: none. */
  basemapPmtiles: string | undefined;
  demoOnEmpty: boolean;
  /** Base URL of the police.uk API (tests point it at a local replay server). */
  policeApiUrl: string;
  /** Bearer token for POST /api/imports; unset: uploads are disabled. */
  importToken: string | undefined;
  uploadLimitBytes: number;
  /** How many analysis responses to keep in memory; 0 turns the cache off. */
  analysisCacheEntries: number;
  /**
   * PostgreSQL server only: a request's SQL statement running longer is cancelled (answered 503).
   * 0 turns it off. Imports lift it (they may run long); PGlite cannot cancel a running query.
   */
  statementTimeoutMs: number;
  /** Whether viewers must sign in; unset: public while no account exists, then authenticated. */
  readAccess: 'public' | 'authenticated' | undefined;
  /** Mark the session cookie Secure (serve over HTTPS). */
  cookieSecure: boolean;
  sessionIdleSeconds: number;
  sessionMaxSeconds: number;
  /** Take the client address from X-Forwarded-For (only behind a proxy that sets it). */
  trustProxy: boolean;
  /** Origins the Content-Security-Policy allows beyond our own and the basemap style's (tile or glyph hosts). */
  cspExtraOrigins: string[];
  /** Origins allowed to call the API cross-origin; empty: CORS off. */
  corsOrigins: string[];
}

export class ConfigError extends Error {}

export function loadConfig(env: Record<string, string | undefined> = process.env): Config {
  const parsed = EnvSchema.safeParse(env);
  if (!parsed.success) {
    const lines = parsed.error.issues.map((i) => `  ${i.path.join('.')}: ${i.message}`);
    throw new ConfigError(`Invalid configuration:\n${lines.join('\n')}`);
  }
  const e = parsed.data;
  return {
    port: e.PORT,
    host: e.HOST,
    databaseUrl: e.DATABASE_URL,
    dataDir: resolve(e.DATA_DIR),
    basemapStyleUrl: e.BASEMAP_STYLE_URL,
    basemapPmtiles: e.BASEMAP_PMTILES ? checkedPmtiles(resolve(e.BASEMAP_PMTILES)) : undefined,
    demoOnEmpty: e.DEMO_ON_EMPTY,
    policeApiUrl: e.POLICE_API_URL,
    importToken: e.IMPORT_TOKEN,
    uploadLimitBytes: Math.round(e.UPLOAD_LIMIT_MB * 1024 * 1024),
    analysisCacheEntries: e.ANALYSIS_CACHE_ENTRIES,
    statementTimeoutMs: e.STATEMENT_TIMEOUT_MS,
    readAccess: e.READ_ACCESS,
    cookieSecure: e.COOKIE_SECURE,
    sessionIdleSeconds: e.SESSION_IDLE_MINUTES * 60,
    sessionMaxSeconds: e.SESSION_MAX_HOURS * 3600,
    trustProxy: e.TRUST_PROXY,
    cspExtraOrigins: e.CSP_EXTRA_ORIGINS,
    corsOrigins: e.CORS_ORIGINS,
  };
}

/** The path, once its first bytes show a PMTiles v3 archive: a wrong file fails at start, not on the map. */
function checkedPmtiles(path: string): string {
  let fd: number;
  try {
    fd = openSync(path, 'r');
  } catch (error) {
    throw new ConfigError(`Invalid configuration:\n  BASEMAP_PMTILES: cannot read ${path} (${(error as NodeJS.ErrnoException).code ?? 'error'})`);
  }
  const magic = Buffer.alloc(8);
  try {
    readSync(fd, magic, 0, 8, 0);
  } finally {
    closeSync(fd);
  }
  if (magic.subarray(0, 7).toString('latin1') !== 'PMTiles' || magic[7] !== 3) {
    throw new ConfigError(`Invalid configuration:\n  BASEMAP_PMTILES: ${path} is not a PMTiles version 3 archive`);
  }
  return path;
}

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
  DEMO_ON_EMPTY: z.enum(['true', 'false']).default('true').transform((v) => v === 'true'),
  POLICE_API_URL: z.string().url().default('https://data.police.uk/api'),
  IMPORT_TOKEN: z.string().min(16, 'must be at least 16 characters').optional().or(z.literal('').transform(() => undefined)),
  UPLOAD_LIMIT_MB: z.coerce.number().positive().max(10_000).default(200),
  ANALYSIS_CACHE_ENTRIES: z.coerce.number().int().min(0).max(10_000).default(64),
  CSP_EXTRA_ORIGINS: originList.default([]),
  CORS_ORIGINS: originList.default([]),
});

export interface Config {
  port: number;
  host: string;
  databaseUrl: string | undefined;
  dataDir: string;
  basemapStyleUrl: string;
  demoOnEmpty: boolean;
  /** Base URL of the police.uk API (tests point it at a local replay server). */
  policeApiUrl: string;
  /** Bearer token for POST /api/imports; unset: uploads are disabled. */
  importToken: string | undefined;
  uploadLimitBytes: number;
  /** How many analysis responses to keep in memory; 0 turns the cache off. */
  analysisCacheEntries: number;
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
    demoOnEmpty: e.DEMO_ON_EMPTY,
    policeApiUrl: e.POLICE_API_URL,
    importToken: e.IMPORT_TOKEN,
    uploadLimitBytes: Math.round(e.UPLOAD_LIMIT_MB * 1024 * 1024),
    analysisCacheEntries: e.ANALYSIS_CACHE_ENTRIES,
    cspExtraOrigins: e.CSP_EXTRA_ORIGINS,
    corsOrigins: e.CORS_ORIGINS,
  };
}

import type { MiddlewareHandler } from 'hono';
import { bodyLimit } from 'hono/body-limit';
import { cors } from 'hono/cors';
import { secureHeaders } from 'hono/secure-headers';
import type { Config } from './config';
import { problemResponse, problemType } from './problem';

/**
 * Largest JSON body any route takes. The biggest real one (a patrol zone set's name and note) is
 * well under 1 KB, so 64 KB leaves room without letting a client make the server buffer megabytes.
 * File uploads have their own limit (UPLOAD_LIMIT_MB) and are streamed.
 */
export const JSON_BODY_LIMIT_BYTES = 64 * 1024;

/**
 * The origins the page may load from besides its own: the basemap style's origin (OpenFreeMap
 * serves style, tiles, glyphs and sprites from one host) and any configured extras for styles
 * whose tiles live elsewhere.
 */
export function basemapOrigins(config: Pick<Config, 'basemapStyleUrl' | 'cspExtraOrigins'>): string[] {
  return [...new Set([new URL(config.basemapStyleUrl).origin, ...config.cspExtraOrigins])];
}

/**
 * secureHeaders with a Content-Security-Policy. MapLibre fetches tiles from its worker, whose
 * script comes from our origin and so runs under this same policy: the basemap hosts go in
 * connect-src and img-src. MapLibre and deck.gl also start workers from blob: URLs. Inline styles
 * stay allowed because MapLibre and deck.gl position their elements with style attributes; no
 * inline script is allowed.
 */
export function securityHeaders(config: Pick<Config, 'basemapStyleUrl' | 'cspExtraOrigins'>): MiddlewareHandler {
  const hosts = basemapOrigins(config);
  return secureHeaders({
    contentSecurityPolicy: {
      defaultSrc: ["'self'"],
      scriptSrc: ["'self'"],
      styleSrc: ["'self'", "'unsafe-inline'"],
      imgSrc: ["'self'", 'data:', 'blob:', ...hosts],
      fontSrc: ["'self'", 'data:'],
      connectSrc: ["'self'", ...hosts],
      workerSrc: ["'self'", 'blob:'],
      childSrc: ["'self'", 'blob:'],
      objectSrc: ["'none'"],
      baseUri: ["'self'"],
      formAction: ["'self'"],
      frameAncestors: ["'none'"],
    },
    crossOriginEmbedderPolicy: false,
    xContentTypeOptions: 'nosniff',
    referrerPolicy: 'strict-origin-when-cross-origin',
    xFrameOptions: 'DENY',
  });
}

/** CORS only for configured origins; with none, no CORS headers at all (same-origin only). */
export function corsIfConfigured(config: Pick<Config, 'corsOrigins'>): MiddlewareHandler {
  if (config.corsOrigins.length === 0) return async (_c, next) => next();
  return cors({ origin: config.corsOrigins, credentials: false, maxAge: 600 });
}

/** Routes that take a file as their JSON body and cap it themselves (a plan's GeoJSON, up to 10 MB). */
const OWN_BODY_LIMIT = [/^\/api\/plans\/[^/]+\/features\/import$/];

/** Every JSON body is capped; uploads (multipart, and OWN_BODY_LIMIT routes) are left to their own limits. */
export function jsonBodyLimit(): MiddlewareHandler {
  const limit = bodyLimit({
    maxSize: JSON_BODY_LIMIT_BYTES,
    onError: (c) =>
      problemResponse(c, {
        type: problemType('body-too-large'),
        title: 'Request body too large',
        status: 413,
        detail: `A JSON request body may be at most ${JSON_BODY_LIMIT_BYTES / 1024} KB.`,
      }),
  });
  return async (c, next) => {
    if ((c.req.header('content-type') ?? '').startsWith('multipart/form-data')) return next();
    if (OWN_BODY_LIMIT.some((route) => route.test(c.req.path))) return next();
    return limit(c, next);
  };
}

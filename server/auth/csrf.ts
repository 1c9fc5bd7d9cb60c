import type { Context } from 'hono';

const SAFE_METHODS = new Set(['GET', 'HEAD', 'OPTIONS']);

export function isWrite(method: string): boolean {
  return !SAFE_METHODS.has(method);
}

/**
 * Whether a request comes from a page of this server: its Origin names our host, or (browsers
 * that omit Origin) Sec-Fetch-Site says same-origin. Checked for every cookie-authenticated
 * write whatever its content type: hono's csrf middleware checks only form and text bodies,
 * while our writes are JSON. Ports count (host includes them); the scheme does not, since a
 * TLS-terminating proxy talks plain HTTP to us.
 */
export function fromSameOrigin(c: Context, trustProxy: boolean): boolean {
  const host = (trustProxy && c.req.header('x-forwarded-host')) || c.req.header('host') || new URL(c.req.url).host;
  const origin = c.req.header('origin');
  if (origin !== undefined) {
    try {
      return new URL(origin).host === host;
    } catch {
      return false; // "null" (sandboxed frames, privacy redirects) and garbage are not us.
    }
  }
  return c.req.header('sec-fetch-site') === 'same-origin';
}

/** An Origin header naming another site (absent or ours: false). */
export function fromOtherOrigin(c: Context, trustProxy: boolean): boolean {
  return c.req.header('origin') !== undefined && !fromSameOrigin(c, trustProxy);
}

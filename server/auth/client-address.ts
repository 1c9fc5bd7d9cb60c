import type { Context } from 'hono';

/**
 * The client's address: the socket's peer, or (TRUST_PROXY=true, behind a proxy that sets it)
 * the first X-Forwarded-For entry. `app.request()` in tests has no socket: it passes one in the
 * env (`{ incoming: { socket: { remoteAddress } } }`) or gets "unknown".
 */
export function clientAddress(c: Context, trustProxy: boolean): string {
  if (trustProxy) {
    const forwarded = c.req.header('x-forwarded-for')?.split(',')[0]?.trim();
    if (forwarded) return forwarded;
  }
  const env = c.env as { incoming?: { socket?: { remoteAddress?: string } }; server?: { incoming?: { socket?: { remoteAddress?: string } } } } | undefined;
  return env?.incoming?.socket?.remoteAddress ?? env?.server?.incoming?.socket?.remoteAddress ?? 'unknown';
}

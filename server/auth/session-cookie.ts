import type { Context } from 'hono';
import { deleteCookie, getCookie, setCookie } from 'hono/cookie';
import type { Config } from '../config';

/**
 * The session cookie: HttpOnly (no script reads it), SameSite=Lax (not sent on cross-site
 * writes), Path=/. Behind HTTPS (COOKIE_SECURE=true) it is also Secure and takes the __Host-
 * prefix, which browsers only accept from a secure origin without a Domain.
 */
export function sessionCookieName(config: Pick<Config, 'cookieSecure'>): string {
  return config.cookieSecure ? '__Host-hotspot_session' : 'hotspot_session';
}

export function readSessionCookie(c: Context, config: Config): string | undefined {
  return getCookie(c, sessionCookieName(config)) || undefined;
}

export function writeSessionCookie(c: Context, config: Config, secret: string): void {
  setCookie(c, sessionCookieName(config), secret, {
    httpOnly: true, sameSite: 'Lax', secure: config.cookieSecure, path: '/', maxAge: config.sessionMaxSeconds,
  });
}

export function clearSessionCookie(c: Context, config: Config): void {
  deleteCookie(c, sessionCookieName(config), { httpOnly: true, sameSite: 'Lax', secure: config.cookieSecure, path: '/' });
}

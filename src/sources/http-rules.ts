import { SourceRefusedError } from './exceptions.js';

// Two small rules every request follows: where it may go, and how long a server may ask us to wait.

/** `https://www.find-tender.service.gov.uk` from a base URL: the only scheme, host and port ever asked. */
export function originOf(baseUrl: string): string {
  return new URL(baseUrl).origin;
}

/**
 * Returns the host of `url` when it is on `origin` (same scheme, host and port); otherwise throws a
 * SourceRefusedError naming only the target's origin (a `file://` link, another host, http for https).
 */
export function checkOrigin(url: string, origin: string, what: 'redirect' | 'link'): string {
  let parsed: URL;
  try {
    parsed = new URL(url);
  } catch {
    throw new SourceRefusedError(what, 'an unreadable URL', origin);
  }
  if (parsed.origin !== origin || (parsed.protocol !== 'https:' && parsed.protocol !== 'http:')) {
    const shown = parsed.origin === 'null' ? `${parsed.protocol}//` : parsed.origin;
    throw new SourceRefusedError(what, shown, origin);
  }
  return parsed.host;
}

const HTTP_DATE = /^(?:Mon|Tue|Wed|Thu|Fri|Sat|Sun)[a-z]*,? /i;

/**
 * `Retry-After` as RFC 9110 writes it: a whole number of seconds, or an HTTP date. Returns the wait in ms,
 * or null when the header is absent, negative, fractional, a date already past, or unreadable (the caller
 * then backs off as if there were none). The value is not clamped here: the fetcher caps every wait.
 */
export function parseRetryAfter(header: unknown, nowMs: number): number | null {
  const value = Array.isArray(header) ? (header as unknown[])[0] : header;
  if (typeof value !== 'string') return null;
  const text = value.trim();
  if (/^\d{1,15}$/.test(text)) return Number(text) * 1000;
  if (!HTTP_DATE.test(text)) return null;
  const at = Date.parse(text);
  return Number.isNaN(at) || at <= nowMs ? null : at - nowMs;
}

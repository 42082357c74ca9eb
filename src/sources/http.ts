import axios, { type AxiosInstance, type AxiosResponse } from 'axios';
import { decodeBytes } from '../notices/text.js';
import { backoffDelay } from '../shared/backoff.js';
import type { Clock } from '../shared/clock.js';
import type { Logger } from '../shared/logger.js';
import { SourceHttpError, SourceParseError, SourceUnreachableError } from './exceptions.js';

/** How politely to treat one service. Every wait is a config value, so a local replay can run fast. */
export interface HttpPolicy {
  /** Minimum gap between two requests to the same host. */
  requestIntervalMs: number;
  /** Wait after a 429 without Retry-After (FTS 120 s) or a rate-limit 403 (CF 300 s). */
  rateLimitWaitMs: number;
  /** Contracts Finder answers "too many requests" with 403. */
  forbiddenMeansRateLimit: boolean;
  maxAttempts: number;
  backoffBaseMs: number;
  backoffMaxMs: number;
}

/**
 * One axios instance for every source: bytes in (we decode them ourselves), every status returned to us.
 * `signal` aborts every request in flight (and refuses new ones) when the worker shuts down.
 */
export function createHttpClient(options: {
  userAgent: string;
  timeoutMs: number;
  signal?: AbortSignal;
}): AxiosInstance {
  return axios.create({
    timeout: options.timeoutMs,
    ...(options.signal ? { signal: options.signal } : {}),
    responseType: 'arraybuffer',
    validateStatus: () => true,
    maxRedirects: 5,
    headers: {
      'User-Agent': options.userAgent,
      Accept: 'application/json, application/xml;q=0.9, */*;q=0.5',
    },
    transitional: { clarifyTimeoutError: true },
  });
}

/** One request at a time per host, spaced by the host's interval; shared by every source that talks to it. */
export function createHostGates(clock: Clock) {
  const gates = new Map<string, { tail: Promise<void>; lastStart: number }>();
  return {
    async run<T>(host: string, intervalMs: number, task: () => Promise<T>): Promise<T> {
      const gate = gates.get(host) ?? { tail: Promise.resolve(), lastStart: Number.NEGATIVE_INFINITY };
      gates.set(host, gate);
      const previous = gate.tail;
      let release = () => {};
      gate.tail = new Promise<void>((resolve) => (release = resolve));
      await previous;
      try {
        const wait = gate.lastStart + intervalMs - clock.now();
        if (wait > 0) await clock.sleep(wait);
        gate.lastStart = clock.now();
        return await task();
      } finally {
        release();
      }
    },
  };
}
export type HostGates = ReturnType<typeof createHostGates>;

/** Seconds or an HTTP date, as RFC 9110 allows; null when absent or unreadable. */
export function parseRetryAfter(header: unknown, nowMs: number): number | null {
  if (typeof header !== 'string' || header.trim() === '') return null;
  const seconds = Number(header);
  if (Number.isFinite(seconds)) return Math.max(0, seconds * 1000);
  const at = Date.parse(header);
  return Number.isNaN(at) ? null : Math.max(0, at - nowMs);
}

const UNREACHABLE = new Set([
  'ENOTFOUND',
  'EAI_AGAIN',
  'ECONNREFUSED',
  'EHOSTUNREACH',
  'ENETUNREACH',
  'ENETDOWN',
]);
const TRANSIENT = new Set([
  'ETIMEDOUT',
  'ECONNABORTED',
  'ECONNRESET',
  'EPIPE',
  'ERR_BAD_RESPONSE',
  'ESOCKETTIMEDOUT',
]);

type Attempt<T> = { ok: true; value: T } | { ok: false; retryIn: number | null; error: Error };

export interface PoliteFetcherDeps {
  http: AxiosInstance;
  gates: HostGates;
  clock: Clock;
  log: Logger;
  random?: () => number;
}

/**
 * Fetches a URL and parses its body, honouring the host gate and the policy: 429 → Retry-After or the
 * rate-limit wait; CF 403 → the rate-limit wait; 5xx, timeouts and unreadable bodies → exponential back-off
 * with jitter. An unreachable host fails at once (the schedule retries it); other 4xx are not retried.
 */
export function createPoliteFetcher(deps: PoliteFetcherDeps) {
  const random = deps.random ?? Math.random;
  let requests = 0;

  async function attempt<T>(
    url: string,
    params: Record<string, string> | undefined,
    policy: HttpPolicy,
    parse: (text: string) => T,
    tries: number,
  ): Promise<Attempt<T>> {
    const host = new URL(url).host;
    let response: AxiosResponse<ArrayBuffer>;
    try {
      requests++;
      response = await deps.gates.run(host, policy.requestIntervalMs, () =>
        deps.http.get<ArrayBuffer>(url, { params }),
      );
    } catch (err) {
      const code = axios.isAxiosError(err) ? (err.code ?? '') : '';
      if (UNREACHABLE.has(code)) throw new SourceUnreachableError(host, code);
      if (TRANSIENT.has(code) || code === '')
        return {
          ok: false,
          retryIn: backoffDelay(tries, { baseMs: policy.backoffBaseMs, maxMs: policy.backoffMaxMs }, random),
          error: err instanceof Error ? err : new Error(String(err)),
        };
      throw err;
    }
    const status = response.status;
    const retryAfter = parseRetryAfter(response.headers['retry-after'], deps.clock.now());
    if (status === 429 || (status === 403 && policy.forbiddenMeansRateLimit)) {
      return {
        ok: false,
        retryIn: retryAfter ?? policy.rateLimitWaitMs,
        error: new SourceHttpError(status, url),
      };
    }
    if (status >= 500)
      return {
        ok: false,
        retryIn:
          retryAfter ??
          backoffDelay(tries, { baseMs: policy.backoffBaseMs, maxMs: policy.backoffMaxMs }, random),
        error: new SourceHttpError(status, url),
      };
    if (status >= 400) return { ok: false, retryIn: null, error: new SourceHttpError(status, url) };
    const text = decodeBytes(new Uint8Array(response.data));
    try {
      return { ok: true, value: parse(text) };
    } catch (err) {
      const reason = err instanceof Error ? err.message : String(err);
      return {
        ok: false,
        retryIn: backoffDelay(tries, { baseMs: policy.backoffBaseMs, maxMs: policy.backoffMaxMs }, random),
        error: new SourceParseError(url, reason),
      };
    }
  }

  return {
    get requestCount() {
      return requests;
    },
    async fetchParsed<T>(
      url: string,
      params: Record<string, string> | undefined,
      policy: HttpPolicy,
      parse: (text: string) => T,
    ): Promise<T> {
      for (let tries = 1; ; tries++) {
        const result = await attempt(url, params, policy, parse, tries);
        if (result.ok) return result.value;
        if (result.retryIn === null || tries >= policy.maxAttempts) throw result.error;
        deps.log.warn(
          { url, attempt: tries, waitMs: result.retryIn, reason: result.error.message },
          'Request failed; backing off',
        );
        await deps.clock.sleep(result.retryIn);
      }
    },
  };
}
export type PoliteFetcher = ReturnType<typeof createPoliteFetcher>;

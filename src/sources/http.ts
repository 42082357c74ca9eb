import axios, { type AxiosInstance, type AxiosResponse } from 'axios';
import type { Readable } from 'node:stream';
import { decodeBytes } from '../notices/text.js';
import type { SourceRun } from '../pipeline/ports.js';
import { backoffDelay } from '../shared/backoff.js';
import { abortableClock, ShutdownError, type Clock } from '../shared/clock.js';
import type { Logger } from '../shared/logger.js';
import {
  SourceBoundError,
  SourceDeferredError,
  SourceHttpError,
  SourceParseError,
  SourceUnreachableError,
} from './exceptions.js';
import { BodyInterruptedError, readBoundedBody } from './http-body.js';
import { checkOrigin, parseRetryAfter } from './http-rules.js';

export { parseRetryAfter } from './http-rules.js';

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

/** The bounds on every response and every wait (config `http`; see README "Bounds"). */
export interface HttpLimits {
  /** Most bytes read from the wire for one response. */
  maxBodyBytes: number;
  /** Most bytes after decompression. */
  maxInflatedBytes: number;
  /** The whole request (connection, headers and body) must end within this. */
  deadlineMs: number;
  /** No wait (Retry-After, rate-limit wait, back-off) is longer than this. */
  maxRetryAfterMs: number;
}

/** The defaults of config/default.json (8 MiB: see README "Bounds" for how it was measured). */
export const DEFAULT_LIMITS: HttpLimits = {
  maxBodyBytes: 8 * 1048576,
  maxInflatedBytes: 8 * 1048576,
  deadlineMs: 120_000,
  maxRetryAfterMs: 1_800_000,
};

/** Redirects followed for one request (each must stay on the configured host). */
const MAX_REDIRECTS = 5;

/**
 * One axios instance for every source: the body as a stream (read under bounds, decompressed by us),
 * redirects returned to us (followed only on the configured host), every status returned to us. `signal`
 * aborts every request in flight (and refuses new ones) when the worker shuts down.
 */
export function createHttpClient(options: {
  userAgent: string;
  timeoutMs: number;
  signal?: AbortSignal;
}): AxiosInstance {
  return axios.create({
    timeout: options.timeoutMs,
    ...(options.signal ? { signal: options.signal } : {}),
    responseType: 'stream',
    decompress: false,
    maxRedirects: 0,
    validateStatus: () => true,
    headers: {
      'User-Agent': options.userAgent,
      Accept: 'application/json, application/xml;q=0.9, */*;q=0.5',
      'Accept-Encoding': 'gzip, deflate, br',
    },
    transitional: { clarifyTimeoutError: true },
  });
}

/** Ends at once when `signal` aborts (rejecting with its reason). */
function untilAborted<T>(promise: Promise<T>, signal: AbortSignal | undefined): Promise<T> {
  if (!signal) return promise;
  return new Promise<T>((resolve, reject) => {
    const onAbort = () => reject(abortReason(signal));
    if (signal.aborted) return onAbort();
    signal.addEventListener('abort', onAbort, { once: true });
    promise.then(resolve, reject).finally(() => signal.removeEventListener('abort', onAbort));
  });
}

const abortReason = (signal: AbortSignal): Error =>
  signal.reason instanceof Error && signal.reason.name !== 'AbortError' ? signal.reason : new ShutdownError();

/** One request at a time per host, spaced by the host's interval; shared by every source that talks to it. */
export function createHostGates(clock: Clock) {
  const gates = new Map<string, { tail: Promise<void>; lastStart: number }>();
  return {
    async run<T>(host: string, intervalMs: number, task: () => Promise<T>, signal?: AbortSignal): Promise<T> {
      const gate = gates.get(host) ?? { tail: Promise.resolve(), lastStart: Number.NEGATIVE_INFINITY };
      gates.set(host, gate);
      const previous = gate.tail;
      let release = () => {};
      const mine = new Promise<void>((resolve) => (release = resolve));
      // The next request waits for this one and for every one before it, even if this one gives up early.
      gate.tail = previous.then(() => mine);
      try {
        await untilAborted(previous, signal);
        const wait = gate.lastStart + intervalMs - clock.now();
        if (wait > 0) await (signal ? abortableClock(clock, signal) : clock).sleep(wait);
        gate.lastStart = clock.now();
        return await task();
      } finally {
        release();
      }
    },
  };
}
export type HostGates = ReturnType<typeof createHostGates>;

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
  limits?: HttpLimits;
  /** Shutdown: ends every request and wait at once. */
  signal?: AbortSignal;
}

/** Where one request may go, and the run (deadline, signal) it belongs to. */
export interface RequestScope {
  /** `scheme://host[:port]` of the configured base URL: nothing else is ever asked. */
  origin: string;
  run?: SourceRun;
}

interface Fetched {
  status: number;
  headers: AxiosResponse['headers'];
  body: Uint8Array | null;
}

/**
 * Fetches a URL and parses its body, honouring the host gate, the policy and the bounds: only the
 * configured origin is asked (redirects and links elsewhere are refused); the body is bounded on the wire and
 * once inflated, and the whole request has a deadline; 429 → Retry-After (seconds or an HTTP date, clamped)
 * or the rate-limit wait; CF 403 → the rate-limit wait; 5xx, timeouts and unreadable bodies → exponential
 * back-off with jitter. A wait that would outlast the run is not started: the source is deferred. An
 * unreachable host fails at once (the schedule retries it); bounds and other 4xx are not retried.
 */
export function createPoliteFetcher(deps: PoliteFetcherDeps) {
  const random = deps.random ?? Math.random;
  const limits = deps.limits ?? DEFAULT_LIMITS;
  const idleTimeoutMs = deps.http.defaults.timeout ?? 30_000;
  let requests = 0;

  /** One HTTP exchange, following same-origin redirects; the body only for a 2xx. */
  async function exchange(
    first: string,
    params: Record<string, string> | undefined,
    policy: HttpPolicy,
    scope: RequestScope,
  ): Promise<Fetched> {
    let url = first;
    for (let redirects = 0; ; redirects++) {
      const host = checkOrigin(url, scope.origin, redirects === 0 ? 'link' : 'redirect');
      const deadline = AbortSignal.timeout(limits.deadlineMs);
      const signals = [deadline, deps.signal, scope.run?.signal].filter((s): s is AbortSignal => !!s);
      const signal = AbortSignal.any(signals);
      const reason = () =>
        deadline.aborted ? new SourceBoundError('deadline', limits.deadlineMs, host) : abortReason(signal);
      requests++;
      let response: AxiosResponse<Readable>;
      try {
        response = await deps.gates.run(
          host,
          policy.requestIntervalMs,
          () => deps.http.get<Readable>(url, { params: redirects === 0 ? params : undefined, signal }),
          scope.run?.signal,
        );
      } catch (err) {
        if (signal.aborted) throw reason();
        throw err;
      }
      const status = response.status;
      const location: unknown = response.headers.location;
      if (status >= 300 && status < 400 && typeof location === 'string' && status !== 304) {
        response.data.destroy();
        if (redirects >= MAX_REDIRECTS) throw new SourceBoundError('redirects', MAX_REDIRECTS, host);
        url = new URL(location, url).href;
        continue;
      }
      if (status < 200 || status >= 300) {
        response.data.destroy();
        return { status, headers: response.headers, body: null };
      }
      const length = Number(response.headers['content-length']);
      const body = await readBoundedBody(
        response.data,
        {
          contentEncoding: String(response.headers['content-encoding'] ?? ''),
          contentLength: Number.isFinite(length) ? length : null,
        },
        { ...limits, idleTimeoutMs },
        { url, host, signal, abortReason: reason },
      );
      return { status, headers: response.headers, body };
    }
  }

  async function attempt<T>(
    url: string,
    params: Record<string, string> | undefined,
    policy: HttpPolicy,
    parse: (text: string, bytes: Buffer) => T,
    tries: number,
    scope: RequestScope,
    fromBytes?: (bytes: Buffer) => T | null,
  ): Promise<Attempt<T>> {
    const backoff = () =>
      backoffDelay(tries, { baseMs: policy.backoffBaseMs, maxMs: policy.backoffMaxMs }, random);
    let fetched: Fetched;
    try {
      fetched = await exchange(url, params, policy, scope);
    } catch (err) {
      if (err instanceof BodyInterruptedError) return { ok: false, retryIn: backoff(), error: err };
      const code = axios.isAxiosError(err) ? (err.code ?? '') : '';
      const host = new URL(url).host;
      if (UNREACHABLE.has(code)) throw new SourceUnreachableError(host, code);
      if (axios.isAxiosError(err) && (TRANSIENT.has(code) || code === ''))
        return { ok: false, retryIn: backoff(), error: err };
      throw err;
    }
    const { status, headers, body } = fetched;
    const retryAfter = parseRetryAfter(headers['retry-after'], deps.clock.now());
    if (status === 429 || (status === 403 && policy.forbiddenMeansRateLimit))
      return {
        ok: false,
        retryIn: retryAfter ?? policy.rateLimitWaitMs,
        error: new SourceHttpError(status, url),
      };
    if (status >= 500)
      return { ok: false, retryIn: retryAfter ?? backoff(), error: new SourceHttpError(status, url) };
    if (status >= 300 || body === null)
      return { ok: false, retryIn: null, error: new SourceHttpError(status, url) };
    const bytes = Buffer.from(body.buffer, body.byteOffset, body.byteLength);
    try {
      // A reader that can answer from the bytes alone (a page the store mostly holds) saves the decode.
      const early = fromBytes?.(bytes) ?? null;
      if (early !== null) return { ok: true, value: early };
      return { ok: true, value: parse(decodeBytes(body), bytes) };
    } catch (err) {
      const reason = err instanceof Error ? err.message : String(err);
      return { ok: false, retryIn: backoff(), error: new SourceParseError(url, reason) };
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
      parse: (text: string, bytes: Buffer) => T,
      scope: RequestScope,
      /** Tried first on the body's bytes; null means "parse the text as usual". */
      fromBytes?: (bytes: Buffer) => T | null,
    ): Promise<T> {
      for (let tries = 1; ; tries++) {
        const result = await attempt(url, params, policy, parse, tries, scope, fromBytes);
        if (result.ok) return result.value;
        if (result.retryIn === null || tries >= policy.maxAttempts) throw result.error;
        // Retry-After may say a day, or the year 2099: no wait is longer than the configured maximum.
        const wait = Math.min(result.retryIn, limits.maxRetryAfterMs);
        const now = deps.clock.now();
        if (scope.run && now + wait > scope.run.deadlineAt) {
          const deferred = new SourceDeferredError(new URL(url).host, now + wait);
          deps.log.warn(
            { url, attempt: tries, waitMs: wait, reason: result.error.message },
            deferred.message,
          );
          throw deferred;
        }
        deps.log.warn(
          { url, attempt: tries, waitMs: wait, reason: result.error.message },
          'Request failed; backing off',
        );
        await (scope.run ? abortableClock(deps.clock, scope.run.signal) : deps.clock).sleep(wait);
      }
    },
  };
}
export type PoliteFetcher = ReturnType<typeof createPoliteFetcher>;

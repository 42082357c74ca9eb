import { afterEach, describe, expect, it } from 'vitest';
import { createCfSource } from '../../src/sources/cf/index.js';
import { createFtsSource } from '../../src/sources/fts/index.js';
import {
  createHostGates,
  createHttpClient,
  createPoliteFetcher,
  DEFAULT_LIMITS,
  type HttpLimits,
} from '../../src/sources/http.js';
import { systemClock, type Clock } from '../../src/shared/clock.js';
import { createFakeClock } from '../support/clock.js';
import { fixtureJson } from '../support/fixtures.js';
import {
  drip,
  gzipBomb,
  hugeBody,
  json,
  packageBody,
  probe,
  redirect,
  retryAfter,
  startServer,
  type Handler,
  type RunningServer,
} from '../support/hostile-server.js';
import { createCapturingLogger } from '../support/log.js';
import { collect, livePolicy } from '../support/sources.js';

// Each failure of issue 13's feed-side experiments, against a local hostile server: every one of these
// fails on the code before the bounds (it followed the redirect, read 500 MB, inflated the bomb, waited
// for the drip, took Retry-After at face value).

const window = { from: new Date('2026-09-03T00:00:00Z'), to: new Date('2026-09-03T06:00:00Z') };
const releases = () => fixtureJson('fts/fts-page-2026-09-03-p002.json').releases as unknown[];
const servers: RunningServer[] = [];
afterEach(async () => {
  await Promise.all(servers.splice(0).map((s) => s.close()));
});

async function serve(handler: Handler): Promise<RunningServer> {
  const server = await startServer(handler);
  servers.push(server);
  return server;
}

function fetcherFor(clock: Clock, limits: Partial<HttpLimits> = {}, timeoutMs = 30_000) {
  const log = createCapturingLogger();
  const fetcher = createPoliteFetcher({
    http: createHttpClient({ userAgent: 'TenderNudge/test', timeoutMs }),
    gates: createHostGates(clock),
    clock,
    log,
    random: () => 0.5,
    limits: { ...DEFAULT_LIMITS, ...limits },
  });
  return { fetcher, log };
}

function ftsAt(base: string, clock: Clock = createFakeClock(), limits: Partial<HttpLimits> = {}) {
  const { fetcher, log } = fetcherFor(clock, limits);
  const source = createFtsSource(
    { baseUrl: base, pageSize: 100, windowHours: 6, minWindowSeconds: 60, policy: livePolicy() },
    fetcher,
    log,
  );
  return { source, log, clock };
}

function cfAt(base: string, clock: Clock = createFakeClock()) {
  const { fetcher, log } = fetcherFor(clock);
  const policy = livePolicy({ rateLimitWaitMs: 300_000, forbiddenMeansRateLimit: true });
  return { source: createCfSource({ baseUrl: base, pageSize: 100, windowHours: 24, policy }, fetcher), log };
}

describe('requests never leave the configured host', () => {
  it('a redirect to another host is refused; the other host receives nothing', async () => {
    const other = await serve(probe);
    const feed = await serve(redirect(() => `${other.url}/latest/meta-data/iam`));
    const { source } = ftsAt(feed.url);
    await expect(collect(source.fetchWindow(window))).rejects.toThrow(
      `Refused a redirect to ${other.url}: only ${feed.url} is read`,
    );
    expect(other.requests).toEqual([]);
  });

  it('a links.next to another host is refused after the first page, and the probe is never asked', async () => {
    const other = await serve(probe);
    const feed = await serve((_req, res) =>
      json(res, packageBody(releases(), `${other.url}/latest/meta-data/iam?cursor=1`)),
    );
    const { source } = cfAt(feed.url);
    const seen: string[] = [];
    await expect(
      (async () => {
        for await (const page of source.fetchWindow(window))
          seen.push(...page.notices.map((n) => n.releaseId));
      })(),
    ).rejects.toThrow('Refused a links.next');
    expect(seen).toHaveLength(3);
    expect(other.requests).toEqual([]);
  });

  it('a file:// link and a switch from http to https are refused too', async () => {
    const feed = await serve((req, res, server) =>
      json(
        res,
        packageBody(
          [],
          req.url?.includes('second') ? 'file:///etc/passwd' : `${server.url.replace('http:', 'https:')}/x`,
        ),
      ),
    );
    await expect(collect(cfAt(feed.url).source.fetchWindow(window))).rejects.toThrow(
      `Refused a links.next to https://${feed.url.slice('http://'.length)}`,
    );
    const feed2 = await serve((_req, res) => json(res, packageBody([], 'file:///etc/passwd')));
    await expect(collect(cfAt(feed2.url).source.fetchWindow(window))).rejects.toThrow(
      'Refused a links.next to file://',
    );
  });

  it('a redirect on the same host is followed; a redirect loop stops after 5', async () => {
    const moved = await serve((req, res, server) =>
      req.url?.startsWith('/new')
        ? json(res, packageBody(releases()))
        : redirect(() => '/new/page', 301)(req, res, server),
    );
    const pages = await collect(ftsAt(moved.url).source.fetchWindow(window));
    expect(pages.flatMap((p) => p.notices)).toHaveLength(3);
    const loop = await serve(redirect((s, req) => `${s.url}${req.url ?? '/'}x`));
    await expect(collect(ftsAt(loop.url).source.fetchWindow(window))).rejects.toThrow(
      'redirected more than 5 times',
    );
    expect(loop.requests).toHaveLength(6);
  });
});

describe('responses are bounded', () => {
  it('a 500 MB body is refused after the first 8 MiB, in well under a second', async () => {
    const feed = await serve(hugeBody(500 * 1048576));
    const started = Date.now();
    await expect(collect(ftsAt(feed.url).source.fetchWindow(window))).rejects.toThrow(
      'larger than 8 MiB (HTTP_MAX_BODY_BYTES)',
    );
    expect(Date.now() - started).toBeLessThan(2_000);
    expect(feed.requests).toHaveLength(1);
  });

  it('a Content-Length over the bound is refused before the body is read', async () => {
    const feed = await serve((_req, res) => {
      res.writeHead(200, { 'Content-Length': String(9 * 1048576), 'Content-Type': 'application/json' });
      res.write('{');
    });
    await expect(collect(ftsAt(feed.url).source.fetchWindow(window))).rejects.toThrow('HTTP_MAX_BODY_BYTES');
  });

  it('a 1 MB gzip bomb stops at 8 MiB inflated, not 1 GiB', async () => {
    const feed = await serve(gzipBomb(1024 * 1048576));
    await expect(collect(ftsAt(feed.url).source.fetchWindow(window))).rejects.toThrow(
      'inflates to more than 8 MiB (HTTP_MAX_INFLATED_BYTES)',
    );
  });

  it('a gzip page within the bounds is read as usual', async () => {
    const { gzipSync } = await import('node:zlib');
    const feed = await serve((_req, res) => {
      res.writeHead(200, { 'Content-Encoding': 'gzip', 'Content-Type': 'application/json' });
      res.end(gzipSync(packageBody(releases())));
    });
    const pages = await collect(ftsAt(feed.url).source.fetchWindow(window));
    expect(pages.flatMap((p) => p.notices)).toHaveLength(3);
  });

  it('a body that drips one byte at a time ends at the request deadline, though it is never idle', async () => {
    const feed = await serve(drip(50));
    const started = Date.now();
    await expect(
      collect(ftsAt(feed.url, systemClock, { deadlineMs: 600 }).source.fetchWindow(window)),
    ).rejects.toThrow('took longer than 600 ms in all (HTTP_DEADLINE_MS)');
    expect(Date.now() - started).toBeLessThan(1_500);
    expect(feed.requests).toHaveLength(1);
  });
});

describe('Retry-After is parsed, clamped, and never taken at face value', () => {
  const page = () => packageBody(releases());

  it.each([
    ['999999999 seconds', '999999999'],
    ['a date in 2099', 'Thu, 01 Jan 2099 00:00:00 GMT'],
  ])('%s waits the configured maximum (30 min), once', async (_what, value) => {
    const feed = await serve(retryAfter(value, 429, page()));
    const { source, clock } = ftsAt(feed.url);
    const pages = await collect(source.fetchWindow(window));
    expect(pages.flatMap((p) => p.notices)).toHaveLength(3);
    expect((clock as ReturnType<typeof createFakeClock>).waits).toEqual([1_800_000]);
    expect(feed.requests).toHaveLength(2);
  });

  it('a negative Retry-After on a 503 is ignored in favour of the back-off', async () => {
    const feed = await serve(retryAfter('-5', 503, page()));
    const { source, clock } = ftsAt(feed.url);
    await collect(source.fetchWindow(window));
    // base 5 s, jitter pinned at 0.5: 3.75 s; then the 10 s spacing tops it up.
    expect((clock as ReturnType<typeof createFakeClock>).waits).toEqual([3_750, 6_250]);
  });

  it.each(['soon', '1.5', 'Mon, 01 Jan 1990 00:00:00 GMT'])(
    'an unreadable or past Retry-After (%s) on a 429 means the rate-limit wait',
    async (value) => {
      const feed = await serve(retryAfter(value, 429, page()));
      const { source, clock } = ftsAt(feed.url);
      await collect(source.fetchWindow(window));
      expect((clock as ReturnType<typeof createFakeClock>).waits).toEqual([120_000]);
    },
  );

  it('a wait longer than the run has left is not started: the source is deferred until then', async () => {
    const feed = await serve(retryAfter('86400', 429));
    const clock = createFakeClock();
    const { source } = ftsAt(feed.url, clock);
    const run = { signal: new AbortController().signal, deadlineAt: clock.now() + 540_000 };
    const error = await collect(source.fetchWindow(window, run)).catch((err: unknown) => err);
    expect(error).toMatchObject({ name: 'SourceDeferredError', until: clock.now() + 1_800_000 });
    expect(clock.waits).toEqual([]);
    expect(feed.requests).toHaveLength(1);
  });
});

import { afterEach, describe, expect, it } from 'vitest';
import { runPollCycle, type SourceRunSummary } from '../../src/pipeline/poll-cycle.js';
import { createPollRunner } from '../../src/pipeline/poll-runner.js';
import { createCfSource } from '../../src/sources/cf/index.js';
import { createFtsSource } from '../../src/sources/fts/index.js';
import { createHostGates, createHttpClient, createPoliteFetcher } from '../../src/sources/http.js';
import type { Clock } from '../../src/shared/clock.js';
import { openDb } from '../../src/store/db.js';
import { createSqliteNoticeStore } from '../../src/store/notice-store.js';
import { createFakeClock } from '../support/clock.js';
import { fixtureJson } from '../support/fixtures.js';
import {
  endlessCursor,
  json,
  packageBody,
  probe,
  retryAfter,
  startServer,
  type Handler,
  type RunningServer,
} from '../support/hostile-server.js';
import { createCapturingLogger } from '../support/log.js';
import { livePolicy } from '../support/sources.js';

const HOUR = 3600_000;
const releases = () => fixtureJson('fts/fts-page-2026-09-03-p002.json').releases as unknown[];
const servers: RunningServer[] = [];
afterEach(async () => {
  await Promise.all(servers.splice(0).map((s) => s.close()));
});
async function serve(handler: Handler) {
  const server = await startServer(handler);
  servers.push(server);
  return server;
}

function world(clock: Clock = createFakeClock()) {
  const db = openDb(':memory:');
  const log = createCapturingLogger();
  const store = createSqliteNoticeStore(db, clock.now);
  const fetcher = () =>
    createPoliteFetcher({
      http: createHttpClient({ userAgent: 'TenderNudge/test', timeoutMs: 30_000 }),
      gates: createHostGates(clock),
      clock,
      log,
      random: () => 0.5,
    });
  const policy = livePolicy({ requestIntervalMs: 0 });
  const fts = (base: string) =>
    createFtsSource(
      { baseUrl: base, pageSize: 100, windowHours: 6, minWindowSeconds: 60, policy },
      fetcher(),
      log,
    );
  const cf = (base: string) =>
    createCfSource({ baseUrl: base, pageSize: 100, windowHours: 24, policy }, fetcher());
  const deps = { store, clock, log, firstRunLookbackMs: 6 * HOUR, overlapMs: 15 * 60_000 };
  return { db, clock, log, store, fts, cf, deps };
}

describe('a window is never marked done by a response the bounds refused', () => {
  it('links.next to another host: nothing from there is stored, the probe is not asked, the window stays open', async () => {
    const other = await serve((req, res) => json(res, packageBody(releases())));
    const feed = await serve((_req, res) => json(res, packageBody([], `${other.url}/page?cursor=2`)));
    const { store, cf, deps } = world();
    const [summary] = await runPollCycle({ ...deps, sources: [cf(feed.url)] });
    expect(summary?.errors[0]).toContain(`Refused a links.next to ${other.url}`);
    expect(other.requests).toEqual([]);
    expect(store.countNotices()).toBe(0);
    expect(store.getHighWater('cf')).toBeNull();
  });

  it('a cursor that is new on every page stops at POLL_MAX_PAGES_PER_WINDOW, window not done', async () => {
    const feed = await serve(endlessCursor);
    const { store, cf, deps } = world();
    const [summary] = await runPollCycle({ ...deps, sources: [cf(feed.url)], maxPagesPerWindow: 20 });
    expect(summary?.errors).toEqual([
      `The window needed more than 20 pages from ${feed.url.slice(7)} (POLL_MAX_PAGES_PER_WINDOW); it is read again on a later cycle`,
    ]);
    expect(feed.requests).toHaveLength(21);
    expect(store.getHighWater('cf')).toBeNull();
  });

  it('a source whose host never answers stops at its cycle deadline; the window stays open', async () => {
    const silent = await serve(() => undefined);
    const { store, fts, deps } = world();
    const started = Date.now();
    const [summary] = await runPollCycle({ ...deps, sources: [fts(silent.url)], cycleDeadlineMs: 300 });
    expect(Date.now() - started).toBeLessThan(1_500);
    expect(summary?.errors[0]).toContain('took longer than this cycle allows');
    expect(store.getHighWater('fts')).toBeNull();
  });
});

describe('sources are independent', () => {
  it("a day's Retry-After on one feed defers only that feed; the other is polled every tick", async () => {
    const slow = await serve(retryAfter('86400'));
    const good = await serve((_req, res) => json(res, packageBody(releases())));
    const clock = createFakeClock();
    const { fts, cf, deps, store, log } = world(clock);
    const runner = createPollRunner({
      ...deps,
      sources: [fts(slow.url), cf(good.url)],
      cycleDeadlineMs: 540_000,
    });

    const first = await runner.tick();
    expect(first.map((s) => [s.source, s.errors.length])).toEqual([
      ['fts', 1],
      ['cf', 0],
    ]);
    // Clamped to 30 minutes, and not slept: the cycle would have ended first.
    expect(runner.deferredUntil('fts')).toBe(clock.now() + 1_800_000);
    expect(clock.waits).toEqual([]);
    expect(log.entries.some((e) => e.message.includes('its polls are skipped until'))).toBe(true);

    for (let tick = 0; tick < 2; tick++) {
      clock.advance(10 * 60_000);
      const summaries = await runner.tick();
      expect(summaries.map((s) => s.source)).toEqual(['cf']);
    }
    expect(slow.requests).toHaveLength(1);
    expect(good.requests).toHaveLength(3);

    clock.advance(11 * 60_000);
    const later = await runner.tick();
    expect(later.map((s) => s.source)).toEqual(['fts', 'cf']);
    expect(slow.requests).toHaveLength(2);
    expect(store.getHighWater('fts')).toBeNull();
    expect(store.getHighWater('cf')).toBe(clock.now());
  });

  it('a hung feed does not hold back the next tick of another: each source runs on its own', async () => {
    const hung = await serve(() => undefined);
    const good = await serve((_req, res) => json(res, packageBody(releases())));
    const { fts, cf, deps } = world();
    const done: string[] = [];
    const runner = createPollRunner({
      ...deps,
      sources: [fts(hung.url), cf(good.url)],
      cycleDeadlineMs: 1_500,
      onSourceDone: (s: SourceRunSummary) => done.push(s.source),
    });
    const firstTick = runner.tick();
    await new Promise((resolve) => setTimeout(resolve, 200));
    expect(done).toEqual(['cf']);
    expect(runner.running()).toEqual(['fts']);
    // The next tick reads Contracts Finder again at once; Find a Tender is still on its first cycle.
    await runner.tick();
    expect(done).toEqual(['cf', 'cf']);
    expect(hung.requests).toHaveLength(1);
    await firstTick;
    expect(done).toEqual(['cf', 'cf', 'fts']);
  });

  it('shutdown ends a deferred-length wait and a hung request at once', async () => {
    const hung = await serve(() => undefined);
    const { fts, deps } = world();
    const controller = new AbortController();
    const runner = createPollRunner({ ...deps, sources: [fts(hung.url)], signal: controller.signal });
    const tick = runner.tick();
    await new Promise((resolve) => setTimeout(resolve, 100));
    const stoppedAt = Date.now();
    controller.abort();
    await tick;
    expect(Date.now() - stoppedAt).toBeLessThan(200);
  });

  it('an off-host probe is never asked even when the first page is empty (the window stays open)', async () => {
    const other = await serve(probe);
    const feed = await serve((_req, res) => json(res, packageBody([], `${other.url}/empty`)));
    const { store, fts, deps } = world();
    await runPollCycle({ ...deps, sources: [fts(feed.url)] });
    expect(other.requests).toEqual([]);
    expect(store.getHighWater('fts')).toBeNull();
  });
});

import nock from 'nock';
import { describe, expect, it } from 'vitest';
import type { NoticeSource, SavedNotice } from '../../src/pipeline/ports.js';
import { matchNotice } from '../../src/matching/match.js';
import { notDueSources, runBackfill, runPollCycle } from '../../src/pipeline/poll-cycle.js';
import { openDb } from '../../src/store/db.js';
import { createSqliteNoticeStore } from '../../src/store/notice-store.js';
import { createFakeClock } from '../support/clock.js';
import { fixtureJson, fixtureText } from '../support/fixtures.js';
import { createCapturingLogger } from '../support/log.js';
import { realMatcher } from '../support/matcher.js';
import { buildCf, buildFts, CF, CF_PATH, FTS, FTS_PATH } from '../support/sources.js';

const HOUR = 3600_000;

function setup() {
  const db = openDb(':memory:');
  const clock = createFakeClock(Date.parse('2026-09-03T12:00:00Z'));
  const log = createCapturingLogger();
  const store = createSqliteNoticeStore(db, clock.now);
  const saved: SavedNotice[] = [];
  const deps = {
    store,
    clock,
    log,
    firstRunLookbackMs: 6 * HOUR,
    overlapMs: 15 * 60_000,
    onSaved: (s: SavedNotice) => saved.push(s),
  };
  const events = () =>
    db.prepare('SELECT release_id AS id, kind, baseline, changes FROM notice_events ORDER BY id').all();
  return { db, clock, log, store, saved, deps, events };
}

/** The store, recording the release id of each notice handed to it (normalised, not known by its bytes). */
function countingSaves(store: ReturnType<typeof createSqliteNoticeStore>) {
  const normalised: string[] = [];
  const counting = {
    ...store,
    savePage: (...args: Parameters<typeof store.savePage>) => {
      normalised.push(...args[1].map((n) => n.releaseId));
      return store.savePage(...args);
    },
  };
  return { counting, normalised };
}

describe('runPollCycle', () => {
  it('stores a first-run baseline without "new" events, then alerts on what comes later', async () => {
    const { clock, store, saved, deps, events } = setup();
    const fts = buildFts(clock, deps.log, { requestIntervalMs: 0 });
    nock(FTS).get(FTS_PATH).query(true).reply(200, fixtureText('fts/fts-page-2026-09-03-p002.json'));
    const [first] = await runPollCycle({ ...deps, sources: [fts] });
    expect(first?.counts).toMatchObject({ seen: 3, new: 3, updated: 0 });
    expect(saved).toEqual([]);
    expect(events()).toEqual(expect.arrayContaining([expect.objectContaining({ kind: 'new', baseline: 1 })]));
    expect(store.getHighWater('fts')).toBe(clock.now());

    clock.advance(HOUR);
    const member = fixtureJson('fts/fts-member-083563-2026-UK4-tender-5lots.json');
    nock(FTS)
      .get(FTS_PATH)
      .query((q) => q.updatedFrom === '2026-09-03T12:45:00' && q.updatedTo === '2026-09-03T14:00:00')
      .reply(200, {
        releases: [...member.releases, ...fixtureJson('fts/fts-page-2026-09-03-p002.json').releases],
      });
    const [second] = await runPollCycle({ ...deps, sources: [fts] });
    expect(second?.counts).toMatchObject({ seen: 4, new: 1, unchanged: 3 });
    expect(saved.map((s) => [s.notice.releaseId, s.outcome])).toEqual([['083563-2026', 'new']]);
    expect(store.countNotices()).toBe(4);
  });

  it('records an edited notice as an update with what changed, never as a duplicate', async () => {
    const { clock, store, saved, deps, events } = setup();
    store.setHighWater('cf', clock.now() - HOUR);
    const original = fixtureJson('cf/cf-release-tender-budget-ocds-b5fd17-4c20859e.json');
    const edited = structuredClone(original);
    edited.id = original.id.replace(/-\d+$/, '-819916');
    edited.tag = ['tenderAmendment'];
    edited.date = '2025-03-20T10:00:00Z';
    edited.tender.tenderPeriod.endDate = '2025-04-07T09:00:00Z';
    const cf = buildCf(clock, deps.log, { requestIntervalMs: 0 });
    nock(CF)
      .get(CF_PATH)
      .query(true)
      .reply(200, { releases: [original] });
    nock(CF)
      .get(CF_PATH)
      .query(true)
      .reply(200, { releases: [original, edited] });
    await runPollCycle({ ...deps, sources: [cf] });
    clock.advance(HOUR);
    await runPollCycle({ ...deps, sources: [cf] });
    expect(saved.map((s) => s.outcome)).toEqual(['new', 'updated']);
    expect(saved[1]?.changes).toEqual(['deadline moved from 31 Mar 2025 to 7 Apr 2025']);
    expect(store.countNotices()).toBe(1);
    expect(store.countReleases()).toBe(2);
    expect(events().map((e: any) => e.kind)).toEqual(['new', 'updated']);
  });

  it('knows a release read again with the same bytes without normalising it, and reads changed bytes', async () => {
    const { db, clock, store, saved, deps, events } = setup();
    const fts = buildFts(clock, deps.log, { requestIntervalMs: 0 });
    const text = fixtureText('fts/fts-page-2026-09-03-p002.json');
    nock(FTS).get(FTS_PATH).query(true).reply(200, text);
    await runPollCycle({ ...deps, sources: [fts] });
    const hashes = () => db.prepare('SELECT raw_hash FROM releases ORDER BY release_id').pluck().all();
    expect(hashes()).toHaveLength(3);
    expect(hashes().every((h) => typeof h === 'string')).toBe(true);

    // The overlap reads the same page: every release is known from its bytes, and counted unchanged.
    clock.advance(HOUR);
    nock(FTS).get(FTS_PATH).query(true).reply(200, text);
    const { counting, normalised: seenByStore } = countingSaves(store);
    const [again] = await runPollCycle({ ...deps, store: counting, sources: [fts] });
    expect(again?.counts).toMatchObject({ seen: 3, new: 0, updated: 0, unchanged: 3 });
    expect(seenByStore).toEqual([]);

    // One release changed in place under the same id: only it is normalised, and it is an update.
    clock.advance(HOUR);
    const title = 'Multi-Functional Devices';
    expect(text).toContain(`"title": "${title}"`);
    nock(FTS)
      .get(FTS_PATH)
      .query(true)
      .reply(200, text.replace(`"title": "${title}"`, `"title": "${title} (MFD)"`));
    const before = hashes();
    const [changed] = await runPollCycle({ ...deps, store: counting, sources: [fts] });
    expect(changed?.counts).toMatchObject({ seen: 3, updated: 1, unchanged: 2 });
    expect(seenByStore).toEqual(['083257-2026']);
    expect(saved.map((s) => [s.notice.releaseId, s.outcome])).toEqual([['083257-2026', 'updated']]);
    expect(events()).toEqual(
      expect.arrayContaining([expect.objectContaining({ kind: 'updated', baseline: 0 })]),
    );
    expect(hashes().filter((h, i) => h !== before[i])).toHaveLength(1);
  });

  it('keeps the fingerprint current when the bytes change but the notice does not', async () => {
    const { clock, store, deps } = setup();
    const fts = buildFts(clock, deps.log, { requestIntervalMs: 0 });
    const text = fixtureText('fts/fts-page-2026-09-03-p002.json');
    nock(FTS).get(FTS_PATH).query(true).reply(200, text);
    await runPollCycle({ ...deps, sources: [fts] });
    // Whitespace inside one release: other bytes, the same notice.
    const respaced = text.replace('"initiationType": "tender"', '"initiationType":  "tender"');
    const { counting, normalised } = countingSaves(store);
    for (const expected of [['083257-2026'], []]) {
      clock.advance(HOUR);
      normalised.length = 0;
      nock(FTS).get(FTS_PATH).query(true).reply(200, respaced);
      const [summary] = await runPollCycle({ ...deps, store: counting, sources: [fts] });
      expect(summary?.counts).toMatchObject({ seen: 3, new: 0, updated: 0, unchanged: 3 });
      expect(normalised).toEqual(expected);
    }
  });

  it('keeps the high-water mark before a window that failed, and catches up from it next cycle', async () => {
    const { clock, store, deps } = setup();
    const start = clock.now() - 10 * HOUR;
    store.setHighWater('fts', start);
    const fts = buildFts(clock, deps.log, { requestIntervalMs: 0, maxAttempts: 2 });
    nock(FTS).get(FTS_PATH).query(true).reply(200, { releases: [] });
    nock(FTS).get(FTS_PATH).query(true).times(2).reply(503);
    const [failed] = await runPollCycle({ ...deps, sources: [fts] });
    expect(failed?.errors).toEqual(['HTTP 503 from www.find-tender.service.gov.uk']);
    expect(store.getHighWater('fts')).toBe(start - 15 * 60_000 + 6 * HOUR);

    nock(FTS)
      .get(FTS_PATH)
      .query((q) => q.updatedFrom === '2026-09-03T08:30:00')
      .reply(200, fixtureText('fts/fts-page-2026-09-03-p002.json'));
    const [caughtUp] = await runPollCycle({ ...deps, sources: [fts] });
    expect(caughtUp?.errors).toEqual([]);
    expect(caughtUp?.counts.new).toBe(3);
    expect(store.getHighWater('fts')).toBe(clock.now());
  });

  it('keeps polling the other source when one is down, and logs which host failed', async () => {
    const { clock, store, deps, log } = setup();
    store.setHighWater('fts', clock.now() - HOUR);
    store.setHighWater('cf', clock.now() - HOUR);
    nock(FTS)
      .get(FTS_PATH)
      .query(true)
      .replyWithError(Object.assign(new Error('getaddrinfo ENOTFOUND'), { code: 'ENOTFOUND' }));
    nock(CF)
      .get(CF_PATH)
      .query(true)
      .reply(200, { releases: [fixtureJson('cf/cf-release-tender-martock-ocds-b5fd17-2fa4ddab.json')] });
    const [fts, cf] = await runPollCycle({
      ...deps,
      sources: [
        buildFts(clock, log, { requestIntervalMs: 0 }),
        buildCf(clock, log, { requestIntervalMs: 0 }),
      ],
    });
    expect(fts?.errors).toEqual(['Cannot reach www.find-tender.service.gov.uk (ENOTFOUND)']);
    expect(cf?.counts.new).toBe(1);
  });
});

describe('runBackfill', () => {
  it('resumes at the first unfinished window after an interruption', async () => {
    const { clock, store, deps, saved } = setup();
    const from = Date.parse('2026-09-01T00:00:00Z');
    const to = from + 18 * HOUR;
    const fts = buildFts(clock, deps.log, { requestIntervalMs: 0, maxAttempts: 1 });
    nock(FTS).get(FTS_PATH).query(true).reply(200, { releases: [] });
    nock(FTS).get(FTS_PATH).query(true).reply(503);
    const progress: number[] = [];
    const [interrupted] = await runBackfill(
      { ...deps, onProgress: (_s, done) => progress.push(done) },
      [fts],
      from,
      to,
    );
    expect(interrupted?.errors).toHaveLength(1);
    expect(progress).toEqual([0, 1]);

    nock(FTS)
      .get(FTS_PATH)
      .query((q) => q.updatedFrom === '2026-09-01T07:00:00')
      .reply(200, fixtureText('fts/fts-page-2026-09-03-p002.json'));
    nock(FTS)
      .get(FTS_PATH)
      .query((q) => q.updatedFrom === '2026-09-01T13:00:00')
      .reply(200, { releases: [] });
    const resumed: number[] = [];
    const [done] = await runBackfill({ ...deps, onProgress: (_s, n) => resumed.push(n) }, [fts], from, to);
    expect(done?.errors).toEqual([]);
    expect(resumed).toEqual([1, 2, 3]);
    expect(store.countNotices()).toBe(3);
    expect(saved).toEqual([]);
  });
});

describe('runPollCycle with the matcher', () => {
  it('stores the match verdict with the notice, so later steps read the same answer', async () => {
    const { clock, store, deps } = setup();
    store.setHighWater('cf', clock.now() - HOUR);
    const release = fixtureJson('cf/cf-release-tender-martock-ocds-b5fd17-2fa4ddab.json');
    release.tender.title = 'Independent Advocacy Service';
    nock(CF)
      .get(CF_PATH)
      .query(true)
      .reply(200, { releases: [release] });
    await runPollCycle({
      ...deps,
      sources: [buildCf(clock, deps.log, { requestIntervalMs: 0 })],
      match: (n) => matchNotice(n, realMatcher()),
    });
    const stored = store.getMatch('cf', release.ocid);
    expect(stored?.areas.map((a) => `${a.rule}:${a.band}`)).toEqual(['advocacy:strong']);
    expect(stored?.areas[0]?.reasons).toContain("title: 'Independent Advocacy Service' (kind of advocacy)");
  });
});

describe('notDueSources', () => {
  /** A feed read at most hourly (as Scotland and Wales are) that must not be asked anything here. */
  const hourly = (id: 'pcs' | 's2w'): NoticeSource => ({
    id,
    host: `${id}.example`,
    maxWindowMs: null,
    pollEveryMs: HOUR,
    fetchWindow: () => {
      throw new Error('not due: must not be read');
    },
    requestCount: () => 0,
  });

  it('lists each source left out as not due with when it becomes due, and only those', () => {
    const { clock, store, deps } = setup();
    store.setHighWater('pcs', clock.now() - 20 * 60_000);
    const fts = buildFts(clock, deps.log, { requestIntervalMs: 0 });
    // fts has no pollEveryMs and s2w was never read: both are due.
    const sources = [fts, hourly('pcs'), hourly('s2w')];
    expect(notDueSources({ ...deps, sources })).toEqual([
      { source: 'pcs', everyMs: HOUR, dueAt: clock.now() + 40 * 60_000 },
    ]);
    clock.advance(40 * 60_000);
    expect(notDueSources({ ...deps, sources: [hourly('pcs')] })).toEqual([]);
  });
});

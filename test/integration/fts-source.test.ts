import nock from 'nock';
import { describe, expect, it } from 'vitest';
import { createFakeClock } from '../support/clock.js';
import { clonedPackage, fixtureJson, fixtureText } from '../support/fixtures.js';
import { createCapturingLogger } from '../support/log.js';
import { buildFts, collect, FTS, FTS_PATH } from '../support/sources.js';

const window = { from: new Date('2026-09-02T23:00:00Z'), to: new Date('2026-09-03T05:00:00Z') };
const ukParams = { updatedFrom: '2026-09-03T00:00:00', updatedTo: '2026-09-03T06:00:00', limit: '100' };

describe('Find a Tender source', () => {
  it('replays the recorded pages through the real client, following links.next, in UK local time', async () => {
    const p1 = fixtureJson('fts/fts-page-2026-09-03-p001.json');
    const next = new URL(p1.links.next);
    nock(FTS)
      .get(FTS_PATH)
      .query(ukParams)
      .matchHeader('user-agent', /TenderNudge/)
      .reply(200, fixtureText('fts/fts-page-2026-09-03-p001.json'));
    nock(FTS)
      .get(next.pathname)
      .query(Object.fromEntries(next.searchParams))
      .reply(200, fixtureText('fts/fts-page-2026-09-03-p002.json'));
    const clock = createFakeClock();
    const pages = await collect(buildFts(clock, createCapturingLogger()).fetchWindow(window));
    const ids = pages.flatMap((p) => p.notices.map((n) => n.releaseId));
    expect(ids).toEqual([
      ...p1.releases.map((r: { id: string }) => r.id),
      '083257-2026',
      '083256-2026',
      '083253-2026',
    ]);
    expect(pages.flatMap((p) => p.skipped)).toEqual([]);
    expect(clock.waits).toEqual([10_000]);
  });

  it('splits a window whose page comes back full instead of trusting the cursor, and recovers a dropped row', async () => {
    // A full page of 100 whose cursor page would drop row 0100: the split halves return every row.
    const all = clonedPackage('fts/fts-member-083563-2026-UK4-tender-5lots.json', 150, 'X');
    nock(FTS)
      .get(FTS_PATH)
      .query(ukParams)
      .reply(200, {
        releases: all.releases.slice(0, 100),
        links: { next: `${FTS}${FTS_PATH}?cursor=DROPS` },
      });
    nock(FTS)
      .get(FTS_PATH)
      .query({ ...ukParams, updatedTo: '2026-09-03T03:00:00' })
      .reply(200, { releases: all.releases.slice(0, 80) });
    nock(FTS)
      .get(FTS_PATH)
      .query({ ...ukParams, updatedFrom: '2026-09-03T03:00:00' })
      .reply(200, { releases: all.releases.slice(80) });
    const pages = await collect(buildFts(createFakeClock(), createCapturingLogger()).fetchWindow(window));
    const ids = pages.flatMap((p) => p.notices.map((n) => n.releaseId));
    expect(new Set(ids).size).toBe(150);
    expect(ids).toHaveLength(150);
    expect(ids).toContain('X-0100');
  });

  it('splits a dense window into pieces sized from the full page, reading every release in fewer requests', async () => {
    // 600 releases over the 6 hours, one a minute and newest first: the replay answers each cursorless window
    // with its newest 100, as FTS does; a window's bounds are UK wall-clock time (BST here: UTC+1).
    const all = clonedPackage('fts/fts-member-083563-2026-UK4-tender-5lots.json', 600, 'D').releases.map(
      (r, i) => ({ ...(r as object), date: new Date(window.to.getTime() - i * 36_000).toISOString() }),
    );
    const ukInstant = (local: string) => Date.parse(`${local}+01:00`);
    const asked: string[] = [];
    nock(FTS)
      .get(FTS_PATH)
      .query(true)
      .times(1000)
      .reply((uri) => {
        const q = new URL(uri, FTS).searchParams;
        asked.push(`${q.get('updatedFrom')}..${q.get('updatedTo')}`);
        const [from, to] = [ukInstant(q.get('updatedFrom') ?? ''), ukInstant(q.get('updatedTo') ?? '')];
        const inside = all.filter((r) => Date.parse(r.date) >= from && Date.parse(r.date) <= to);
        return [200, { releases: inside.slice(0, 100) }];
      });
    const pages = await collect(buildFts(createFakeClock(), createCapturingLogger()).fetchWindow(window));
    const ids = new Set(pages.flatMap((p) => p.notices.map((n) => n.releaseId)));
    expect(ids.size).toBe(600);
    // Halving would ask 1 + 2 + 4 + 8 (each eighth holds 75): 15 requests. The page says 100 releases cover
    // 59.4 minutes, so 600 are expected: 9 pieces of about 67 each, none full.
    expect(asked).toHaveLength(10);
    nock.cleanAll();
  });

  it('skips one malformed release and keeps the rest of the page', async () => {
    const good = fixtureJson('fts/fts-page-2026-09-03-p002.json').releases;
    nock(FTS)
      .get(FTS_PATH)
      .query(true)
      .reply(200, { releases: [good[0], { id: 'broken', tender: 'no' }, 42, good[1]] });
    const log = createCapturingLogger();
    const [page] = await collect(buildFts(createFakeClock(), log).fetchWindow(window));
    expect(page?.notices.map((n) => n.releaseId)).toEqual(['083257-2026', '083256-2026']);
    expect(page?.skipped).toEqual([
      { releaseId: 'broken', reason: expect.stringContaining('ocid') },
      { releaseId: null, reason: expect.any(String) },
    ]);
  });

  it('returns nothing for an empty page', async () => {
    nock(FTS).get(FTS_PATH).query(true).reply(200, { releases: [] });
    const pages = await collect(buildFts(createFakeClock(), createCapturingLogger()).fetchWindow(window));
    expect(pages).toEqual([{ notices: [], skipped: [] }]);
  });
});

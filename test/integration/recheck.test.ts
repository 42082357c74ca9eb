import nock from 'nock';
import { describe, expect, it } from 'vitest';
import { runRecheck } from '../../src/pipeline/recheck.js';
import { createSqliteRecheckStore } from '../../src/store/recheck-store.js';
import { deliveryWorld, subscriptionBody } from '../support/delivery.js';
import { fixtureRelease } from '../support/fixtures.js';
import { realMatch } from '../support/matcher.js';
import { buildFts, FTS, FTS_PATH } from '../support/sources.js';

describe('open notices read again on a slow schedule', () => {
  it('a deadline moved by an amendment the windows missed is stored and announced as an update', async () => {
    const w = deliveryWorld(Date.parse('2026-09-20T09:00:00Z'));
    w.subscriptions.upsert(subscriptionBody({ stages: ['opportunities', 'updates'] }), 'coordinator');
    // A real UK4 tender, retitled so that it matches advocacy; first stored by a poll.
    const raw = fixtureRelease('fts/fts-member-083563-2026-UK4-tender-5lots.json');
    const original = { ...raw, tender: { ...raw.tender, title: 'Independent Advocacy Service' } };
    const amended = {
      ...original,
      id: '090000-2026',
      tag: ['tenderUpdate'],
      tender: { ...original.tender, tenderPeriod: { endDate: '2026-10-30T12:00:00Z' } },
    };
    nock(FTS)
      .get(`${FTS_PATH}/${raw.ocid}`)
      .reply(200, { releases: [original] });
    nock(FTS)
      .get(`${FTS_PATH}/${raw.ocid}`)
      .reply(200, { releases: [original, amended] });
    const rechecks = createSqliteRecheckStore(w.db);
    const deps = {
      sources: [buildFts(w.clock, w.log, { requestIntervalMs: 0 })],
      store: w.notices,
      rechecks,
      clock: w.clock,
      log: w.log,
      match: realMatch,
      everyMs: 6 * 3600_000,
      limit: 10,
    };
    // The first read stores the tender as a poll would; the next, six hours on, finds the amendment.
    expect(await runRecheck(deps)).toEqual({ checked: 0, updated: 0, failed: 0 });
    const page = await deps.sources[0]?.fetchProcess?.(raw.ocid);
    const first = w.notices.savePage('fts', page?.notices ?? [], {
      baseline: false,
      match: realMatch,
    });
    expect(first.map((saved) => saved.outcome)).toEqual(['new']);
    w.clock.advance(6 * 3600_000 + 1);
    expect(await runRecheck(deps)).toEqual({ checked: 1, updated: 1, failed: 0 });
    const events = w.db
      .prepare('SELECT kind, changes FROM notice_events WHERE ocid = ? ORDER BY id')
      .all(raw.ocid) as { kind: string; changes: string }[];
    expect(events.map((e) => e.kind)).toEqual(['new', 'updated']);
    expect(events[1]?.changes).toContain('deadline moved from');
    const outbox = w.db.prepare('SELECT kind FROM outbox WHERE ocid = ? ORDER BY id').pluck().all(raw.ocid);
    expect(outbox).toEqual(['new', 'update']);
    // Read again only once per interval.
    expect(await runRecheck(deps)).toEqual({ checked: 0, updated: 0, failed: 0 });
  });
});

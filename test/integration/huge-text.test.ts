import nock from 'nock';
import { describe, expect, it } from 'vitest';
import { alertMessage } from '../../src/discord/messages.js';
import { TEXT_LIMITS } from '../../src/notices/text-bounds.js';
import { runPollCycle } from '../../src/pipeline/poll-cycle.js';
import { sourceLabel } from '../../src/sources/registry.js';
import { openDb } from '../../src/store/db.js';
import { createSqliteNoticeStore } from '../../src/store/notice-store.js';
import { toStoredNotice } from '../../src/store/rows.js';
import { createFakeClock } from '../support/clock.js';
import { fixtureJson } from '../support/fixtures.js';
import { createCapturingLogger } from '../support/log.js';
import { realMatch } from '../support/matcher.js';
import { createFtsSource } from '../../src/sources/fts/index.js';
import {
  createHostGates,
  createHttpClient,
  createPoliteFetcher,
  DEFAULT_LIMITS,
} from '../../src/sources/http.js';
import { FTS, FTS_PATH, livePolicy } from '../support/sources.js';

// Issue 13: one release with a ~10 MB description crashed the worker out of memory on every restart. Text is
// bounded at ingestion: matched and shown cut, with a note; the release as published is kept whole.

describe('a release with a 10 MB description', () => {
  it('is stored and matched on its first 50,000 characters, kept whole as published, and said to be cut', async () => {
    const page = fixtureJson('fts/fts-page-2026-09-03-p002.json');
    const [release] = page.releases;
    const description = 'Independent advocacy and peer support for disabled people. '.repeat(180_000);
    release.tender.title = 'Independent Advocacy Service';
    release.tender.description = description;
    nock(FTS).get(FTS_PATH).query(true).reply(200, JSON.stringify(page));
    const db = openDb(':memory:');
    const clock = createFakeClock();
    const store = createSqliteNoticeStore(db, clock.now);
    const log = createCapturingLogger();
    // A page this size is over the default 8 MiB body bound: raised here, as an operator would for it.
    const fetcher = createPoliteFetcher({
      http: createHttpClient({ userAgent: 'TenderNudge/test', timeoutMs: 30_000 }),
      gates: createHostGates(clock),
      clock,
      log,
      limits: { ...DEFAULT_LIMITS, maxBodyBytes: 32 * 1048576, maxInflatedBytes: 32 * 1048576 },
    });
    const fts = createFtsSource(
      { baseUrl: FTS, pageSize: 100, windowHours: 6, minWindowSeconds: 60, policy: livePolicy() },
      fetcher,
      log,
    );
    const [summary] = await runPollCycle({
      sources: [fts],
      store,
      clock,
      log,
      match: realMatch,
      firstRunLookbackMs: 6 * 3600_000,
      overlapMs: 0,
    });
    expect(summary?.errors).toEqual([]);
    expect(summary?.counts.seen).toBe(3);

    const row = db
      .prepare(
        `SELECT r.notice_json, r.raw_json, n.match_json FROM notices n JOIN releases r
        ON r.source = n.source AND r.release_id = n.release_id WHERE r.release_id = ?`,
      )
      .get(release.id) as { notice_json: string; raw_json: string; match_json: string };
    const notice = toStoredNotice(row.notice_json);
    expect(notice.description?.length).toBeLessThanOrEqual(TEXT_LIMITS.description);
    expect(notice.textCut).toEqual([{ field: 'description', length: description.length }]);
    expect(JSON.parse(row.raw_json).tender.description).toBe(description);
    expect(row.match_json).toContain('advocacy');
    // The other releases of the page were not cut, and keep no copy.
    expect(db.prepare('SELECT COUNT(*) FROM releases WHERE raw_json IS NOT NULL').pluck().get()).toBe(1);

    const message = alertMessage(
      {
        notice,
        match: realMatch(notice),
        kind: 'new',
        changes: [],
        now: clock.now(),
        areaLabel: (id: string) => id,
        sourceLabel: sourceLabel(),
        noticeRef: 1,
      },
      { kind: 'channel' },
    );
    const embed = message.embeds?.[0];
    expect(embed?.description?.length).toBeLessThanOrEqual(1500);
    expect(embed?.description).toMatch(
      /Shortened here: the published description is 10,620,000 characters long, more than Tender Nudge reads\. The full text is on the notice page\.$/,
    );
  });
});

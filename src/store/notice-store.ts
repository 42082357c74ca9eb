import { randomUUID } from 'node:crypto';
import { z } from 'zod';
import { contentHash, describeChanges, mergeNotice } from '../notices/changes.js';
import { releaseOrderDate } from '../notices/dates.js';
import type { Notice } from '../notices/notice.js';
import type { MatchResult } from '../matching/match-result.js';
import { NOTICE_FROM_SQL, NOTICE_JSON_SQL, toStoredMatch, toStoredNotice } from './rows.js';
import type { NoticeStore, RunRecord, SavedNotice, SaveOptions } from '../pipeline/ports.js';
import type { Db } from './db.js';
import { planDeliveries } from '../alerts/plan.js';
import type { Subscription } from '../alerts/subscription.js';
import { createSqliteSubscriptionStore } from './delivery-store.js';

const CurrentRow = z.object({
  rowid: z.number(),
  match_json: z.string().nullable(),
  release_date: z.string().nullable(),
  content_hash: z.string(),
  notice_json: z.string(),
});

/** The current Notice of a process: the merged version when there is one, else its latest release. */
const CURRENT_NOTICE_SQL = `
  SELECT n.rowid AS rowid, n.match_json, n.release_date, n.content_hash, ${NOTICE_JSON_SQL} AS notice_json
  FROM ${NOTICE_FROM_SQL}
`;
const ReleaseRow = z.object({ content_hash: z.string(), raw_hash: z.string().nullable() });
const RawHashRow = z.object({ release_id: z.string(), raw_hash: z.string() });
const HighWaterRow = z.object({ high_water: z.number() });
const ProgressRow = z.object({ done_until: z.number() });

/**
 * A row read through its schema, or undefined for none. No row is the common case on the hot path (every new
 * release): answered before zod, whose failure object costs 1.9 us against 0.3 us for a parse.
 */
function rowOf<T>(schema: z.ZodType<T>, raw: unknown): T | undefined {
  if (raw === undefined) return undefined;
  const row = schema.safeParse(raw);
  return row.success ? row.data : undefined;
}

/** better-sqlite3 notice store: prepared once, one transaction per page. */
export function createSqliteNoticeStore(
  db: Db,
  now: () => number = Date.now,
): NoticeStore & {
  countNotices(): number;
  countReleases(): number;
  getMatch(source: string, ocid: string): MatchResult | null;
} {
  const subscriptionStore = createSqliteSubscriptionStore(db, now);
  const stmt = {
    // Changes nothing (0 rows) when the same release arrives again with the same content: that is a
    // duplicate.
    upsertRelease: db.prepare(`
        INSERT INTO releases (source, release_id, ocid, release_date, content_hash, notice_json, raw_json,
        raw_hash, fetched_at)
        VALUES (@source, @releaseId, @ocid, @releaseDate, @hash, @json, @raw, @rawHash, @at)
        ON CONFLICT (source, release_id)
        DO UPDATE SET content_hash = excluded.content_hash, notice_json = excluded.notice_json,
        raw_json = excluded.raw_json, raw_hash = excluded.raw_hash, fetched_at = excluded.fetched_at
        WHERE content_hash != excluded.content_hash
      `),
    getNotice: db.prepare(`${CURRENT_NOTICE_SQL} WHERE n.source = ? AND n.ocid = ?`),
    releaseHashes: db.prepare(
      'SELECT content_hash, raw_hash FROM releases WHERE source = ? AND release_id = ?',
    ),
    setRawHash: db.prepare('UPDATE releases SET raw_hash = ? WHERE source = ? AND release_id = ?'),
    rawHashes: db.prepare(`
        SELECT release_id, raw_hash FROM releases
        WHERE source = ? AND release_id IN (SELECT value FROM json_each(?)) AND raw_hash IS NOT NULL
      `),
    // notice_areas (migration 012) by hand: the store is the only writer of notices, and triggers cost more
    // than the rest of the insert (migration 013).
    clearAreas: db.prepare('DELETE FROM notice_areas WHERE notice_rowid = ?'),
    addAreas: db.prepare(`
        INSERT OR IGNORE INTO notice_areas (area, updated_at, notice_rowid)
        SELECT json_extract(a.value, '$.rule'), @stamp, @rowid FROM json_each(@match, '$.areas') a
        WHERE json_extract(a.value, '$.rule') IS NOT NULL
      `),
    insertNotice: db.prepare(`
        INSERT INTO notices (source, ocid, release_id, release_date, content_hash, merged_json, match_json,
        first_seen_at, updated_at)
        VALUES (@source, @ocid, @releaseId, @releaseDate, @hash, NULL, @match, @at, @stamp)
      `),
    updateNotice: db.prepare(`
        UPDATE notices SET release_id = @releaseId, release_date = @releaseDate, content_hash = @hash,
        merged_json = @merged, match_json = COALESCE(@match, match_json), updated_at = @stamp
        WHERE source = @source AND ocid = @ocid
      `),
    // An older release is history only, but the radar reads a contract's history from all its releases.
    touchNotice: db.prepare('UPDATE notices SET updated_at = @stamp WHERE rowid = @rowid'),
    insertEvent: db.prepare(`
        INSERT OR IGNORE INTO notice_events (source, ocid, release_id, revision, kind, changes, baseline,
        created_at)
        VALUES (@source, @ocid, @releaseId, @revision, @kind, @changes, @baseline, @at)
      `),
    getHighWater: db.prepare('SELECT high_water FROM poll_state WHERE source = ?'),
    setHighWater: db.prepare(`
      INSERT INTO poll_state (source, high_water, updated_at)
      VALUES (?, ?, ?)
      ON CONFLICT (source)
      DO UPDATE SET high_water = MAX(high_water, excluded.high_water), updated_at = excluded.updated_at
    `),
    insertRun: db.prepare(`
        INSERT INTO poll_runs (source, kind, started_at, ended_at, requests, seen, new, updated, unchanged,
        skipped, errors)
        VALUES (@source, @kind, @startedAt, @endedAt, @requests, @seen, @new, @updated, @unchanged, @skipped,
        @errors)
      `),
    getProgress: db.prepare('SELECT done_until FROM backfill_progress WHERE key = ?'),
    setProgress: db.prepare(`INSERT INTO backfill_progress (key, done_until, updated_at) VALUES (?, ?, ?)
      ON CONFLICT (key) DO UPDATE SET done_until = excluded.done_until, updated_at = excluded.updated_at`),
    insertOutbox: db.prepare(`
        INSERT OR IGNORE INTO outbox (subscription_id, source, ocid, release_id, revision, kind, status,
        nonce, next_attempt_at, created_at)
        SELECT s.id, @source, @ocid, @releaseId, @revision, @kind, @status, @nonce, @at, @at
        FROM subscriptions s
        WHERE s.id = @subscriptionId AND s.paused_reason IS NULL
      `),
    // The subscriptions already told about a process (or about to be): they get updates as updates.
    postedTo: db
      .prepare(
        `SELECT DISTINCT subscription_id FROM outbox
        WHERE source = ? AND ocid = ? AND status IN ('pending', 'digest', 'sent')`,
      )
      .pluck(),
    getMatch: db.prepare('SELECT match_json FROM notices WHERE source = ? AND ocid = ?').pluck(),
    countNotices: db.prepare('SELECT COUNT(*) AS n FROM notices').pluck(),
    // One look-up on notices_by_update.
    lastUpdate: db.prepare('SELECT COALESCE(MAX(updated_at), -1) FROM notices').pluck(),
    countReleases: db.prepare('SELECT COUNT(*) AS n FROM releases').pluck(),
  };

  // A page's notices are stamped after every notice stored before it (its first look-up), whatever the clock
  // says: two pages in one millisecond, or a clock set back, never stamp a change before one the radar index
  // has read past (its mark is (updated_at, rowid)).
  let pageFloor = 0;

  // Every update moves the notice in /recent (its updated_at): its areas move with it.
  function moveAreas(rowid: number, stamp: number, match: string | null): void {
    stmt.clearAreas.run(rowid);
    if (match !== null) stmt.addAreas.run({ stamp, rowid, match });
  }

  function saveOne(
    source: string,
    notice: Notice,
    baseline: boolean,
    match?: (n: Notice) => MatchResult,
    raw: string | null = null,
    rawHash: string | null = null,
  ): [SavedNotice, string] {
    // The clock's time for what a person reads (first seen, events, fetched); the stamp that orders changes
    // (updated_at, notice_areas) is never before one already stored.
    const at = now();
    const stamp = Math.max(at, pageFloor);
    const releaseHash = contentHash(notice);
    // The same release with the same content (every poll reads the last 15 minutes again): a duplicate,
    // known from one index look-up before anything is read or written (the upsert below would change
    // nothing). Its fingerprint is kept current, so that the next read of the same bytes is known sooner.
    const known = rowOf(ReleaseRow, stmt.releaseHashes.get(source, notice.releaseId));
    if (known?.content_hash === releaseHash) {
      if (rawHash !== null && known.raw_hash !== rawHash)
        stmt.setRawHash.run(rawHash, source, notice.releaseId);
      return [{ notice, outcome: 'duplicate', changes: [] }, releaseHash];
    }
    // The date the release is ordered by: null for one outside 1990..now+30y or in the future, which is
    // then ordered by arrival (a bad date never freezes which release is current).
    const releaseDate = releaseOrderDate(notice.dates.published, at);
    const json = JSON.stringify(notice);
    // Read the current state first: the release upsert below may rewrite the row it points to.
    const row = rowOf(CurrentRow, stmt.getNotice.get(source, notice.ocid));
    const stored = stmt.upsertRelease.run({
      source,
      releaseId: notice.releaseId,
      ocid: notice.ocid,
      releaseDate,
      hash: releaseHash,
      json,
      raw,
      rawHash,
      at,
    });
    if (stored.changes === 0) return [{ notice, outcome: 'duplicate', changes: [] }, releaseHash];
    const event = { source, ocid: notice.ocid, releaseId: notice.releaseId, baseline: baseline ? 1 : 0, at };
    if (row === undefined) {
      const verdict = match?.(notice);
      const matchJson = verdict ? JSON.stringify(verdict) : null;
      const inserted = stmt.insertNotice.run({
        source,
        ocid: notice.ocid,
        releaseId: notice.releaseId,
        releaseDate,
        hash: releaseHash,
        match: matchJson,
        at,
        stamp,
      });
      if (matchJson !== null && verdict && verdict.areas.length > 0)
        stmt.addAreas.run({ stamp, rowid: Number(inserted.lastInsertRowid), match: matchJson });
      stmt.insertEvent.run({ ...event, revision: releaseHash, kind: 'new', changes: '[]' });
      return [{ notice, outcome: 'new', changes: [], match: verdict }, releaseHash];
    }
    // Releases can arrive out of order (FTS pages are newest first, windows overlap): an older one is history
    // only.
    // Stored dates are read through the same rule: a database written before it may hold a 9999.
    const currentDate = releaseOrderDate(row.release_date, at);
    if (releaseDate && currentDate && Date.parse(releaseDate) < Date.parse(currentDate)) {
      // Moved like an update that changes nothing, so that the radar index reads its releases again.
      stmt.touchNotice.run({ stamp, rowid: row.rowid });
      moveAreas(row.rowid, stamp, row.match_json);
      return [{ notice, outcome: 'older', changes: [] }, releaseHash];
    }
    const current = toStoredNotice(row.notice_json);
    const merged = mergeNotice(current, notice);
    const hash = contentHash(merged);
    // Nothing a person would notice (e.g. a field this version of Tender Nudge reads for the first time):
    // stored, not news.
    const changes = hash === row.content_hash ? [] : describeChanges(current, merged);
    const unchanged = changes.length === 0;
    const mergedJson = JSON.stringify(merged);
    const verdict = unchanged ? undefined : match?.(merged);
    const matchJson = verdict ? JSON.stringify(verdict) : null;
    stmt.updateNotice.run({
      source,
      ocid: notice.ocid,
      releaseId: notice.releaseId,
      releaseDate: releaseDate ?? currentDate,
      hash,
      merged: mergedJson === json ? null : mergedJson,
      match: matchJson,
      stamp,
    });
    moveAreas(row.rowid, stamp, matchJson ?? row.match_json);
    if (unchanged) return [{ notice: merged, outcome: 'unchanged', changes }, hash];
    stmt.insertEvent.run({ ...event, revision: hash, kind: 'updated', changes: JSON.stringify(changes) });
    return [{ notice: merged, outcome: 'updated', changes, match: verdict }, hash];
  }

  /**
   * The save-and-plan step: a new or updated notice's alerts are planned against the subscriptions as they
   * are now and written to the outbox in the same transaction as the notice and its match, whichever
   * process saved it (worker, `npm run poll`, a recheck, the demo). Nothing lost, nothing doubled.
   */
  function enqueue(
    source: string,
    saved: SavedNotice,
    revision: string,
    subscriptions: () => Subscription[],
  ): void {
    if ((saved.outcome !== 'new' && saved.outcome !== 'updated') || !saved.match) return;
    // Who was told already matters only to an update (planDeliveries tells a new notice to each as new): a
    // new notice skips the look-up (6 µs of its ~90 µs store step, measured 2026-12-02).
    const postedTo =
      saved.outcome === 'updated'
        ? new Set(stmt.postedTo.all(source, saved.notice.ocid).map(Number))
        : new Set<number>();
    const plan = planDeliveries(
      { notice: saved.notice, outcome: saved.outcome, match: saved.match },
      subscriptions(),
      now(),
      postedTo,
    );
    for (const delivery of plan.deliveries) {
      stmt.insertOutbox.run({
        source,
        ocid: saved.notice.ocid,
        releaseId: saved.notice.releaseId,
        revision,
        kind: delivery.kind,
        status: delivery.status,
        subscriptionId: delivery.subscriptionId,
        nonce: randomUUID().replace(/-/g, '').slice(0, 25),
        at: now(),
      });
    }
  }

  const savePageTx = db.transaction((source: string, notices: Notice[], options: SaveOptions) => {
    let subs: Subscription[] | null = null;
    // Read once per page, inside its transaction: the plan sees the subscriptions as they are now.
    const subscriptions = () => (subs ??= subscriptionStore.list());
    pageFloor = Number(stmt.lastUpdate.get()) + 1;
    return notices.map((notice) => {
      const raw = options.originals?.get(notice.releaseId) ?? null;
      const rawHash = options.fingerprints?.get(notice.releaseId) ?? null;
      // The revision told is the hash of what is told: a release changed in place under the same id is one
      // more revision, one more alert.
      const [saved, revision] = saveOne(source, notice, options.baseline, options.match, raw, rawHash);
      if (!options.baseline) enqueue(source, saved, revision, subscriptions);
      if (!options.baseline && options.afterSave) options.afterSave(saved);
      return saved;
    });
  });

  return {
    // Immediate: the write lock is taken before the page's first read, so another process (npm run poll,
    // backfill) committing between its reads and its writes makes it wait (busy_timeout), never fail with
    // SQLITE_BUSY_SNAPSHOT, and the floor above is read under the lock.
    // A page with nothing in it (every release known by its fingerprint) opens no transaction.
    savePage: (source, notices, options) =>
      notices.length === 0 ? [] : savePageTx.immediate(source, notices, options),
    storedReleases(source, fingerprints) {
      const stored = new Set<string>();
      if (fingerprints.size === 0) return stored;
      for (const raw of stmt.rawHashes.all(source, JSON.stringify([...fingerprints.keys()]))) {
        const row = RawHashRow.parse(raw);
        if (fingerprints.get(row.release_id) === row.raw_hash) stored.add(row.release_id);
      }
      return stored;
    },
    getHighWater(source) {
      return rowOf(HighWaterRow, stmt.getHighWater.get(source))?.high_water ?? null;
    },
    setHighWater(source, at) {
      stmt.setHighWater.run(source, at, now());
    },
    recordRun(run: RunRecord) {
      stmt.insertRun.run({
        source: run.source,
        kind: run.kind,
        startedAt: run.startedAt,
        endedAt: run.endedAt,
        requests: run.requests,
        ...run.counts,
        errors: JSON.stringify(run.errors),
      });
    },
    getBackfillProgress(key) {
      return rowOf(ProgressRow, stmt.getProgress.get(key))?.done_until ?? null;
    },
    setBackfillProgress(key, doneUntil) {
      stmt.setProgress.run(key, doneUntil, now());
    },
    getMatch(source, ocid) {
      const json = stmt.getMatch.get(source, ocid);
      return typeof json === 'string' ? toStoredMatch(json) : null;
    },
    countNotices: () => Number(stmt.countNotices.get()),
    countReleases: () => Number(stmt.countReleases.get()),
  };
}

import { z } from 'zod';
import { FEEDBACK_ACTIONS, type FeedbackAction } from '../alerts/feedback.js';
import type { StoredNoticeView } from '../alerts/stored-notice.js';
import type { Db } from './db.js';
import { NOTICE_FROM_SQL, NOTICE_JSON_SQL, toStoredMatch, toStoredNotice } from './rows.js';

const ViewRow = z.object({
  rowid: z.number(),
  source: z.string(),
  ocid: z.string(),
  notice_json: z.string(),
  match_json: z.string().nullable(),
  updated_at: z.number(),
});
const RunRow = z.object({
  source: z.string(),
  kind: z.string(),
  started_at: z.number(),
  ended_at: z.number(),
  requests: z.number(),
  seen: z.number(),
  new: z.number(),
  updated: z.number(),
  skipped: z.number(),
  errors: z.string(),
});
const DeliveryRow = z.object({
  status: z.string(),
  last_error: z.string().nullable(),
  sent_at: z.number().nullable(),
  attempts: z.number(),
});
const FeedbackRow = z.object({ match_json: z.string().nullable(), action: z.string(), n: z.number() });

const VIEW_SQL = `
  SELECT n.rowid AS rowid, n.source, n.ocid, ${NOTICE_JSON_SQL} AS notice_json, n.match_json, n.updated_at
  FROM ${NOTICE_FROM_SQL}
`;

function toView(raw: unknown): StoredNoticeView | null {
  const row = ViewRow.safeParse(raw);
  if (!row.success) return null;
  return {
    rowId: row.data.rowid,
    source: row.data.source,
    ocid: row.data.ocid,
    notice: toStoredNotice(row.data.notice_json),
    match: row.data.match_json ? toStoredMatch(row.data.match_json) : null,
    updatedAt: row.data.updated_at,
  };
}

/**
 * Matched notices updated since ?: this WHERE is the partial index notices_matched_by_time's own (012), so
 * the list and its count read only that index. One area's come from notice_areas, kept by triggers.
 */
const MATCHED_SQL = `n.match_json IS NOT NULL AND json_array_length(n.match_json, '$.areas') > 0`;
const RECENT_SQL = `${MATCHED_SQL} AND n.updated_at >= ?`;
const AREA_SQL = `FROM notice_areas a WHERE a.area = ? AND a.updated_at >= ?`;

/** Read-side queries for the Discord commands: find a notice, list recent matches, poll status, feedback. */
export function createSqliteQueries(db: Db, now: () => number = Date.now) {
  const stmt = {
    byRowId: db.prepare(`${VIEW_SQL} WHERE n.rowid = ?`),
    byKey: db.prepare(`${VIEW_SQL} WHERE n.source = ? AND n.ocid = ?`),
    byReleaseId: db.prepare(`
      ${VIEW_SQL}
      WHERE n.ocid = (SELECT ocid FROM releases WHERE release_id = ? LIMIT 1)
        OR n.ocid = ? OR n.release_id = ?
      LIMIT 1
    `),
    // A range, not LIKE, so that it reads the release id index (012).
    byReleasePrefix: db.prepare(`
      ${VIEW_SQL}
      WHERE n.ocid = (SELECT ocid FROM releases WHERE release_id >= ? AND release_id < ? LIMIT 1)
      LIMIT 1
    `),
    recent: db.prepare(`
      ${VIEW_SQL}
      WHERE ${RECENT_SQL}
      ORDER BY n.updated_at DESC, n.rowid DESC LIMIT ? OFFSET ?
    `),
    recentCount: db.prepare(`SELECT COUNT(*) FROM notices n WHERE ${RECENT_SQL}`).pluck(),
    recentArea: db.prepare(`
      ${VIEW_SQL}
      WHERE n.rowid IN (
        SELECT a.notice_rowid ${AREA_SQL} ORDER BY a.updated_at DESC, a.notice_rowid DESC LIMIT ? OFFSET ?
      )
      ORDER BY n.updated_at DESC, n.rowid DESC
    `),
    recentAreaCount: db.prepare(`SELECT COUNT(*) ${AREA_SQL}`).pluck(),
    // Each feed's latest poll: the feeds are found by skipping through the index one source at a time (a
    // GROUP BY would read every run ever recorded).
    lastRuns: db.prepare(`
        WITH RECURSIVE feeds (source) AS (
          SELECT MIN(source) FROM poll_runs
          UNION ALL
          SELECT (SELECT MIN(source) FROM poll_runs WHERE source > feeds.source) FROM feeds
          WHERE feeds.source IS NOT NULL
        )
        SELECT source, kind, started_at, ended_at, requests, seen, new, updated, skipped, errors
        FROM poll_runs
        WHERE id IN (
          SELECT (SELECT MAX(id) FROM poll_runs p WHERE p.source = feeds.source AND p.kind = 'poll')
          FROM feeds WHERE feeds.source IS NOT NULL
        )
        ORDER BY source
      `),
    failures: db
      .prepare(
        `
          SELECT COUNT(*)
          FROM poll_runs
          WHERE source = ? AND kind = 'poll' AND errors != '[]' AND started_at >= ?
        `,
      )
      .pluck(),
    lastSuccess: db
      .prepare(`SELECT MAX(ended_at) FROM poll_runs WHERE source = ? AND kind = 'poll' AND errors = '[]'`)
      .pluck(),
    pending: db.prepare(`SELECT COUNT(*) FROM outbox WHERE status IN ('pending', 'digest')`).pluck(),
    paused: db.prepare('SELECT paused_reason FROM delivery_state WHERE id = 1').pluck(),
    delivery: db.prepare(
      `
        SELECT status, last_error, sent_at, attempts
        FROM outbox
        WHERE subscription_id = ? AND source = ? AND ocid = ?
        ORDER BY id DESC LIMIT 1
      `,
    ),
    record: db.prepare(
      `
        INSERT OR IGNORE INTO feedback (guild_id, user_id, source, ocid, action, created_at)
        VALUES (?, ?, ?, ?, ?, ?)
      `,
    ),
    report: db.prepare(`
        SELECT n.match_json, f.action, COUNT(*) AS n
        FROM feedback f JOIN notices n ON n.source = f.source AND n.ocid = f.ocid
        WHERE f.guild_id = ? AND f.created_at >= ?
        GROUP BY n.rowid, f.action
      `),
  };
  return {
    byRowId: (rowId: number) => toView(stmt.byRowId.get(rowId)),
    byKey: (source: string, ocid: string) => toView(stmt.byKey.get(source, ocid)),
    findNotice(reference: string) {
      const ref = reference.trim();
      // A notice URL: FTS /Notice/083563-2026, CF /Notice/<guid>; else a release id, an ocid, or a CF notice
      // guid.
      const fromUrl = /\/Notice\/([A-Za-z0-9-]+)/.exec(ref)?.[1];
      const key = fromUrl ?? ref;
      const exact = toView(stmt.byReleaseId.get(key, key, key));
      if (exact) return exact;
      // CF release ids are "<notice guid>-<n>": every id starting "<guid>-" sorts below "<guid>.".
      const guid = key.toLowerCase();
      return /^[0-9a-f-]{36}$/.test(guid) ? toView(stmt.byReleasePrefix.get(`${guid}-`, `${guid}.`)) : null;
    },
    recent(area: string | null, page: number, pageSize: number, sinceMs: number) {
      const since = now() - sinceMs;
      const rows =
        area === null
          ? stmt.recent.all(since, pageSize, page * pageSize)
          : stmt.recentArea.all(area, since, pageSize, page * pageSize);
      const items = rows.map(toView).filter((v): v is StoredNoticeView => v !== null);
      const total = area === null ? stmt.recentCount.get(since) : stmt.recentAreaCount.get(area, since);
      return { items, total: Number(total) };
    },
    lastRuns() {
      return stmt.lastRuns.all().map((raw) => {
        const row = RunRow.parse(raw);
        const errors = z.array(z.string()).parse(JSON.parse(row.errors));
        const lastSuccess = stmt.lastSuccess.get(row.source);
        return {
          source: row.source,
          endedAt: row.ended_at,
          requests: row.requests,
          seen: row.seen,
          new: row.new,
          updated: row.updated,
          skipped: row.skipped,
          errors,
          failuresLastDay: Number(stmt.failures.get(row.source, now() - 86_400_000)),
          lastSuccessAt: typeof lastSuccess === 'number' ? lastSuccess : null,
        };
      });
    },
    queueDepth: () => Number(stmt.pending.get()),
    deliveryPause: () => {
      const reason = stmt.paused.get();
      return typeof reason === 'string' ? reason : null;
    },
    deliveryOf(subscriptionId: number, source: string, ocid: string) {
      const row = DeliveryRow.safeParse(stmt.delivery.get(subscriptionId, source, ocid));
      return row.success
        ? {
            status: row.data.status,
            lastError: row.data.last_error,
            sentAt: row.data.sent_at,
            attempts: row.data.attempts,
          }
        : null;
    },
    record: (guildId: string | null, userId: string, source: string, ocid: string, action: FeedbackAction) =>
      stmt.record.run(guildId, userId, source, ocid, action, now()).changes > 0,
    relevanceReport(guildId: string, sinceMs: number) {
      const report = new Map<string, Record<FeedbackAction, number>>();
      for (const raw of stmt.report.all(guildId, now() - sinceMs)) {
        const row = FeedbackRow.parse(raw);
        const action = z.enum(FEEDBACK_ACTIONS).parse(row.action);
        const areas = row.match_json ? toStoredMatch(row.match_json).areas.map((a) => a.rule) : [];
        for (const area of areas.length > 0 ? areas : ['(no area)']) {
          const counts = report.get(area) ?? { remind: 0, interested: 0, 'not-relevant': 0 };
          counts[action] += row.n;
          report.set(area, counts);
        }
      }
      return report;
    },
  };
}

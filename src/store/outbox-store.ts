import { z } from 'zod';
import type { OutboxItem } from '../alerts/delivery.js';
import type { Subscription } from '../alerts/subscription.js';
import type { DeliverySwitch, OutboxPort } from '../pipeline/delivery-ports.js';
import type { Db } from './db.js';
import { NOTICE_FROM_SQL, NOTICE_JSON_SQL, toStoredMatch, toStoredNotice } from './rows.js';

const OutboxRow = z.object({
  id: z.number(),
  subscription_id: z.number(),
  kind: z.enum(['new', 'update', 'radar']),
  nonce: z.string(),
  attempts: z.number(),
  release_id: z.string(),
  revision: z.string(),
  source: z.string(),
  ocid: z.string(),
  attempt_started_at: z.number().nullable(),
  notice_rowid: z.number(),
  notice_json: z.string(),
  match_json: z.string().nullable(),
});
const OriginalRow = z.object({ message_id: z.string(), thread_id: z.string().nullable() });
const ChangesRow = z.object({ changes: z.string() });
const PausedRow = z.object({ paused_reason: z.string().nullable() });

const ITEM_SQL = `
  SELECT o.id, o.subscription_id, o.kind, o.nonce, o.attempts, o.release_id, o.revision, o.source, o.ocid,
  o.attempt_started_at, n.rowid AS notice_rowid, ${NOTICE_JSON_SQL} AS notice_json, n.match_json
  FROM ${NOTICE_FROM_SQL} JOIN outbox o ON o.source = n.source AND o.ocid = n.ocid
`;

export interface SqliteOutboxStore extends OutboxPort {
  pendingCount(): number;
}

/**
 * The outbox: what is waiting to be delivered, and what happened to it. A row is claimed (a lease with its
 * holder and expiry, set in one statement, so two drains never both get it) before it is sent; the start of
 * each attempt is written before the call and cleared only by a known outcome.
 */
export function createSqliteOutboxStore(
  db: Db,
  subscriptions: { list(): Subscription[] },
): SqliteOutboxStore {
  const stmt = {
    claim: db
      .prepare(
        `UPDATE outbox SET lease_holder = @holder, lease_until = @until
        WHERE id IN (
          SELECT id FROM outbox WHERE status = 'pending' AND next_attempt_at <= @now AND lease_until <= @now
          ORDER BY id LIMIT @limit
        )
        RETURNING id`,
      )
      .pluck(),
    claimDigest: db
      .prepare(
        `UPDATE outbox SET lease_holder = @holder, lease_until = @until
        WHERE subscription_id = @sub AND status = 'digest' AND lease_until <= @now
        RETURNING id`,
      )
      .pluck(),
    byId: db.prepare(`${ITEM_SQL} WHERE o.id = ?`),
    digestSubs: db
      .prepare(
        `SELECT DISTINCT o.subscription_id FROM outbox o JOIN subscriptions s ON s.id = o.subscription_id
      WHERE o.status = 'digest' AND json_extract(s.json, '$.mode') = ? AND s.paused_reason IS NULL`,
      )
      .pluck(),
    original: db.prepare(
      `
        SELECT message_id, thread_id
        FROM outbox
        WHERE subscription_id = ? AND source = ? AND ocid = ? AND status = 'sent' AND message_id IS NOT NULL
        ORDER BY id LIMIT 1
      `,
    ),
    changes: db.prepare(
      `SELECT changes FROM notice_events
      WHERE source = ? AND release_id = ? AND revision = ? AND kind = 'updated'`,
    ),
    // The earliest attempt not known to have failed is kept: its post, if any, is what the next look-up must
    // find.
    begin: db.prepare(
      `UPDATE outbox SET attempt_started_at = COALESCE(attempt_started_at, ?), attempts = attempts + 1
      WHERE id = ?`,
    ),
    sent: db.prepare(
      `UPDATE outbox SET status = 'sent', message_id = ?, thread_id = ?, sent_at = ?, lease_holder = NULL,
      lease_until = 0, attempt_started_at = NULL WHERE id = ?`,
    ),
    retry: db.prepare(
      `UPDATE outbox SET last_error = ?, next_attempt_at = ?, lease_holder = NULL, lease_until = 0,
      attempt_started_at = NULL WHERE id = ?`,
    ),
    unknown: db.prepare(
      `UPDATE outbox SET last_error = ?, next_attempt_at = ?, lease_holder = NULL, lease_until = 0
      WHERE id = ?`,
    ),
    failed: db.prepare(
      `UPDATE outbox SET status = 'failed', last_error = ?, lease_holder = NULL, lease_until = 0 WHERE id ` +
        `= ?`,
    ),
    capped: db.prepare(
      `UPDATE outbox SET status = 'capped', lease_holder = NULL, lease_until = 0 WHERE id ` + `= ?`,
    ),
    release: db.prepare(
      `UPDATE outbox SET lease_holder = NULL, lease_until = 0 WHERE lease_holder = ? AND status IN
      ('pending', 'digest')`,
    ),
    sentSince: db
      .prepare(
        `SELECT COUNT(*) FROM outbox WHERE subscription_id = ? AND status = 'sent' AND sent_at >= ?
        AND kind != 'radar'`,
      )
      .pluck(),
    overflow: db.prepare('INSERT OR IGNORE INTO overflow_notes (subscription_id, day) VALUES (?, ?)'),
    pending: db.prepare(`SELECT COUNT(*) FROM outbox WHERE status IN ('pending', 'digest')`).pluck(),
  };
  const toItem = (raw: unknown, subs: Map<number, Subscription>): OutboxItem | null => {
    const row = OutboxRow.parse(raw);
    const subscription = subs.get(row.subscription_id);
    if (!subscription || !row.match_json) return null;
    const original = OriginalRow.safeParse(stmt.original.get(row.subscription_id, row.source, row.ocid));
    const changes = ChangesRow.safeParse(stmt.changes.get(row.source, row.release_id, row.revision));
    return {
      id: row.id,
      subscription,
      notice: toStoredNotice(row.notice_json),
      noticeRowId: row.notice_rowid,
      match: toStoredMatch(row.match_json),
      kind: row.kind,
      nonce: row.nonce,
      attempts: row.attempts,
      changes: changes.success ? z.array(z.string()).parse(JSON.parse(changes.data.changes)) : [],
      original: original.success
        ? { messageId: original.data.message_id, threadId: original.data.thread_id }
        : null,
      attemptedAt: row.attempt_started_at,
    };
  };
  const items = (ids: unknown[]) => {
    const subs = new Map(subscriptions.list().map((s) => [s.id, s]));
    return ids
      .map(Number)
      .sort((a, b) => a - b)
      .map((id) => toItem(stmt.byId.get(id), subs))
      .filter((i): i is OutboxItem => i !== null);
  };
  const each = (ids: number[], fn: (id: number) => void) => db.transaction(() => ids.forEach(fn))();
  return {
    claimDue: (now, limit, holder, until) => items(stmt.claim.all({ holder, until, now, limit })),
    claimDigest: (sub, now, holder, until) => items(stmt.claimDigest.all({ holder, until, now, sub })),
    subscriptionsWithDigests: (mode) => stmt.digestSubs.all(mode).map(Number),
    begin: (ids, at) => each(ids, (id) => stmt.begin.run(at, id)),
    markSent: (ids, messageId, threadId, at) => each(ids, (id) => stmt.sent.run(messageId, threadId, at, id)),
    markRetry: (ids, error, next) => each(ids, (id) => stmt.retry.run(error, next, id)),
    markUnknown: (ids, error, next) => each(ids, (id) => stmt.unknown.run(error, next, id)),
    markFailed: (ids, error) => each(ids, (id) => stmt.failed.run(error, id)),
    markCapped: (id) => void stmt.capped.run(id),
    release: (holder) => void stmt.release.run(holder),
    sentSince: (subscriptionId, since) => Number(stmt.sentSince.get(subscriptionId, since)),
    noteOverflow: (subscriptionId, day) => stmt.overflow.run(subscriptionId, day).changes > 0,
    pendingCount: () => Number(stmt.pending.get()),
  };
}

/** Delivery as a whole, paused when the bot token is refused; /status reads it. */
export function createSqliteDeliverySwitch(db: Db, now: () => number = Date.now): DeliverySwitch {
  const get = db.prepare('SELECT paused_reason FROM delivery_state WHERE id = 1');
  const set = db.prepare(
    `INSERT INTO delivery_state (id, paused_reason, paused_at) VALUES (1, ?, ?)
    ON CONFLICT (id) DO UPDATE SET paused_reason = excluded.paused_reason, paused_at = excluded.paused_at`,
  );
  return {
    pausedReason: () => {
      const row = PausedRow.safeParse(get.get());
      return row.success ? row.data.paused_reason : null;
    },
    pause: (reason) => void set.run(reason, now()),
    resume: () => void set.run(null, null),
  };
}

import { z } from 'zod';
import { Subscription } from '../alerts/subscription.js';
import type { OutboxItem } from '../alerts/delivery.js';
import { Watchlist, type StoredWatchlist } from '../matching/rules.js';
import type { Db } from './db.js';
import { NOTICE_FROM_SQL, NOTICE_JSON_SQL, toStoredMatch, toStoredNotice } from './rows.js';

const SubscriptionRow = z.object({ id: z.number(), json: z.string(), paused_reason: z.string().nullable() });
const WatchlistRow = z.object({ guild_id: z.string(), json: z.string() });
const OutboxRow = z.object({
  id: z.number(),
  subscription_id: z.number(),
  kind: z.enum(['new', 'update', 'radar']),
  nonce: z.string(),
  attempts: z.number(),
  release_id: z.string(),
  source: z.string(),
  ocid: z.string(),
  notice_rowid: z.number(),
  notice_json: z.string(),
  match_json: z.string().nullable(),
});
const OriginalRow = z.object({ message_id: z.string(), thread_id: z.string().nullable() });
const ChangesRow = z.object({ changes: z.string() });

const SUBSCRIPTION_BODY = Subscription.omit({ id: true, pausedReason: true });

export interface SqliteSubscriptionStore {
  list(): Subscription[];
  listGuild(guildId: string): Subscription[];
  forChannel(guildId: string, channelId: string): Subscription | null;
  /** Creates or replaces the subscription of (guild, channel); clears any pause. */
  upsert(subscription: Omit<Subscription, 'id' | 'pausedReason'>, createdBy: string): Subscription;
  remove(guildId: string, channelId: string): boolean;
  pause(id: number, reason: string): void;
}

export interface SqliteWatchlistStore {
  all(): StoredWatchlist[];
  list(guildId: string): Watchlist[];
  get(guildId: string, id: string): Watchlist | null;
  put(guildId: string, watchlist: Watchlist): void;
  remove(guildId: string, id: string): boolean;
  /** Changes whenever any watchlist changes, so the matcher knows to recompile. */
  version(): number;
}

export interface SqliteOutboxStore {
  due(now: number, limit: number): OutboxItem[];
  digestItems(subscriptionId: number): OutboxItem[];
  subscriptionsWithDigests(mode: 'daily' | 'weekly'): number[];
  markSent(id: number, messageId: string | null, threadId: string | null, at: number): void;
  markRetry(id: number, error: string, nextAttemptAt: number): void;
  markFailed(id: number, error: string): void;
  markCapped(id: number): void;
  sentSince(subscriptionId: number, since: number): number;
  /** Records that today's overflow line was sent; false when it already was. */
  noteOverflow(subscriptionId: number, day: string): boolean;
  pendingCount(): number;
}

/** Subscriptions, one per (guild, channel). The JSON column holds the validated settings. */
export function createSqliteSubscriptionStore(db: Db, now: () => number = Date.now): SqliteSubscriptionStore {
  const stmt = {
    all: db.prepare('SELECT id, json, paused_reason FROM subscriptions ORDER BY id'),
    guild: db.prepare('SELECT id, json, paused_reason FROM subscriptions WHERE guild_id = ? ORDER BY id'),
    channel: db.prepare(
      'SELECT id, json, paused_reason FROM subscriptions WHERE guild_id = ? AND channel_id = ?',
    ),
    upsert: db.prepare(`
        INSERT INTO subscriptions (guild_id, channel_id, json, paused_reason, created_by, created_at,
        updated_at)
        VALUES (@guildId, @channelId, @json, NULL, @by, @at, @at)
        ON CONFLICT (guild_id, channel_id)
        DO UPDATE SET json = excluded.json, paused_reason = NULL, updated_at = excluded.updated_at
      `),
    remove: db.prepare('DELETE FROM subscriptions WHERE guild_id = ? AND channel_id = ?'),
    pause: db.prepare('UPDATE subscriptions SET paused_reason = ?, updated_at = ? WHERE id = ?'),
  };
  const toSubscription = (raw: unknown): Subscription | null => {
    const row = SubscriptionRow.safeParse(raw);
    if (!row.success) return null;
    return Subscription.parse({
      ...JSON.parse(row.data.json),
      id: row.data.id,
      pausedReason: row.data.paused_reason,
    });
  };
  const many = (rows: unknown[]) => rows.map(toSubscription).filter((s): s is Subscription => s !== null);
  return {
    list: () => many(stmt.all.all()),
    listGuild: (guildId) => many(stmt.guild.all(guildId)),
    forChannel: (guildId, channelId) => toSubscription(stmt.channel.get(guildId, channelId)),
    upsert(subscription, createdBy) {
      const body = SUBSCRIPTION_BODY.parse(subscription);
      stmt.upsert.run({
        guildId: body.guildId,
        channelId: body.channelId,
        json: JSON.stringify(body),
        by: createdBy,
        at: now(),
      });
      const saved = toSubscription(stmt.channel.get(body.guildId, body.channelId));
      if (!saved) throw new Error('subscription was not saved');
      return saved;
    },
    remove: (guildId, channelId) => stmt.remove.run(guildId, channelId).changes > 0,
    pause: (id, reason) => void stmt.pause.run(reason, now(), id),
  };
}

/** Coordinators' watchlists, per guild. */
export function createSqliteWatchlistStore(db: Db, now: () => number = Date.now): SqliteWatchlistStore {
  let version = 0;
  const stmt = {
    all: db.prepare('SELECT guild_id, json FROM watchlists ORDER BY guild_id, id'),
    guild: db.prepare('SELECT guild_id, json FROM watchlists WHERE guild_id = ? ORDER BY id'),
    one: db.prepare('SELECT guild_id, json FROM watchlists WHERE guild_id = ? AND id = ?'),
    put: db.prepare(
      `
        INSERT INTO watchlists (guild_id, id, json, updated_at)
        VALUES (?, ?, ?, ?)
        ON CONFLICT (guild_id, id)
        DO UPDATE SET json = excluded.json, updated_at = excluded.updated_at
      `,
    ),
    remove: db.prepare('DELETE FROM watchlists WHERE guild_id = ? AND id = ?'),
    maxUpdated: db.prepare('SELECT COALESCE(MAX(updated_at), 0) + COUNT(*) FROM watchlists').pluck(),
  };
  const read = (raw: unknown): StoredWatchlist | null => {
    const row = WatchlistRow.safeParse(raw);
    if (!row.success) return null;
    const watchlist = Watchlist.parse(JSON.parse(row.data.json));
    return { guildId: row.data.guild_id, key: `${row.data.guild_id}:${watchlist.id}`, watchlist };
  };
  return {
    all: () =>
      stmt.all
        .all()
        .map(read)
        .filter((w): w is StoredWatchlist => w !== null),
    list: (guildId) =>
      stmt.guild
        .all(guildId)
        .map(read)
        .flatMap((w) => (w ? [w.watchlist] : [])),
    get: (guildId, id) => read(stmt.one.get(guildId, id))?.watchlist ?? null,
    put(guildId, watchlist) {
      stmt.put.run(guildId, watchlist.id, JSON.stringify(Watchlist.parse(watchlist)), now());
      version++;
    },
    remove(guildId, id) {
      const removed = stmt.remove.run(guildId, id).changes > 0;
      if (removed) version++;
      return removed;
    },
    // Another process (or a restart) may have changed the table: fold its state into the version too.
    version: () => version * 1_000_003 + Number(stmt.maxUpdated.get()),
  };
}

const ITEM_SQL = `
  SELECT o.id, o.subscription_id, o.kind, o.nonce, o.attempts, o.release_id, o.source, o.ocid,
  n.rowid AS notice_rowid, ${NOTICE_JSON_SQL} AS notice_json, n.match_json
  FROM ${NOTICE_FROM_SQL} JOIN outbox o ON o.source = n.source AND o.ocid = n.ocid
`;

/** The outbox: what is waiting to be delivered, and what happened to it. */
export function createSqliteOutboxStore(
  db: Db,
  subscriptions: { list(): Subscription[] },
): SqliteOutboxStore {
  const stmt = {
    due: db.prepare(
      `${ITEM_SQL} WHERE o.status = 'pending' AND o.next_attempt_at <= ? ORDER BY o.id LIMIT ?`,
    ),
    digest: db.prepare(`${ITEM_SQL} WHERE o.status = 'digest' AND o.subscription_id = ? ORDER BY o.id`),
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
      `SELECT changes FROM notice_events WHERE source = ? AND release_id = ? AND kind = 'updated'`,
    ),
    sent: db.prepare(
      `
        UPDATE outbox SET status = 'sent', message_id = ?, thread_id = ?, sent_at = ?,
        attempts = attempts + 1
        WHERE id = ?
      `,
    ),
    retry: db.prepare(
      `UPDATE outbox SET attempts = attempts + 1, last_error = ?, next_attempt_at = ? WHERE id = ?`,
    ),
    failed: db.prepare(
      `UPDATE outbox SET status = 'failed', attempts = attempts + 1, last_error = ? WHERE id = ?`,
    ),
    capped: db.prepare(`UPDATE outbox SET status = 'capped' WHERE id = ?`),
    sentSince: db
      .prepare(`SELECT COUNT(*) FROM outbox WHERE subscription_id = ? AND status = 'sent' AND sent_at >= ?`)
      .pluck(),
    overflow: db.prepare('INSERT OR IGNORE INTO overflow_notes (subscription_id, day) VALUES (?, ?)'),
    pending: db.prepare(`SELECT COUNT(*) FROM outbox WHERE status IN ('pending', 'digest')`).pluck(),
  };
  const toItem = (raw: unknown, subs: Map<number, Subscription>): OutboxItem | null => {
    const row = OutboxRow.parse(raw);
    const subscription = subs.get(row.subscription_id);
    if (!subscription || !row.match_json) return null;
    const original = OriginalRow.safeParse(stmt.original.get(row.subscription_id, row.source, row.ocid));
    const changes = ChangesRow.safeParse(stmt.changes.get(row.source, row.release_id));
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
    };
  };
  const items = (rows: unknown[]) => {
    const subs = new Map(subscriptions.list().map((s) => [s.id, s]));
    return rows.map((row) => toItem(row, subs)).filter((i): i is OutboxItem => i !== null);
  };
  return {
    due: (now, limit) => items(stmt.due.all(now, limit)),
    digestItems: (subscriptionId) => items(stmt.digest.all(subscriptionId)),
    subscriptionsWithDigests: (mode) => stmt.digestSubs.all(mode).map(Number),
    markSent: (id, messageId, threadId, at) => void stmt.sent.run(messageId, threadId, at, id),
    markRetry: (id, error, nextAttemptAt) => void stmt.retry.run(error, nextAttemptAt, id),
    markFailed: (id, error) => void stmt.failed.run(error, id),
    markCapped: (id) => void stmt.capped.run(id),
    sentSince: (subscriptionId, since) => Number(stmt.sentSince.get(subscriptionId, since)),
    noteOverflow: (subscriptionId, day) => stmt.overflow.run(subscriptionId, day).changes > 0,
    pendingCount: () => Number(stmt.pending.get()),
  };
}

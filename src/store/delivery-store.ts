import { z } from 'zod';
import { Subscription, type NewSubscription } from '../alerts/subscription.js';
import { Watchlist, type StoredWatchlist } from '../matching/rules.js';
import type { Db } from './db.js';

const SubscriptionRow = z.object({ id: z.number(), json: z.string(), paused_reason: z.string().nullable() });
const WatchlistRow = z.object({ guild_id: z.string(), json: z.string() });

const SUBSCRIPTION_BODY = Subscription.omit({ id: true, pausedReason: true });

export interface SqliteSubscriptionStore {
  list(): Subscription[];
  listGuild(guildId: string): Subscription[];
  forChannel(guildId: string, channelId: string): Subscription | null;
  /** Creates or replaces the subscription of (guild, channel); clears any pause. */
  upsert(subscription: NewSubscription, createdBy: string): Subscription;
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

import { z } from 'zod';
import type { Db } from './db.js';

const RunRow = z.object({ id: z.number(), started_at: z.number(), errors: z.string() });
const ChannelRow = z.object({ guild_id: z.string(), channel_id: z.string() });
const ToldRow = z.object({ key: z.string(), guild_id: z.string() });
const StatusRow = z.object({ status: z.string(), n: z.number() });
const PausedRow = z.object({
  id: z.number(),
  guild_id: z.string(),
  channel_id: z.string(),
  json: z.string(),
  reason: z.string(),
});
const TargetKind = z.object({ target: z.object({ kind: z.string() }) });

/** The facts the health check, /metrics and the coordinators' alerts need, and the alerts' bookkeeping. */
export function createSqliteOpsStore(db: Db, now: () => number = Date.now) {
  const stmt = {
    latestRun: db.prepare(
      `SELECT id, started_at, errors FROM poll_runs WHERE source = ? AND kind = 'poll'
      ORDER BY id DESC LIMIT 1`,
    ),
    lastSuccess: db
      .prepare(`SELECT MAX(ended_at) FROM poll_runs WHERE source = ? AND kind = 'poll' AND errors = '[]'`)
      .pluck(),
    lastSuccessId: db
      .prepare(`SELECT MAX(id) FROM poll_runs WHERE source = ? AND kind = 'poll' AND errors = '[]'`)
      .pluck(),
    firstFailureAfter: db
      .prepare(`SELECT MIN(started_at) FROM poll_runs WHERE source = ? AND kind = 'poll' AND id > ?`)
      .pluck(),
    outbox: db.prepare('SELECT status, COUNT(*) AS n FROM outbox GROUP BY status'),
    paused: db.prepare(`
      SELECT id, guild_id, channel_id, json, paused_reason AS reason
      FROM subscriptions
      WHERE paused_reason IS NOT NULL
      ORDER BY id
    `),
    channels: db.prepare('SELECT guild_id, channel_id FROM alert_channels ORDER BY guild_id'),
    channelFor: db.prepare('SELECT guild_id, channel_id FROM alert_channels WHERE guild_id = ?'),
    setChannel: db.prepare(`
      INSERT INTO alert_channels (guild_id, channel_id, set_by, set_at) VALUES (?, ?, ?, ?)
      ON CONFLICT (guild_id) DO UPDATE SET channel_id = excluded.channel_id, set_by = excluded.set_by,
      set_at = excluded.set_at
    `),
    clearChannel: db.prepare('DELETE FROM alert_channels WHERE guild_id = ?'),
    told: db.prepare('SELECT key, guild_id FROM ops_told ORDER BY key, guild_id'),
    tell: db.prepare('INSERT OR IGNORE INTO ops_told (key, guild_id, told_at) VALUES (?, ?, ?)'),
    forget: db.prepare('DELETE FROM ops_told WHERE key = ? AND guild_id = ?'),
  };
  const lastSuccessAt = (source: string): number | null => {
    const at = stmt.lastSuccess.get(source);
    return typeof at === 'number' ? at : null;
  };
  return {
    lastSuccessAt,
    /** Whether the latest poll of `source` failed, since when (first failure after the last success), why. */
    feedState(source: string) {
      const latest = RunRow.safeParse(stmt.latestRun.get(source));
      if (!latest.success) return { source, failing: false, failingSince: null, lastError: null };
      const errors = z.array(z.string()).parse(JSON.parse(latest.data.errors));
      if (errors.length === 0) return { source, failing: false, failingSince: null, lastError: null };
      const okId = stmt.lastSuccessId.get(source);
      const since = stmt.firstFailureAfter.get(source, typeof okId === 'number' ? okId : 0);
      return {
        source,
        failing: true,
        failingSince: typeof since === 'number' ? since : latest.data.started_at,
        lastError: errors[0] ?? null,
      };
    },
    outboxByStatus(): Record<string, number> {
      const counts: Record<string, number> = { pending: 0, digest: 0, sent: 0, failed: 0, capped: 0 };
      for (const raw of stmt.outbox.all()) {
        const row = StatusRow.parse(raw);
        counts[row.status] = row.n;
      }
      return counts;
    },
    pausedSubscriptions() {
      return stmt.paused.all().map((raw) => {
        const row = PausedRow.parse(raw);
        const target = TargetKind.safeParse(JSON.parse(row.json));
        return {
          id: row.id,
          guildId: row.guild_id,
          channelId: row.channel_id,
          viaWebhook: target.success && target.data.target.kind === 'webhook',
          reason: row.reason,
        };
      });
    },
    alertChannels: () =>
      stmt.channels.all().map((raw) => {
        const row = ChannelRow.parse(raw);
        return { guildId: row.guild_id, channelId: row.channel_id };
      }),
    alertChannelFor(guildId: string): string | null {
      const row = ChannelRow.safeParse(stmt.channelFor.get(guildId));
      return row.success ? row.data.channel_id : null;
    },
    setAlertChannel: (guildId: string, channelId: string, by: string) =>
      void stmt.setChannel.run(guildId, channelId, by, now()),
    clearAlertChannel: (guildId: string) => stmt.clearChannel.run(guildId).changes > 0,
    told: () =>
      stmt.told.all().map((raw) => {
        const row = ToldRow.parse(raw);
        return { key: row.key, guildId: row.guild_id };
      }),
    tell: (key: string, guildId: string) => void stmt.tell.run(key, guildId, now()),
    forget: (key: string, guildId: string) => void stmt.forget.run(key, guildId),
  };
}
export type SqliteOpsStore = ReturnType<typeof createSqliteOpsStore>;

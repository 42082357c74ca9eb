import { randomUUID } from 'node:crypto';
import { z } from 'zod';
import type { DueRadarReminder } from '../pipeline/ports.js';
import type { PlannedRadarReminder } from '../radar/plan.js';
import type { Db } from './db.js';

// Radar announcements in the outbox (rows of kind 'radar', release_id 'radar:<ocid>', so the outbox's UNIQUE
// keeps each contract to one announcement per subscription) and the reminders people ask for on them.

const ReminderRow = z.object({
  id: z.number(),
  user_id: z.string(),
  source: z.string(),
  ocid: z.string(),
  months: z.union([z.literal(12), z.literal(6)]),
  end_date: z.string(),
  due_at: z.number(),
});

/** The outbox's release id for a radar announcement of one contract. */
export const radarReleaseId = (ocid: string) => `radar:${ocid}`;

const nonce = () => randomUUID().replace(/-/g, '').slice(0, 25);

export function createSqliteRadarDelivery(db: Db, now: () => number = Date.now) {
  const stmt = {
    announced: db
      .prepare('SELECT 1 FROM outbox WHERE subscription_id = ? AND source = ? AND release_id = ? LIMIT 1')
      .pluck(),
    since: db
      .prepare(`SELECT COUNT(*) FROM outbox WHERE subscription_id = ? AND kind = 'radar' AND created_at >= ?`)
      .pluck(),
    enqueue: db.prepare(`
      INSERT OR IGNORE INTO outbox (subscription_id, source, ocid, release_id, kind, status, nonce,
      next_attempt_at, created_at)
      SELECT s.id, @source, @ocid, @releaseId, 'radar', CASE WHEN json_extract(s.json, '$.mode') = 'instant'
      THEN 'pending' ELSE 'digest' END, @nonce, @at, @at
      FROM subscriptions s
      WHERE s.id = @subscriptionId AND s.paused_reason IS NULL
    `),
    schedule: db.prepare(`
      INSERT INTO radar_reminders (user_id, source, ocid, months, end_date, due_at, status, created_at)
      VALUES (@userId, @source, @ocid, @months, @end, @dueAt, 'pending', @at)
      ON CONFLICT (user_id, source, ocid, months) DO UPDATE SET end_date = excluded.end_date,
      due_at = excluded.due_at, status = 'pending'
      WHERE radar_reminders.status != 'pending' OR radar_reminders.end_date != excluded.end_date
    `),
    due: db.prepare(`
      SELECT id, user_id, source, ocid, months, end_date, due_at FROM radar_reminders
      WHERE status = 'pending' AND due_at <= ? ORDER BY due_at LIMIT ?
    `),
    mark: db.prepare('UPDATE radar_reminders SET status = ? WHERE id = ?'),
    move: db.prepare(
      `UPDATE radar_reminders SET due_at = ?, end_date = ? WHERE id = ? AND status = ` + `'pending'`,
    ),
  };
  return {
    announced: (subscriptionId: number, source: string, ocid: string) =>
      stmt.announced.get(subscriptionId, source, radarReleaseId(ocid)) !== undefined,
    announcedSince: (subscriptionId: number, since: number) => Number(stmt.since.get(subscriptionId, since)),
    enqueueRadar: (subscriptionId: number, source: string, ocid: string) =>
      stmt.enqueue.run({
        subscriptionId,
        source,
        ocid,
        releaseId: radarReleaseId(ocid),
        nonce: nonce(),
        at: now(),
      }).changes > 0,
    /** Schedules (or re-schedules, after the end moved) a person's reminders; returns how many are new. */
    scheduleRadarReminders(userId: string, source: string, ocid: string, reminders: PlannedRadarReminder[]) {
      let changed = 0;
      for (const r of reminders)
        changed += stmt.schedule.run({
          userId,
          source,
          ocid,
          months: r.months,
          end: r.end,
          dueAt: r.dueAt,
          at: now(),
        }).changes;
      return changed;
    },
    dueRadarReminders: (at: number, limit: number): DueRadarReminder[] =>
      stmt.due.all(at, limit).map((raw) => {
        const r = ReminderRow.parse(raw);
        return {
          id: r.id,
          userId: r.user_id,
          source: r.source,
          ocid: r.ocid,
          months: r.months,
          end: r.end_date,
        };
      }),
    markRadarReminder: (id: number, status: 'queued' | 'cancelled') => void stmt.mark.run(status, id),
    moveRadarReminder: (id: number, dueAt: number, end: string) => void stmt.move.run(dueAt, end, id),
  };
}

export type SqliteRadarDelivery = ReturnType<typeof createSqliteRadarDelivery>;

import { randomUUID } from 'node:crypto';
import { z } from 'zod';
import type { StoredNoticeView } from '../alerts/stored-notice.js';
import type { DirectMessageKind, DueDirectMessage, DueReminder } from '../guide/direct-messages.js';
import { Profile, type NudgeScope } from '../guide/profile.js';
import type { PendingReminder, PlannedReminder, ReminderKind } from '../guide/reminders.js';
import type { Db } from './db.js';

const KIND = z.enum(['submission-7d', 'submission-3d', 'submission-1d', 'clarification-2d']);
const ReminderRow = z.object({
  id: z.number(),
  user_id: z.string(),
  kind: KIND,
  deadline: z.string(),
  due_at: z.number(),
  source: z.string(),
  ocid: z.string(),
  nonce: z.string(),
});
const DmRow = z.object({
  id: z.number(),
  user_id: z.string(),
  kind: z.enum(['guide', 'note', 'digest']),
  text: z.string().nullable(),
  source: z.string().nullable(),
  ocid: z.string().nullable(),
  nonce: z.string(),
  attempts: z.number(),
});
const NudgeRow = z.object({
  target: z.string(),
  last_digest_week: z.string().nullable(),
  json: z.string().nullable(),
});

const nonce = () => randomUUID().replace(/-/g, '').slice(0, 25);

/** Profiles, nudge opt-ins, reminders and direct messages for first-time bidders. */
export interface SqliteBidderStore {
  getProfile(userId: string): Profile | null;
  setProfile(userId: string, profile: Profile): void;
  /** true/false when set; null when the person (or channel) never said. */
  nudges(scope: NudgeScope, target: string): boolean | null;
  setNudges(scope: NudgeScope, target: string, enabled: boolean): void;
  nudgedUsers(): { userId: string; profile: Profile | null; lastDigestWeek: string | null }[];
  markDigestWeek(userId: string, week: string): void;
  scheduleReminders(userId: string, source: string, ocid: string, reminders: PlannedReminder[]): number;
  pendingReminders(source: string, ocid: string): PendingReminder[];
  cancelReminders(ids: number[]): void;
  dueReminders(now: number, limit: number): DueReminder[];
  markReminder(id: number, status: 'sent' | 'skipped' | 'failed'): void;
  /** Queues a direct message once per `dedupe` key; false when it was already queued. */
  enqueueDm(
    userId: string,
    kind: DirectMessageKind,
    dedupe: string,
    content: { text?: string; source?: string; ocid?: string },
  ): boolean;
  dueDms(now: number, limit: number): DueDirectMessage[];
  markDm(id: number, status: 'sent' | 'skipped' | 'failed', error?: string): void;
  retryDm(id: number, error: string, nextAttemptAt: number): void;
}

/**
 * SQLite store for first-time bidders; reads notices back through the query store for reminders and guides.
 */
export function createSqliteBidderStore(
  db: Db,
  notices: { byKey(source: string, ocid: string): StoredNoticeView | null },
  now: () => number = Date.now,
): SqliteBidderStore {
  const stmt = {
    getProfile: db.prepare('SELECT json FROM profiles WHERE user_id = ?').pluck(),
    setProfile: db.prepare(
      `
        INSERT INTO profiles (user_id, json, updated_at)
        VALUES (?, ?, ?)
        ON CONFLICT (user_id)
        DO UPDATE SET json = excluded.json, updated_at = excluded.updated_at
      `,
    ),
    nudges: db.prepare('SELECT enabled FROM nudge_prefs WHERE scope = ? AND target = ?').pluck(),
    setNudges: db.prepare(
      `
        INSERT INTO nudge_prefs (scope, target, enabled, updated_at)
        VALUES (?, ?, ?, ?)
        ON CONFLICT (scope, target)
        DO UPDATE SET enabled = excluded.enabled, updated_at = excluded.updated_at
      `,
    ),
    nudged: db.prepare(
      `
        SELECT n.target, n.last_digest_week, p.json
        FROM nudge_prefs n LEFT JOIN profiles p ON p.user_id = n.target
        WHERE n.scope = 'user' AND n.enabled = 1
      `,
    ),
    digestWeek: db.prepare(`UPDATE nudge_prefs SET last_digest_week = ? WHERE scope = 'user' AND target = ?`),
    schedule: db.prepare(
      `
        INSERT OR IGNORE INTO reminders (user_id, source, ocid, kind, deadline, due_at, status, nonce,
        created_at)
        VALUES (?, ?, ?, ?, ?, ?, 'pending', ?, ?)
      `,
    ),
    pending: db.prepare(
      `
        SELECT id, user_id, kind, deadline, due_at, source, ocid, nonce
        FROM reminders
        WHERE source = ? AND ocid = ? AND status = 'pending'
      `,
    ),
    cancel: db.prepare(`UPDATE reminders SET status = 'cancelled' WHERE id = ? AND status = 'pending'`),
    due: db.prepare(
      `
        SELECT id, user_id, kind, deadline, due_at, source, ocid, nonce
        FROM reminders
        WHERE status = 'pending' AND due_at <= ?
        ORDER BY due_at LIMIT ?
      `,
    ),
    markReminder: db.prepare('UPDATE reminders SET status = ? WHERE id = ?'),
    enqueue: db.prepare(
      `
        INSERT OR IGNORE INTO dm_outbox (user_id, kind, source, ocid, text, dedupe, status, nonce,
        next_attempt_at, created_at)
        VALUES (?, ?, ?, ?, ?, ?, 'pending', ?, ?, ?)
      `,
    ),
    dueDms: db.prepare(
      `
        SELECT id, user_id, kind, text, source, ocid, nonce, attempts
        FROM dm_outbox
        WHERE status = 'pending' AND next_attempt_at <= ?
        ORDER BY id LIMIT ?
      `,
    ),
    markDm: db.prepare(
      `
        UPDATE dm_outbox SET status = ?, last_error = ?,
        sent_at = CASE WHEN ? = 'sent' THEN ? ELSE sent_at END, attempts = attempts + 1
        WHERE id = ?
      `,
    ),
    retryDm: db.prepare(
      'UPDATE dm_outbox SET attempts = attempts + 1, last_error = ?, next_attempt_at = ? WHERE id = ?',
    ),
  };
  const toPending = (raw: unknown): PendingReminder & { source: string; ocid: string; nonce: string } => {
    const r = ReminderRow.parse(raw);
    const kind: ReminderKind = r.kind;
    return {
      id: r.id,
      userId: r.user_id,
      kind,
      deadline: r.deadline,
      dueAt: r.due_at,
      source: r.source,
      ocid: r.ocid,
      nonce: r.nonce,
    };
  };
  return {
    getProfile(userId) {
      const json = stmt.getProfile.get(userId);
      return typeof json === 'string' ? Profile.parse(JSON.parse(json)) : null;
    },
    setProfile: (userId, profile) =>
      void stmt.setProfile.run(userId, JSON.stringify(Profile.parse(profile)), now()),
    nudges(scope, target) {
      const enabled = stmt.nudges.get(scope, target);
      return enabled === undefined ? null : enabled === 1;
    },
    setNudges: (scope, target, enabled) => void stmt.setNudges.run(scope, target, enabled ? 1 : 0, now()),
    nudgedUsers: () =>
      stmt.nudged.all().map((raw) => {
        const row = NudgeRow.parse(raw);
        return {
          userId: row.target,
          lastDigestWeek: row.last_digest_week,
          profile: row.json ? Profile.parse(JSON.parse(row.json)) : null,
        };
      }),
    markDigestWeek: (userId, week) => void stmt.digestWeek.run(week, userId),
    scheduleReminders(userId, source, ocid, reminders) {
      let added = 0;
      for (const r of reminders)
        added += stmt.schedule.run(userId, source, ocid, r.kind, r.deadline, r.dueAt, nonce(), now()).changes;
      return added;
    },
    pendingReminders: (source, ocid) => stmt.pending.all(source, ocid).map(toPending),
    cancelReminders: (ids) => ids.forEach((id) => stmt.cancel.run(id)),
    dueReminders: (at, limit): DueReminder[] =>
      stmt.due.all(at, limit).map((raw) => {
        const r = toPending(raw);
        return { ...r, view: notices.byKey(r.source, r.ocid) };
      }),
    markReminder: (id, status) => void stmt.markReminder.run(status, id),
    enqueueDm: (userId, kind, dedupe, content) =>
      stmt.enqueue.run(
        userId,
        kind,
        content.source ?? null,
        content.ocid ?? null,
        content.text ?? null,
        dedupe,
        nonce(),
        now(),
        now(),
      ).changes > 0,
    dueDms: (at, limit): DueDirectMessage[] =>
      stmt.dueDms.all(at, limit).map((raw) => {
        const r = DmRow.parse(raw);
        return {
          id: r.id,
          userId: r.user_id,
          kind: r.kind,
          text: r.text,
          nonce: r.nonce,
          attempts: r.attempts,
          view: r.source && r.ocid ? notices.byKey(r.source, r.ocid) : null,
        };
      }),
    markDm: (id, status, error) => void stmt.markDm.run(status, error ?? null, status, now(), id),
    retryDm: (id, error, next) => void stmt.retryDm.run(error, next, id),
  };
}

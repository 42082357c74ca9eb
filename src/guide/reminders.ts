import type { Notice } from '../notices/notice.js';
import { cancelledNote, movedNote } from './reminder-text.js';

export type ReminderKind = 'submission-7d' | 'submission-3d' | 'submission-1d' | 'clarification-2d';

export interface PlannedReminder {
  kind: ReminderKind;
  dueAt: number;
  /** The deadline this reminder is for, so a moved deadline can be spotted. */
  deadline: string;
}

export interface PendingReminder extends PlannedReminder {
  id: number;
  userId: string;
}

const DAY = 86_400_000;
const PLAN: { kind: ReminderKind; field: 'tenderDeadline' | 'enquiryDeadline'; daysBefore: number }[] = [
  { kind: 'submission-7d', field: 'tenderDeadline', daysBefore: 7 },
  { kind: 'submission-3d', field: 'tenderDeadline', daysBefore: 3 },
  { kind: 'submission-1d', field: 'tenderDeadline', daysBefore: 1 },
  { kind: 'clarification-2d', field: 'enquiryDeadline', daysBefore: 2 },
];

/**
 * Reminders 7, 3 and 1 days before the submission deadline and 2 days before the clarification deadline
 * (future ones only).
 */
export function planReminders(notice: Notice, now: number): PlannedReminder[] {
  return PLAN.flatMap(({ kind, field, daysBefore }) => {
    const deadline = notice.dates[field];
    if (!deadline) return [];
    const dueAt = Date.parse(deadline) - daysBefore * DAY;
    return dueAt > now ? [{ kind, dueAt, deadline }] : [];
  }).sort((a, b) => a.dueAt - b.dueAt);
}

const isCancelled = (notice: Notice) =>
  notice.stage === 'cancellation' || ['cancelled', 'withdrawn', 'unsuccessful'].includes(notice.status ?? '');

export interface Replan {
  cancel: number[];
  add: { userId: string; reminders: PlannedReminder[] }[];
  notes: { userId: string; text: string }[];
}

/**
 * What to do with people's pending reminders when a notice changes: a cancellation cancels them (and says
 * so); a moved deadline replaces them with new ones (and says when they now come); otherwise nothing.
 */
export function replanReminders(notice: Notice, pending: PendingReminder[], now: number): Replan {
  const plan: Replan = { cancel: [], add: [], notes: [] };
  const users = [...new Set(pending.map((p) => p.userId))];
  if (isCancelled(notice)) {
    plan.cancel = pending.map((p) => p.id);
    plan.notes = users.map((userId) => ({
      userId,
      text: cancelledNote(notice),
    }));
    return plan;
  }
  const desired = planReminders(notice, now);
  for (const userId of users) {
    const mine = pending.filter((p) => p.userId === userId);
    const stale = mine.filter((p) => !desired.some((d) => d.kind === p.kind && d.deadline === p.deadline));
    if (stale.length === 0) continue;
    plan.cancel.push(...stale.map((p) => p.id));
    const fresh = desired.filter((d) => !mine.some((p) => p.kind === d.kind && p.deadline === d.deadline));
    plan.add.push({ userId, reminders: fresh });
    const moved = stale.find((p) => p.kind.startsWith('submission'));
    const deadlineMoved =
      moved && notice.dates.tenderDeadline ? { from: moved.deadline, to: notice.dates.tenderDeadline } : null;
    const text = movedNote(
      notice,
      deadlineMoved,
      fresh.map((f) => new Date(f.dueAt).toISOString()),
      now,
    );
    plan.notes.push({ userId, text });
  }
  return plan;
}

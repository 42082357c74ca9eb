import { formatWhen } from '../notices/date-text.js';
import type { Notice } from '../notices/notice.js';
import type { PlannedReminder } from './reminders.js';

// The words of deadline reminders, and of the notes that say a reminder moved or was cancelled.

/** The note to someone with reminders when the buyer cancels the procurement. */
export function cancelledNote(notice: Notice): string {
  const where = notice.url ? ` at ${notice.url}` : '';
  return (
    `The buyer has cancelled "${notice.title}" (${notice.releaseId}), so your reminders for it are ` +
    `cancelled. ` +
    `It may come back: the notice says more${where}.`
  );
}

/** The note when dates change: how the deadline moved (when it did) and when the reminders now come. */
export function movedNote(
  notice: Notice,
  deadline: { from: string; to: string } | null,
  remindersAt: string[],
  now: number,
): string {
  const when = (instant: string) => formatWhen(instant, now);
  const what = deadline
    ? `The deadline for "${notice.title}" moved from ${when(deadline.from)} to ${when(deadline.to)}.`
    : `The dates for "${notice.title}" changed.`;
  const next =
    remindersAt.length > 0
      ? ` Your reminders now come ${remindersAt.map(when).join(', ')}.`
      : ' No reminders are left before the new dates.';
  return `${what}${next}`;
}

const NEXT_STEP: Record<Exclude<PlannedReminder['kind'], 'clarification-2d'>, string> = {
  'submission-7d': 'Check you have every document the buyer asked for, and who will sign the bid.',
  'submission-3d': 'Ask someone who has not worked on the bid to read it against the questions.',
  'submission-1d':
    'Upload early: portals get slow just before the deadline, and late bids are usually refused.',
};

/** The reminder itself: what closes when, and the next step. */
export function reminderText(notice: Notice, reminder: PlannedReminder, now: number): string {
  const when = formatWhen(reminder.deadline, now);
  if (reminder.kind === 'clarification-2d') {
    const portal = notice.portalUrl ? ` (${notice.portalUrl})` : '';
    return (
      `Reminder: questions to the buyer about "${notice.title}" close ${when}. If anything in the ` +
      `documents ` +
      `is unclear, ask now through the portal${portal}.`
    );
  }
  const link = notice.portalUrl ?? notice.url;
  return (
    `Reminder: bids for "${notice.title}" close ${when}. ` +
    `${NEXT_STEP[reminder.kind]}${link ? ` ${link}` : ''}`
  );
}

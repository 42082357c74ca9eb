import type { Profile } from '../guide/profile.js';
import { replanReminders, type PendingReminder, type PlannedReminder } from '../guide/reminders.js';
import type { Clock } from '../shared/clock.js';
import type { SavedNotice } from './ports.js';

/** The first-time bidders' store, as the save step needs it (implemented by store/bidder-store.ts). */
export interface BidderHookStore {
  nudgedUsers(): { userId: string; profile: Profile | null }[];
  pendingReminders(source: string, ocid: string): PendingReminder[];
  cancelReminders(ids: number[]): void;
  scheduleReminders(userId: string, source: string, ocid: string, reminders: PlannedReminder[]): number;
  /** Queues a direct message once per `dedupe` key; false when it was already queued. */
  enqueueDm(
    userId: string,
    kind: 'guide' | 'note',
    dedupe: string,
    content: { text?: string; source: string; ocid: string },
  ): boolean;
}

const OPEN_STAGES = new Set(['tender', 'planning']);

/**
 * What a saved notice means for first-time bidders, run inside the page's transaction: a change reschedules
 * (or a cancellation cancels) people's reminders and tells them so; a new matching opportunity queues the
 * guide for everyone who turned nudges on and whose profile covers one of its areas.
 */
export function createBidderHook(bidders: BidderHookStore, clock: Clock): (saved: SavedNotice) => void {
  return (saved) => {
    const { notice } = saved;
    if (saved.outcome === 'updated') {
      const plan = replanReminders(notice, bidders.pendingReminders(notice.source, notice.ocid), clock.now());
      bidders.cancelReminders(plan.cancel);
      for (const add of plan.add)
        bidders.scheduleReminders(add.userId, notice.source, notice.ocid, add.reminders);
      for (const note of plan.notes)
        bidders.enqueueDm(note.userId, 'note', `note:${notice.source}:${notice.releaseId}:${note.userId}`, {
          text: note.text,
          source: notice.source,
          ocid: notice.ocid,
        });
    }
    const areas = saved.match?.areas.map((a) => a.rule) ?? [];
    if (saved.outcome !== 'new' || !OPEN_STAGES.has(notice.stage) || areas.length === 0) return;
    for (const user of bidders.nudgedUsers()) {
      const wanted = user.profile?.areas ?? [];
      if (wanted.length > 0 && !wanted.some((a) => areas.includes(a))) continue;
      bidders.enqueueDm(user.userId, 'guide', `guide:${notice.source}:${notice.ocid}:${user.userId}`, {
        source: notice.source,
        ocid: notice.ocid,
      });
    }
  };
}

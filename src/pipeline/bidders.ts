import { replanReminders } from '../guide/reminders.js';
import type { BidderStore, Clock, SavedNotice } from './ports.js';

const OPEN_STAGES = new Set(['tender', 'planning']);

/**
 * What a saved notice means for first-time bidders, run inside the page's transaction: a change reschedules (or a
 * cancellation cancels) people's reminders and tells them so; a new matching opportunity queues the guide for
 * everyone who turned nudges on and whose profile covers one of its areas.
 */
export function createBidderHook(bidders: BidderStore, clock: Clock): (saved: SavedNotice) => void {
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

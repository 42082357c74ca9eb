import { DateTime } from 'luxon';
import type { Subscription } from '../alerts/subscription.js';
import type { MatchResult } from '../matching/match-result.js';
import type { Notice } from '../notices/notice.js';
import { addMonths, buyerKey, radarFrom, type ContractRecord } from '../radar/contract.js';
import { findReplacedContract, type Replacement } from '../radar/link.js';
import { planRadar, radarMonthsOf, reviewRadarReminder } from '../radar/plan.js';
import { radarReminderText, reminderLink } from '../radar/radar-text.js';
import type { Clock } from '../shared/clock.js';
import type { Logger } from '../shared/logger.js';
import type { RadarDeliveryStore, RadarIndexStore, RadarReminderStore } from './ports.js';
import { indexContracts, type IndexSummary } from './radar-index.js';

// The radar's run after each poll: bring the index up to date, then queue the "coming up" announcements each
// subscription has not had yet (through the outbox, like every alert), and the reminders that have come due.

export interface RadarDeps {
  index: RadarIndexStore;
  delivery: RadarDeliveryStore;
  subscriptions: { list(): Subscription[] };
  clock: Clock;
  log: Logger;
  /** The configured lead time (RADAR_LEAD_MONTHS) and daily limit per subscription (RADAR_DAILY_LIMIT). */
  leadMonths: number;
  dailyLimit: number;
  /** Shutdown: the index stops between batches (its mark is where it stopped) and nothing is queued. */
  signal?: AbortSignal;
}

const startOfDay = (now: number, zone: string) =>
  DateTime.fromMillis(now, { zone }).startOf('day').toMillis();

/** Indexes what is new, then queues the radar announcements that are due. */
export async function runRadar(deps: RadarDeps): Promise<{ indexed: IndexSummary; queued: number }> {
  const indexed = await indexContracts({ store: deps.index, log: deps.log, signal: deps.signal });
  if (deps.signal?.aborted) return { indexed, queued: 0 };
  const now = deps.clock.now();
  const subscriptions = deps.subscriptions.list().filter((s) => !s.pausedReason);
  const longest = Math.max(0, ...subscriptions.map((s) => radarMonthsOf(s, deps.leadMonths)));
  if (longest === 0) return { indexed, queued: 0 };
  const zones = new Map(subscriptions.map((s) => [s.id, s.timezone]));
  const plan = planRadar({
    contracts: deps.delivery.contractsEnding(radarFrom(now), addMonths(now, longest)),
    subscriptions,
    now,
    defaultMonths: deps.leadMonths,
    dailyLimit: deps.dailyLimit,
    announced: (id, c) => deps.delivery.announced(id, c.source, c.ocid),
    announcedToday: (id) =>
      deps.delivery.announcedSince(id, startOfDay(now, zones.get(id) ?? 'Europe/London')),
  });
  let queued = 0;
  for (const { subscriptionId, contract } of plan)
    if (deps.delivery.enqueueRadar(subscriptionId, contract.source, contract.ocid)) queued++;
  if (queued > 0) deps.log.info({ queued }, 'Radar announcements queued');
  return { indexed, queued };
}

/**
 * The known contract a new engagement, pipeline or tender notice probably re-procures, read live from the
 * index (so an alert built moments after its notice was stored still says so).
 */
export function replacementFor(
  notice: Notice,
  match: MatchResult | null,
  index: Pick<RadarIndexStore, 'contractsOfBuyer'>,
): Replacement | null {
  const key = buyerKey(notice.buyer.name);
  if (!key && !notice.buyer.id) return null;
  return findReplacedContract(notice, match, index.contractsOfBuyer(key, notice.buyer.id));
}

export interface RadarReminderDeps {
  reminders: RadarReminderStore;
  clock: Clock;
}

/**
 * Turns the radar reminders that have come due into direct messages: sent with the contract's current end,
 * moved when later notices moved it, cancelled when the contract is gone or has ended.
 */
export function queueRadarReminders(deps: RadarReminderDeps): {
  queued: number;
  moved: number;
  cancelled: number;
} {
  const result = { queued: 0, moved: 0, cancelled: 0 };
  const now = deps.clock.now();
  for (const due of deps.reminders.dueRadarReminders(now, 100)) {
    const contract: ContractRecord | null = deps.reminders.contract(due.source, due.ocid);
    const review = reviewRadarReminder(due, contract, now);
    if (review.action === 'cancel' || !contract) {
      deps.reminders.markRadarReminder(due.id, 'cancelled');
      result.cancelled++;
    } else if (review.action === 'move') {
      deps.reminders.moveRadarReminder(due.id, review.reminder.dueAt, review.reminder.end);
      result.moved++;
    } else {
      // Raw text: the direct-message sender escapes it through the one message builder.
      const text = radarReminderText(contract, due.months, review.end, now);
      const link = contract.url ? reminderLink(contract.url) : '';
      const dedupe = `radar:${due.userId}:${due.source}:${due.ocid}:${due.months}:${review.end}`;
      deps.reminders.enqueueDm(due.userId, 'note', dedupe, {
        text: `${text}${link}`,
        source: due.source,
        ocid: due.ocid,
      });
      deps.reminders.markRadarReminder(due.id, 'queued');
      result.queued++;
    }
  }
  return result;
}

import { DateTime } from 'luxon';
import { bidderDigestText, isoWeek } from '../guide/digest.js';
import { buildGuide } from '../guide/guide.js';
import { guideSections } from '../guide/guide-text.js';
import { reminderText } from '../guide/reminder-text.js';
import type { StoredNoticeView } from '../alerts/stored-notice.js';
import type { Profile } from '../guide/profile.js';
import type { DirectMessageKind, DueDirectMessage, DueReminder } from '../guide/direct-messages.js';
import { backoffDelay, type Backoff } from '../shared/backoff.js';
import type { Clock } from '../shared/clock.js';
import type { Logger } from '../shared/logger.js';
import { classifyDeliveryError, type MessageTransport } from './client.js';
import { forDelivery, textMessages } from './messages.js';
import { inRegions, type ContractRecord } from '../radar/contract.js';
import { newOnRadar } from '../radar/plan.js';
import { radarShortLine } from '../radar/radar-text.js';

/**
 * First-time bidders' reminders and direct messages, as the DM sender works through them
 * (store/bidder-store.ts).
 */
export interface DirectMessageStore {
  getProfile(userId: string): Profile | null;
  /** true/false when set; null when the person never said. */
  nudges(scope: 'user', target: string): boolean | null;
  nudgedUsers(): { userId: string; profile: Profile | null; lastDigestWeek: string | null }[];
  markDigestWeek(userId: string, week: string): void;
  dueReminders(now: number, limit: number): DueReminder[];
  markReminder(id: number, status: 'sent' | 'skipped' | 'failed'): void;
  /** Queues a direct message once per `dedupe` key; false when it was already queued. */
  enqueueDm(userId: string, kind: DirectMessageKind, dedupe: string, content: { text?: string }): boolean;
  dueDms(now: number, limit: number): DueDirectMessage[];
  markDm(id: number, status: 'sent' | 'skipped' | 'failed', error?: string): void;
  retryDm(id: number, error: string, nextAttemptAt: number): void;
}

/** Recent matched notices, for the weekly digest. */
export interface RecentNotices {
  recent(
    area: string | null,
    page: number,
    pageSize: number,
    sinceMs: number,
  ): { items: StoredNoticeView[]; total: number };
}

/** A failed direct message is retried after about a minute, then 2, 4, 8… minutes, at most an hour apart. */
const DM_BACKOFF: Backoff = { baseMs: 60_000, maxMs: 3_600_000 };

/** A contract the radar knows, with when it was first stored (for the weekly "coming up" section). */
export interface ComingUpEntry {
  contract: ContractRecord;
  indexedAt: number;
}

export interface DmDeps {
  bidders: DirectMessageStore;
  /**
   * Who holds the contract a notice probably re-procures, for its guide (raw text); null when none is known.
   */
  incumbentOf?: (view: StoredNoticeView) => string | null;
  /** Contracts in the service areas ending within the radar's lead time, and that lead time in months. */
  comingUp?: { entries: () => ComingUpEntry[]; months: number };
  notices: RecentNotices;
  transport: MessageTransport;
  clock: Clock;
  log: Logger;
}

/** The guide for one notice as raw text sections, fitted to a reader's profile when they have one. */
export function guideBlocks(
  deps: {
    bidders: Pick<DirectMessageStore, 'getProfile'>;
    clock: Clock;
    incumbentOf?: (view: StoredNoticeView) => string | null;
  },
  view: StoredNoticeView,
  userId: string | null,
): string[] {
  const profile = userId ? deps.bidders.getProfile(userId) : null;
  const incumbent = deps.incumbentOf?.(view) ?? null;
  return guideSections(
    buildGuide(view.notice, view.match, deps.clock.now(), profile, incumbent),
    deps.clock.now(),
  );
}

async function sendAll(deps: DmDeps, userId: string, texts: string[], nonce: string): Promise<void> {
  const bodies = textMessages(texts, { kind: 'direct' });
  for (const [index, body] of bodies.entries())
    await deps.transport.sendDirect(
      userId,
      forDelivery(body, { nonce: bodies.length === 1 ? nonce : `${nonce.slice(0, 21)}p${index}` }),
    );
}

/**
 * Sends due deadline reminders and queued direct messages (guides, reminder changes, weekly digests). A
 * person who turned nudges off gets none of them; guides and digests also need nudges turned on.
 */
export async function sendDirectMessages(
  deps: DmDeps,
): Promise<{ sent: number; skipped: number; failed: number }> {
  const result = { sent: 0, skipped: 0, failed: 0 };
  const now = deps.clock.now();
  for (const reminder of deps.bidders.dueReminders(now, 100)) {
    // After downtime, a reminder whose deadline has already passed is no help: skip it rather than send it
    // late.
    if (
      deps.bidders.nudges('user', reminder.userId) === false ||
      !reminder.view ||
      Date.parse(reminder.deadline) <= now
    ) {
      deps.bidders.markReminder(reminder.id, 'skipped');
      result.skipped++;
      continue;
    }
    try {
      await sendAll(
        deps,
        reminder.userId,
        [reminderText(reminder.view.notice, reminder, now)],
        reminder.nonce,
      );
      deps.bidders.markReminder(reminder.id, 'sent');
      result.sent++;
    } catch (err) {
      const { permanent, reason } = classifyDeliveryError(err);
      if (permanent) {
        deps.bidders.markReminder(reminder.id, 'failed');
        result.failed++;
      }
      deps.log.warn({ reminder: reminder.id, reason }, 'Reminder not delivered');
    }
  }
  for (const dm of deps.bidders.dueDms(now, 100)) {
    const optedIn = deps.bidders.nudges('user', dm.userId);
    if (optedIn === false || (dm.kind !== 'note' && optedIn !== true) || (dm.kind === 'guide' && !dm.view)) {
      deps.bidders.markDm(dm.id, 'skipped', optedIn === false ? 'nudges turned off' : 'nothing to send');
      result.skipped++;
      continue;
    }
    try {
      const texts =
        dm.kind === 'guide' && dm.view
          ? guideSections(
              buildGuide(
                dm.view.notice,
                dm.view.match,
                now,
                deps.bidders.getProfile(dm.userId),
                deps.incumbentOf?.(dm.view) ?? null,
              ),
              now,
            )
          : [dm.text ?? ''];
      await sendAll(deps, dm.userId, texts, dm.nonce);
      deps.bidders.markDm(dm.id, 'sent');
      result.sent++;
    } catch (err) {
      const { permanent, reason } = classifyDeliveryError(err);
      if (permanent || dm.attempts >= 9) {
        deps.bidders.markDm(dm.id, 'failed', reason);
        result.failed++;
      } else deps.bidders.retryDm(dm.id, reason, now + backoffDelay(dm.attempts + 1, DM_BACKOFF));
    }
  }
  return result;
}

/**
 * Queues the weekly "new to bidding" digest on Monday at `hour` (UK time) for everyone with nudges on, once a
 * week.
 */
export function queueBidderDigests(
  deps: Pick<DmDeps, 'bidders' | 'notices' | 'clock' | 'comingUp'>,
  hour = 9,
): number {
  const now = deps.clock.now();
  const local = DateTime.fromMillis(now, { zone: 'Europe/London' });
  if (local.weekday !== 1 || local.hour !== hour) return 0;
  const week = isoWeek(now);
  const recent = deps.notices.recent(null, 0, 300, 7 * 86_400_000).items;
  const months = deps.comingUp?.months ?? 18;
  const newlyComingUp = newOnRadar(deps.comingUp?.entries() ?? [], now, months);
  let queued = 0;
  for (const user of deps.bidders.nudgedUsers()) {
    if (user.lastDigestWeek === week || user.profile?.newToBidding === false) continue;
    const wanted = user.profile?.areas ?? [];
    const region = user.profile?.region ?? null;
    const comingUp = newlyComingUp
      .filter((c) => wanted.length === 0 || c.areas.some((a) => wanted.includes(a)))
      .filter((c) => inRegions(c, region ? [region] : []))
      .map((c) => radarShortLine(c, now));
    const text = bidderDigestText(recent, user.profile, now, comingUp);
    if (text && deps.bidders.enqueueDm(user.userId, 'digest', `digest:${user.userId}:${week}`, { text }))
      queued++;
    deps.bidders.markDigestWeek(user.userId, week);
  }
  return queued;
}

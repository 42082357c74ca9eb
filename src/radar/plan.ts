import type { Subscription } from '../alerts/subscription.js';
import { publisherDay, UK_ZONE } from '../notices/dates.js';
import {
  addMonths,
  endsWithin,
  firstOfEach,
  inRegions,
  nextEnd,
  withoutCopies,
  type ContractRecord,
} from './contract.js';

// Who hears about which contract coming up, and when people who asked are reminded. Pure: the pipeline gives
// the contracts and what was already announced, and writes what this returns.

/** The months a subscription's radar looks ahead: its own setting, else the configured default. */
export function radarMonthsOf(sub: Subscription, defaultMonths: number): number {
  return sub.radarMonths ?? defaultMonths;
}

const comparable = (c: ContractRecord) => c.value?.amountGross ?? c.value?.amount ?? c.value?.min ?? null;

/**
 * Whether a subscription hears about this contract coming up: on when its radar is, the contract ends (or
 * can be extended to) within the lead time, in an area or watchlist the channel follows (or reserved, for a
 * reserved-only channel), and no known value or region rules it out. Unknown values and regions never hide
 * one, as for alerts.
 */
export function radarFits(
  record: ContractRecord,
  sub: Subscription,
  now: number,
  defaultMonths: number,
): boolean {
  const months = radarMonthsOf(sub, defaultMonths);
  if (sub.pausedReason || months <= 0 || !endsWithin(record, now, months)) return false;
  const areas = record.areas.some((a) => sub.areas.some((id) => id === a));
  const watchlists = record.watchlists.some((w) =>
    sub.watchlists.some((id) => w === `watchlist:${sub.guildId}:${id}`),
  );
  if (sub.reservedOnly ? !record.reserved : !areas && !watchlists) return false;
  const value = comparable(record);
  if (value !== null && sub.minValue !== null && value < sub.minValue) return false;
  if (value !== null && sub.maxValue !== null && value > sub.maxValue) return false;
  return inRegions(record, sub.regions);
}

/** When the contract's next end (or extension limit) comes, in ms; never, once both have passed. */
const soonestAt = (c: Pick<ContractRecord, 'end' | 'maxExtent'>, now: number) => {
  const end = nextEnd(c, now);
  return end ? Date.parse(end) : Number.POSITIVE_INFINITY;
};

/** Soonest first: the contract whose next end (or extension limit) comes first. */
export function bySoonest(now: number): (a: ContractRecord, b: ContractRecord) => number {
  return (a, b) => soonestAt(a, now) - soonestAt(b, now);
}

export interface RadarPlanInput {
  /** Contracts ending within the longest lead time any subscription has. */
  contracts: ContractRecord[];
  subscriptions: Subscription[];
  now: number;
  defaultMonths: number;
  /** At most this many radar announcements a day per subscription (a first backfill must not flood one). */
  dailyLimit: number;
  /** Whether this subscription was already told about this contract. */
  announced(subscriptionId: number, contract: ContractRecord): boolean;
  /** How many radar announcements this subscription got today. */
  announcedToday(subscriptionId: number): number;
}

/**
 * The radar announcements to queue now: for each subscription, the contracts coming up that it has not been
 * told about, soonest first, within today's limit; a contract published on two feeds once.
 */
export function planRadar(input: RadarPlanInput): { subscriptionId: number; contract: ContractRecord }[] {
  const contracts = withoutCopies(input.contracts).sort(bySoonest(input.now));
  return input.subscriptions.flatMap((sub) => {
    const room = input.dailyLimit - input.announcedToday(sub.id);
    if (room <= 0) return [];
    return contracts
      .filter((c) => radarFits(c, sub, input.now, input.defaultMonths) && !input.announced(sub.id, c))
      .slice(0, room)
      .map((contract) => ({ subscriptionId: sub.id, contract }));
  });
}

export interface UpcomingFilter {
  /** Service-area ids; empty for any area. */
  areas: string[];
  regions: string[];
  months: number;
  now: number;
  /** Also contracts in no service area (the offline `npm run radar -- --all`). */
  all: boolean;
}

/**
 * Contracts ending (or extendable to) within `months`, in the areas and regions asked for, soonest first (a
 * tie in the order given), each contract once: the offline `npm run radar`, and what /radar's count and page
 * inside SQLite (store/radar-page.ts) must equal.
 */
export function upcoming(contracts: ContractRecord[], filter: UpcomingFilter): ContractRecord[] {
  const picked = contracts.filter((c) => {
    if (!endsWithin(c, filter.now, filter.months) || !inRegions(c, filter.regions)) return false;
    if (filter.areas.length > 0) return c.areas.some((a) => filter.areas.includes(a));
    return filter.all || c.areas.length > 0;
  });
  // Each one's next end read once (bySoonest's order), not at every comparison.
  const sorted = picked
    .map((c, i) => ({ c, at: soonestAt(c, filter.now), i }))
    .sort((a, b) => a.at - b.at || a.i - b.i)
    .map(({ c }) => c);
  return withoutCopies(sorted);
}

/** A contract as /radar's count and page read it from the store's index (store/radar-page.ts). */
export interface RadarCandidate {
  rowId: number;
  /** Its next end (or extension limit), in ms. */
  soonest: number;
  /** Its copy key when another relevant contract shares it; null when it has no copy. */
  copyKey: string | null;
}

/** /radar's order: soonest first, ties in the order first indexed. */
export const inRadarOrder = (rows: RadarCandidate[]): RadarCandidate[] =>
  [...rows].sort((a, b) => a.soonest - b.soonest || a.rowId - b.rowId);

/** The rows (in /radar's order) with each contract once: the first of each copy key. */
export const firstOfEachCopy = (rows: RadarCandidate[]): RadarCandidate[] =>
  firstOfEach(rows, (r) => r.copyKey);

/**
 * Contracts that came onto a radar of `months` in the week before `now`: their end came within reach, or they
 * were first stored this week already within reach. Each contract is in one weekly digest, not every one.
 */
export function newOnRadar(
  entries: { contract: ContractRecord; indexedAt: number }[],
  now: number,
  months: number,
): ContractRecord[] {
  const weekAgo = now - 7 * 86_400_000;
  return entries
    .filter(({ contract, indexedAt }) => {
      const end = nextEnd(contract, now);
      if (!end) return false;
      const inReach = addMonths(Date.parse(end), -months);
      return (inReach > weekAgo && inReach <= now) || (indexedAt > weekAgo && inReach <= now);
    })
    .map((e) => e.contract)
    .sort(bySoonest(now));
}

export type ReminderMonths = 12 | 6;
export const REMINDER_MONTHS: ReminderMonths[] = [12, 6];

export interface PlannedRadarReminder {
  months: ReminderMonths;
  dueAt: number;
  /** The end date the reminder counts back from, so a moved end can be spotted. */
  end: string;
}

/**
 * When a reminder `months` before a contract's end is sent: 9 in the morning, UK time, on that day. The end
 * is usually a day's last second (23:59:59), which counted back gave a direct message at 23:59, or 22:59 in
 * winter, and a reply that named that time.
 */
export function reminderDueAt(end: string, months: ReminderMonths): number {
  const day = publisherDay(end, 'end').minus({ months });
  return day
    .setZone(UK_ZONE, { keepLocalTime: true })
    .set({ hour: 9, minute: 0, second: 0, millisecond: 0 })
    .toMillis();
}

/** Direct-message reminders 12 and 6 months before the contract ends (future ones only). */
export function planRadarReminders(record: ContractRecord, now: number): PlannedRadarReminder[] {
  const end = nextEnd(record, now);
  if (!end) return [];
  return REMINDER_MONTHS.map((months) => ({
    months,
    dueAt: reminderDueAt(end, months),
    end,
  })).filter((r) => r.dueAt > now);
}

export type ReminderReview =
  { action: 'send'; end: string } | { action: 'cancel' } | { action: 'move'; reminder: PlannedRadarReminder };

/**
 * What to do with a reminder that has come due: send it; cancel it when the contract is gone or has ended;
 * move it when later notices moved the end (or send it now, with the new date, when that is already due).
 */
export function reviewRadarReminder(
  reminder: { months: ReminderMonths; end: string },
  record: ContractRecord | null,
  now: number,
): ReminderReview {
  const end = record ? nextEnd(record, now) : null;
  if (!record || !end) return { action: 'cancel' };
  if (end === reminder.end) return { action: 'send', end };
  const dueAt = reminderDueAt(end, reminder.months);
  return dueAt > now
    ? { action: 'move', reminder: { months: reminder.months, dueAt, end } }
    : { action: 'send', end };
}

import { valueText } from '../alerts/alert-text.js';
import { DateTime } from 'luxon';
import { dayHasPassed, relativeDays } from '../notices/date-text.js';
import { toShortUkDay, UK_ZONE } from '../notices/dates.js';
import type { Supplier } from '../notices/notice.js';
import { nextEnd, type ContractEvent, type ContractRecord } from './contract.js';
import type { ReminderMonths } from './plan.js';

// The words of the re-procurement radar: the "coming up" announcement, the line that says a new notice may
// re-procure a known contract, the guide's paragraph on who holds it now, reminders, digest and list lines.
// Plain text a screen reader reads well; each fact once; notice text is escaped by the message builders.

const day = (instant: string) => toShortUkDay(instant, 'end');
const startDay = (instant: string) => toShortUkDay(instant, 'start');

/**
 * The UK day a contract end means: an end written as 23:59Z is that day, even in summer (as toShortUkDay).
 */
function endDay(instant: string): DateTime {
  const utc = DateTime.fromISO(instant, { zone: 'utc' });
  if (utc.hour === 23 && utc.minute === 59) return DateTime.fromISO(utc.toISODate() ?? '', { zone: UK_ZONE });
  return DateTime.fromISO(instant, { zone: UK_ZONE }).startOf('day');
}

/** Whole days from today to the day a contract ends (negative once passed). */
function daysToEnd(instant: string, now: number): number {
  const today = DateTime.fromMillis(now, { zone: UK_ZONE }).startOf('day');
  return Math.round(endDay(instant).diff(today, 'days').days);
}

/** "Thursday 18 May 2028 (in about 18 months)": the day a contract ends, with the year, and how far off. */
export function describeEnd(instant: string, now: number): string {
  return `${endDay(instant).toFormat('cccc d LLLL yyyy')} (${relativeDays(daysToEnd(instant, now))})`;
}

/**
 * "£54,394 (£67,992 including VAT)"; a value the awards do not give, taken from the whole procurement (an
 * estimate, or every lot's), says so: an award of £0 or of no value is a placeholder, not the price.
 */
export function contractValueText(record: Pick<ContractRecord, 'value' | 'valueFrom'>): string {
  const text = valueText(record.value);
  return record.valueFrom === 'procurement'
    ? `${text} (for the whole procurement; the award gives no value of its own)`
    : text;
}

/** "A", "A and B", "A, B and 3 others". */
export function supplierList(suppliers: Supplier[]): string {
  const names = suppliers.map((s) => s.name);
  if (names.length <= 2) return names.join(' and ');
  if (names.length === 3) return `${names[0]}, ${names[1]} and ${names[2]}`;
  return `${names.slice(0, 2).join(', ')} and ${names.length - 2} others`;
}

/** "Held by A since 1 Aug 2020." ("since" the contract start, else the award); null when nobody is named. */
export function heldSentence(record: ContractRecord): string | null {
  if (record.suppliers.length === 0) return null;
  const since = record.start ?? record.awardedOn;
  return `Held by ${supplierList(record.suppliers)}${since ? ` since ${startDay(since)}` : ''}.`;
}

/**
 * When it ends, with the extension limit; a passed end with an extension ahead says it was probably extended.
 */
export function endSentence(record: ContractRecord, now: number): string {
  const { end, maxExtent } = record;
  if (record.status === 'terminated' && end) return `Ended early: it ends ${describeEnd(end, now)}.`;
  if (end && !dayHasPassed(end, 'end', now)) {
    const extension = maxExtent ? `, and can be extended to ${day(maxExtent)}` : '';
    return `Ends ${describeEnd(end, now)}${extension}.`;
  }
  if (end && maxExtent && !dayHasPassed(maxExtent, 'end', now)) {
    return (
      `Its end date (${day(end)}) has passed, so it has probably been extended; it can run to ` +
      `${describeEnd(maxExtent, now)}.`
    );
  }
  if (end && maxExtent && maxExtent !== end) {
    const limit = day(maxExtent);
    return `Ended ${describeEnd(end, now)}. The latest it could be extended to, ${limit}, has passed too.`;
  }
  return end ? `Ended ${describeEnd(end, now)}.` : 'The notices give no end date.';
}

/**
 * The plain-text lead of a radar announcement: what and whose, when it ends, who holds it since when, the
 * value, the areas, and whether the next contract could be reserved.
 */
export function radarLead(record: ContractRecord, now: number, areaLabel: (id: string) => string): string {
  const buyer = record.buyer.name ? `, ${record.buyer.name}` : '';
  const parts = [`Coming up: ${record.title}${buyer}.`, endSentence(record, now)];
  const held = heldSentence(record);
  parts.push(held ?? 'The notices do not name who holds it.');
  if (record.value) parts.push(`Value ${contractValueText(record)}.`);
  if (record.areas.length > 0) parts.push(`${record.areas.map(areaLabel).join(', ')}.`);
  if (record.reserved) parts.push('It is a reserved contract.');
  else if (record.reservationNote)
    parts.push(record.reservationNote.replace(/^Could be/, 'The next one could be'));
  return parts.join(' ');
}

export const RADAR_ADVICE =
  'What to do now: ask the commissioner (the person at the buyer who plans the service) about their plans. ' +
  'A ' +
  're-procurement, buying the service again, usually starts 6 to 12 months before a contract ends. This is ' +
  'the time to ask for lots small organisations can bid for, for the contract to be reserved, or to be ' +
  'invited to bid.';

const EVENT_WORDS: Record<ContractEvent['kind'], string> = {
  modified: 'A contract change notice',
  terminated: 'A termination notice',
};

/** "A contract change notice (083674-2026, 3 Sep 2026) moved the end from 18 May 2028 to 21 Aug 2026." */
export function historyLine(event: ContractEvent): string {
  const when = event.date ? `, ${startDay(event.date)}` : '';
  const moves = [
    event.endTo && event.endTo !== event.endFrom
      ? `moved the end${event.endFrom ? ` from ${day(event.endFrom)}` : ''} to ${day(event.endTo)}`
      : null,
    event.maxExtentTo && event.maxExtentTo !== event.maxExtentFrom
      ? `set the extension limit to ${day(event.maxExtentTo)}`
      : null,
  ].filter((m): m is string => m !== null);
  const what = event.kind === 'terminated' ? ['ended it early', ...moves] : moves;
  return `${EVENT_WORDS[event.kind]} (${event.releaseId}${when}) ${what.join(' and ') || 'changed it'}.`;
}

/** The paragraphs of a radar announcement, lead first. */
export function radarParagraphs(
  record: ContractRecord,
  now: number,
  areaLabel: (id: string) => string,
  successor: string | null,
): string[] {
  const paragraphs = [radarLead(record, now, areaLabel)];
  if (record.history.length > 0) paragraphs.push(record.history.map(historyLine).join(' '));
  if (successor)
    paragraphs.push(`The buyer has already published a notice about what comes next: ` + `${successor}.`);
  paragraphs.push(RADAR_ADVICE);
  return paragraphs;
}

/** A forum post's title for a radar announcement. */
export const radarThreadName = (title: string) => `Coming up: ${title}`;

export const RADAR_BUTTONS = {
  open: 'Open the award notice',
  remind: 'Remind me 12 and 6 months before',
  notRelevant: 'Not relevant',
} as const;

const year = (instant: string | null) => (instant ? ` since ${new Date(instant).getUTCFullYear()}` : '');

/**
 * "This may be the re-procurement of Dorset Council's advocacy contract held by X since 2020 (it ends 31 Jul
 * 2024)."
 */
export function replacesSentence(
  record: ContractRecord,
  areas: string[],
  others: number,
  areaLabel: (id: string) => string,
): string {
  const whose = record.buyer.name ? `${record.buyer.name}'s ` : 'the ';
  const area = areas.map((a) => areaLabel(a).toLowerCase()).join(' and ');
  const held =
    record.suppliers.length > 0
      ? ` held by ${supplierList(record.suppliers)}${year(record.start ?? record.awardedOn)}`
      : '';
  const end = record.end ? ` (it ends ${day(record.end)})` : '';
  const more =
    others > 0
      ? ` It may also replace ${others} other contract${others === 1 ? '' : 's'} of ` + `theirs.`
      : '';
  return `This may be the re-procurement of ${whose}${area} contract "${record.title}"${held}${end}.${more}`;
}

/** The guide's paragraph on who holds the contract now, with the jargon explained. */
export function incumbentParagraph(record: ContractRecord): string {
  const verb = record.suppliers.length > 1 ? 'hold' : 'holds';
  const held =
    record.suppliers.length > 0 ? `${supplierList(record.suppliers)} ${verb}` : 'Another organisation holds';
  const since = record.start ?? record.awardedOn;
  const term = [since ? `since ${startDay(since)}` : null, record.end ? `until ${day(record.end)}` : null]
    .filter((t) => t !== null)
    .join(' ');
  return (
    `This looks like the re-procurement of "${record.title}". ${held} that contract ` +
    `now${term ? ` (${term})` : ''}. ` +
    'The organisation that holds a contract now (the incumbent) often bids again and knows the service ' +
    'well, ' +
    'so say what you would do differently; the staff who deliver it may move to the new supplier (TUPE).'
  );
}

/** The reminder sent 12 or 6 months before a contract ends (its link is added by `reminderLink`). */
export function radarReminderText(
  record: ContractRecord,
  months: ReminderMonths,
  end: string,
  now: number,
): string {
  const buyer = record.buyer.name ? `, ${record.buyer.name}` : '';
  const held = heldSentence(record);
  return (
    // How far off is said once, after the date ("12 months to go" before it said it twice).
    `Reminder: "${record.title}"${buyer} ends ${describeEnd(end, now)}.` +
    `${held ? ` ${held}` : ''} ${months === 12 ? RADAR_ADVICE : SIX_MONTHS}`
  );
}

/** " The award notice: <url>" after a reminder. */
export const reminderLink = (url: string) => ` The award notice: ${url}`;

const SIX_MONTHS =
  'If the buyer has not published an engagement or tender notice yet, ask the commissioner now what ' +
  'happens ' +
  'next: it may be extended, bought again soon, or bought without a competition.';

/** The answers to "Remind me" on a radar announcement. */
export function radarRemindersScheduled(when: string[], nudgesOff: boolean): string {
  const optedOut = nudgesOff
    ? ' You have nudges turned off, so turn them on (/nudges on) to receive ' + 'them.'
    : '';
  return (
    `I will send you a direct message ${when.join(' and ')}. If the end date moves, so will ` +
    `they.${optedOut}`
  );
}
export const RADAR_TOO_LATE =
  'This contract ends in less than 6 months, so there is no reminder left to set: now is the time to ask ' +
  'the ' +
  'commissioner about their plans.';
export const RADAR_GONE = 'That contract is no longer stored, so the button does nothing.';

/** The digest section of contracts coming up, and its heading. */
export const radarSectionHeading = 'Coming up in your area: contracts nearing their end';

/** "Advocacy Services of Adults, Dorset Council. Held by X. Ends 31 Jul 2024 (in 40 days)." (no link) */
export function radarShortLine(record: ContractRecord, now: number): string {
  const buyer = record.buyer.name ? `, ${record.buyer.name}` : '';
  const end = nextEnd(record, now);
  const held = heldSentence(record);
  const ends = end ? ` Ends ${day(end)} (${relativeDays(daysToEnd(end, now))}).` : '';
  return `${record.title}${buyer}.${held ? ` ${held}` : ''}${ends}`;
}

/** One entry of /radar, without its number. */
export function radarListEntry(
  record: ContractRecord,
  now: number,
  areaLabel: (id: string) => string,
): string {
  const value = record.value ? ` Value ${contractValueText(record)}.` : '';
  const areas = record.areas.length > 0 ? ` ${record.areas.map(areaLabel).join(', ')}.` : '';
  return `${radarShortLine(record, now)}${value}${areas}`;
}

/** One line of the offline `npm run radar`: buyer | title | supplier | end date | value | areas. */
export function radarCliLine(record: ContractRecord, now: number, areaLabel: (id: string) => string): string {
  return [
    record.buyer.name ?? 'buyer not named',
    record.title,
    record.suppliers.length > 0 ? supplierList(record.suppliers) : 'supplier not named',
    cliEnd(record, now),
    record.value ? contractValueText(record) : 'value not stated',
    record.areas.length > 0 ? record.areas.map(areaLabel).join(', ') : 'no service area',
  ].join(' | ');
}

/** "can be extended to 31 Dec 2026", or, once that day has passed, "extension limit 31 Dec 2026 passed". */
const extensionWords = (maxExtent: string, now: number) =>
  !dayHasPassed(maxExtent, 'end', now)
    ? `can be extended to ${day(maxExtent)}`
    : `extension limit ${day(maxExtent)} passed`;

/** "ends 18 May 2028 (can be extended to …)", or "ended 21 Aug 2026, can be extended to 31 Dec 2026". */
function cliEnd(record: ContractRecord, now: number): string {
  const { end, maxExtent } = record;
  const extension = maxExtent && maxExtent !== end ? extensionWords(maxExtent, now) : null;
  if (!end) return extension ? `no end date, ${extension}` : 'no end date';
  if (dayHasPassed(end, 'end', now)) return `ended ${day(end)}${extension ? `, ${extension}` : ''}`;
  return `ends ${day(end)}${extension ? ` (${extension})` : ''}`;
}

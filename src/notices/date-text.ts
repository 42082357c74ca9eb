import { DateTime } from 'luxon';
import { publisherDay, UK_ZONE } from './dates.js';

// Dates in words, the one place the app says "in 9 days" or "Friday 12 December".

/** Whole UK calendar days from now to an instant (negative when it has passed). */
export function daysUntil(instant: string, now: number): number {
  const today = DateTime.fromMillis(now, { zone: UK_ZONE }).startOf('day');
  return Math.round(DateTime.fromISO(instant, { zone: UK_ZONE }).startOf('day').diff(today, 'days').days);
}

/**
 * "today", "tomorrow", "in 9 days", "yesterday", "3 days ago"; past three months in months ("in about 18
 * months"), past two years in years ("about 8 years ago"): a count such as "2761 days" says nothing at a
 * glance or read aloud, and the date beside it gives the day.
 */
export function relativeDays(days: number): string {
  if (days === 0) return 'today';
  if (days === 1) return 'tomorrow';
  if (days === -1) return 'yesterday';
  const span = Math.abs(days);
  const months = Math.round(span / 30.44);
  let amount = `${span} days`;
  if (span > 90) amount = months < 24 ? `about ${months} months` : `about ${Math.round(span / 365.25)} years`;
  return days > 0 ? `in ${amount}` : `${amount} ago`;
}

/** "Friday 12 December (in 9 days)"; the year only when it is not this year. */
export function describeDeadline(instant: string, now: number): string {
  const when = DateTime.fromISO(instant, { zone: UK_ZONE });
  const thisYear = DateTime.fromMillis(now, { zone: UK_ZONE }).year;
  const date = when.toFormat(when.year === thisYear ? 'cccc d LLLL' : 'cccc d LLLL yyyy');
  return `${date} (${relativeDays(daysUntil(instant, now))})`;
}

/**
 * "Monday 21 September 2026, 10:00 (in 20 days)", in UK time. The same words everywhere (console, Discord,
 * calendar notes): plain text a screen reader reads as written, with no markup to escape.
 */
export function formatWhen(instant: string, now: number): string {
  const relative = relativeDays(daysUntil(instant, now));
  return (
    `${DateTime.fromISO(instant, { zone: UK_ZONE }).toFormat("cccc d LLLL yyyy', 'HH:mm")} ` + `(${relative})`
  );
}

/**
 * A date with no time of its own (a contract's start or end, an expected tender): the day only, with how far
 * it is. As an `end`, a last second written in UTC (`2028-05-18T23:59:59Z`, 00:59 on the 19th in summer)
 * is the day the publisher meant, as toShortUkDay reads it.
 */
export function formatDay(instant: string, edge: 'start' | 'end', now: number): string {
  const day = publisherDay(instant, edge);
  const today = DateTime.fromMillis(now, { zone: UK_ZONE }).startOf('day');
  // Counted from the day as written, so that the count and the date beside it agree.
  const days = Math.round(
    DateTime.fromISO(day.toISODate() ?? '', { zone: UK_ZONE }).diff(today, 'days').days,
  );
  return `${day.toFormat('cccc d LLLL yyyy')} (${relativeDays(days)})`;
}

/**
 * Whether a date with no time of its own (a contract's end, its extension limit) is over: its publisher's
 * day (see formatDay) is before today in the UK. The day itself still counts: a contract ending on 30
 * September runs all of 30 September, though "2026-09-30" is midnight UTC.
 */
export function dayHasPassed(instant: string, edge: 'start' | 'end', now: number): boolean {
  const day = publisherDay(instant, edge).toISODate();
  const today = DateTime.fromMillis(now, { zone: UK_ZONE }).toISODate();
  return day !== null && today !== null && day < today;
}

/** "5 minutes ago", "3 hours ago", "4 days ago" (hours up to two days). */
export function timeAgo(ms: number, now: number): string {
  const minutes = Math.round((now - ms) / 60_000);
  if (minutes < 60) return `${minutes} minutes ago`;
  return minutes < 2880 ? `${Math.round(minutes / 60)} hours ago` : `${Math.round(minutes / 1440)} days ago`;
}

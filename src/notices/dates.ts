import { DateTime } from 'luxon';

export const UK_ZONE = 'Europe/London';
const BARE_DATE = /^\d{4}-\d{2}-\d{2}$/;
const WITH_OFFSET = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(:\d{2}(\.\d+)?)?(Z|[+-]\d{2}:\d{2})$/;

/**
 * Reads an OCDS date as an ISO instant in UTC. A bare date (`2025-07-07`, seen on FTS deadlines) is a UK
 * civil day: `end` picks its last second (for deadlines), otherwise its first. Unreadable values give null.
 */
export function toInstant(value: unknown, edge: 'start' | 'end' = 'start', zIsUkTime = false): string | null {
  if (typeof value !== 'string' || value.length === 0) return null;
  // Public Contracts Scotland and Sell2Wales write UK wall-clock times with a `Z` (see SourceProfile).
  const text = zIsUkTime ? value.trim().replace(/(T\d{2}:\d{2}(:\d{2}(\.\d+)?)?)Z$/, '$1') : value.trim();
  if (BARE_DATE.test(text)) {
    const day = DateTime.fromISO(text, { zone: UK_ZONE });
    if (!day.isValid) return null;
    return (edge === 'end' ? day.endOf('day').startOf('second') : day.startOf('day'))
      .toUTC()
      .toISO({ suppressMilliseconds: true });
  }
  // Fast path: a full date-time with Z or an offset needs no time-zone rules (this runs ~7 times per
  // release).
  if (WITH_OFFSET.test(text)) {
    const ms = Date.parse(text);
    // toISOString always ends ".sssZ": cut, not a regular expression (half the cost of this path).
    if (!Number.isNaN(ms)) return `${new Date(ms).toISOString().slice(0, -5)}Z`;
  }
  // A date-time with no offset is UK local time, as the UK services publish.
  const parsed = DateTime.fromISO(text, { zone: UK_ZONE, setZone: false });
  if (!parsed.isValid) return null;
  return parsed.toUTC().toISO({ suppressMilliseconds: true });
}

const LOCAL_FORMAT = "yyyy-MM-dd'T'HH:mm:ss";
const HOUR = 3_600_000;

/**
 * Formats an instant as UK local wall-clock time (`2026-10-25T00:59:59`), as FTS and Contracts Finder read
 * it.
 */
export function toUkLocalParam(instant: Date): string {
  return DateTime.fromJSDate(instant, { zone: UK_ZONE }).toFormat(LOCAL_FORMAT);
}

const localOf = (ms: number) => DateTime.fromMillis(ms, { zone: UK_ZONE }).toFormat(LOCAL_FORMAT);

/** True when the instant's UK wall-clock time also names another instant (the repeated hour in October). */
function isAmbiguous(ms: number): boolean {
  const local = localOf(ms);
  return local === localOf(ms - HOUR) || local === localOf(ms + HOUR);
}

/**
 * The UK wall-clock bounds of a window for an API that reads local time, so that the window covers at least
 * [from, to]: a bound inside the repeated autumn hour moves out of it (`from` back to the last second before
 * it, `to` forward to the first second after), and the bounds always increase (an API refuses equal bounds).
 * The missing spring hour needs nothing: no instant maps into it.
 */
export function toUkWindowParams(fromMs: number, toMs: number): { from: string; to: string } {
  let from = Math.floor(fromMs / 1000) * 1000;
  let to = Math.ceil(toMs / 1000) * 1000;
  while (isAmbiguous(from)) from -= 60_000;
  while (isAmbiguous(to)) to += 60_000;
  while (!isAmbiguous(from + 1000) && from + 1000 <= fromMs) from += 1000;
  while (!isAmbiguous(to - 1000) && to - 1000 >= toMs) to -= 1000;
  if (to <= from) to = from + 1000;
  while (isAmbiguous(to)) to += 60_000;
  return { from: localOf(from), to: localOf(to) };
}

/**
 * The last second of the UK day `days` after the UK day of `instant`, as toInstant reads a bare end date
 * (2025-05-19 plus 1,095 days ends 2028-05-18, 23:59:59 UK time).
 */
export function addUkDays(instant: string, days: number): string | null {
  const day = DateTime.fromISO(instant, { zone: UK_ZONE }).plus({ days }).toISODate();
  return day ? toInstant(day, 'end') : null;
}

/** Plain-English UK date, e.g. "Friday 12 December 2025". */
export function toUkDay(instant: string): string {
  return DateTime.fromISO(instant, { zone: UK_ZONE }).toFormat('cccc d LLLL yyyy');
}

/**
 * Short UK date for change descriptions, e.g. "3 Dec 2025". As the `end` of a period, a last second written
 * in UTC (`2028-05-18T23:59:59Z`, which is 00:59 on the 19th in summer) is the day the publisher meant.
 */
export function toShortUkDay(instant: string, edge: 'start' | 'end' = 'start'): string {
  return publisherDay(instant, edge).toFormat('d LLL yyyy');
}

/**
 * The day an instant names, as the publisher meant it: its UK day, except that as the `end` of a period a
 * last second written in UTC (23:59 UTC) is that UTC day.
 */
export function publisherDay(instant: string, edge: 'start' | 'end'): DateTime {
  const utc = DateTime.fromISO(instant, { zone: 'utc' });
  if (edge === 'end' && utc.hour === 23 && utc.minute === 59) return utc;
  return DateTime.fromISO(instant, { zone: UK_ZONE });
}

const EARLIEST_PLAUSIBLE = Date.UTC(1990, 0, 1);
const PLAUSIBLE_YEARS_AHEAD = 30;
const DAY = 24 * HOUR;

/** Whether an instant is one a notice could really carry: from 1 January 1990 to 30 years from `now`. */
export function isPlausibleInstant(instant: string | null, now: number): boolean {
  if (instant === null) return false;
  const ms = Date.parse(instant);
  if (Number.isNaN(ms)) return false;
  const latest = new Date(now);
  latest.setUTCFullYear(latest.getUTCFullYear() + PLAUSIBLE_YEARS_AHEAD);
  return ms >= EARLIEST_PLAUSIBLE && ms <= latest.getTime();
}

/**
 * The date a release is ordered by among its process's releases: its own date when that is plausible and
 * no more than a day after it was received (a release is not published in the future; a day covers the
 * UK wall-clock `Z` of Scotland and Wales), else null, and then it is ordered by arrival. So a release
 * dated 9999 (or 1970) never becomes "current" for good: a bad date can hold the current release for a
 * day at most.
 */
export function releaseOrderDate(instant: string | null, receivedAt: number): string | null {
  if (!isPlausibleInstant(instant, receivedAt) || instant === null) return null;
  return Date.parse(instant) <= receivedAt + DAY ? instant : null;
}

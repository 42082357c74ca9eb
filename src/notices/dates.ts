import { DateTime } from 'luxon';

export const UK_ZONE = 'Europe/London';
const BARE_DATE = /^\d{4}-\d{2}-\d{2}$/;
const WITH_OFFSET = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(:\d{2}(\.\d+)?)?(Z|[+-]\d{2}:\d{2})$/;

/**
 * Reads an OCDS date as an ISO instant in UTC. A bare date (`2025-07-07`, seen on FTS deadlines) is a UK
 * civil day: `end` picks its last second (for deadlines), otherwise its first. Unreadable values give null.
 */
export function toInstant(value: unknown, edge: 'start' | 'end' = 'start'): string | null {
  if (typeof value !== 'string' || value.length === 0) return null;
  const text = value.trim();
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
    if (!Number.isNaN(ms)) return new Date(ms).toISOString().replace(/\.\d{3}Z$/, 'Z');
  }
  // A date-time with no offset is UK local time, as the UK services publish.
  const parsed = DateTime.fromISO(text, { zone: UK_ZONE, setZone: false });
  if (!parsed.isValid) return null;
  return parsed.toUTC().toISO({ suppressMilliseconds: true });
}

/** Formats an instant as the UK local wall-clock time FTS expects in `updatedFrom`/`updatedTo`. */
export function toUkLocalParam(instant: Date): string {
  return DateTime.fromJSDate(instant, { zone: UK_ZONE }).toFormat("yyyy-MM-dd'T'HH:mm:ss");
}

/** Plain-English UK date, e.g. "Friday 12 December 2025". */
export function toUkDay(instant: string): string {
  return DateTime.fromISO(instant, { zone: UK_ZONE }).toFormat('cccc d LLLL yyyy');
}

/** Short UK date for change descriptions, e.g. "3 Dec 2025". */
export function toShortUkDay(instant: string): string {
  return DateTime.fromISO(instant, { zone: UK_ZONE }).toFormat('d LLL yyyy');
}

import { DateTime } from 'luxon';
import { UK_ZONE } from '../notices/dates.js';
import type { NotDue, SourceRunSummary } from '../pipeline/poll-cycle.js';
import { plural } from '../shared/plural.js';

/** One line per source: "fts: 3 requests, 120 seen, 4 new, 1 updated, 115 unchanged, 0 skipped, 0 errors". */
export function formatSummary(summary: SourceRunSummary): string {
  const c = summary.counts;
  const errors = summary.errors.length > 0 ? ` — ${summary.errors.join('; ')}` : '';
  const baseline = summary.baseline ? ' (stored as a baseline: no alerts)' : '';
  return (
    `${summary.source}: ${plural(summary.requests, 'request')}, ${c.seen} seen, ${c.new} new, ${c.updated} ` +
    `updated, ${c.unchanged} unchanged, ${c.skipped} skipped, ${plural(summary.errors.length, 'error')}` +
    `${baseline}${errors}`
  );
}

/** "in 23 minutes", "in about 5 hours". */
function timeLeft(ms: number): string {
  const minutes = Math.max(1, Math.ceil(ms / 60_000));
  if (minutes < 120) return `in ${plural(minutes, 'minute')}`;
  return `in about ${plural(Math.round(minutes / 60), 'hour')}`;
}

/**
 * A source a cycle left out because it is not due: "pcs: not due yet (read at most every 60 minutes,
 * sources.pcs.pollEveryMinutes); a poll from 14:33 UK time today (in 23 minutes) reads it". The time is
 * rounded up to the minute, so a poll from that minute on reads it.
 */
export function notDueLine(notDue: NotDue, now: number): string {
  const at = DateTime.fromMillis(Math.ceil(notDue.dueAt / 60_000) * 60_000, { zone: UK_ZONE });
  const today = at.hasSame(DateTime.fromMillis(now, { zone: UK_ZONE }), 'day');
  const day = today ? 'today' : `on ${at.toFormat('cccc d LLLL')}`;
  const every = plural(Math.round(notDue.everyMs / 60_000), 'minute');
  return (
    `${notDue.source}: not due yet (read at most every ${every}, ` +
    `sources.${notDue.source}.pollEveryMinutes); ` +
    `a poll from ${at.toFormat('HH:mm')} UK time ${day} (${timeLeft(notDue.dueAt - now)}) reads it`
  );
}

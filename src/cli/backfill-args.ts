import { parseArgs } from 'node:util';
import { DateTime } from 'luxon';
import { UK_ZONE } from '../notices/dates.js';
import { HISTORY_STARTS } from '../sources/registry.js';

// The arguments of `npm run backfill`, apart from the command so they can be tested without running it.

export const BACKFILL_USAGE =
  'Usage: npm run backfill -- --from 2026-01-01|earliest [--to 2026-02-01] [--source fts|cf|pcs|s2w] ' +
  '[--estimate] (--source once for each feed: --source fts --source cf)';

export const FEEDS = ['fts', 'cf', 'pcs', 's2w'] as const;
export type Feed = (typeof FEEDS)[number];

export interface BackfillArgs {
  /** Where each source starts: the date given, or (`--from earliest`) as far back as its API goes. */
  from: Record<Feed, number>;
  to: number;
  toGiven: boolean;
  sources: Feed[];
  /** Only print how long it would take at the configured spacing (no network, no database). */
  estimate: boolean;
}

const isFeed = (s: string): s is Feed => (FEEDS as readonly string[]).includes(s);

/** Reads --from/--to as UK civil days (or full ISO instants); --to defaults to now. */
export function parseBackfillArgs(argv: string[], now: number): BackfillArgs {
  const { values } = parseArgs({
    args: argv,
    options: {
      from: { type: 'string' },
      to: { type: 'string' },
      source: { type: 'string', multiple: true },
      estimate: { type: 'boolean' },
    },
    strict: true,
  });
  const day = (text: string, edge: 'start' | 'end') => {
    const parsed = DateTime.fromISO(text, { zone: UK_ZONE });
    if (!parsed.isValid) throw new Error(`"${text}" is not a date (use YYYY-MM-DD). ${BACKFILL_USAGE}`);
    return (/^\d{4}-\d{2}-\d{2}$/.test(text) && edge === 'end' ? parsed.endOf('day') : parsed).toMillis();
  };
  if (!values.from) throw new Error(`--from is required. ${BACKFILL_USAGE}`);
  const sources = values.source ?? (values.from === 'earliest' ? [...FEEDS] : ['fts', 'cf']);
  const unknown = sources.find((s) => !isFeed(s));
  if (unknown !== undefined)
    throw new Error(`--source must be fts, cf, pcs or s2w, not "${unknown}". ${BACKFILL_USAGE}`);
  const given = values.from === 'earliest' ? null : day(values.from, 'start');
  const from = Object.fromEntries(FEEDS.map((f) => [f, given ?? day(HISTORY_STARTS[f], 'start')])) as Record<
    Feed,
    number
  >;
  const to = values.to ? Math.min(day(values.to, 'end'), now) : now;
  if (sources.some((s) => isFeed(s) && to <= from[s]))
    throw new Error(
      values.to
        ? `--to must be after --from. ${BACKFILL_USAGE}`
        : `--from is today or later: there is nothing before now to store yet. ${BACKFILL_USAGE}`,
    );
  return {
    from,
    to,
    toGiven: Boolean(values.to),
    sources: sources.filter(isFeed),
    estimate: values.estimate ?? false,
  };
}

/**
 * The progress bar's time, in words when there is none yet: before a window has finished cli-progress's
 * estimate is the string 'NULL' (or 'INF'), which its own formatter printed as "ETA LLs".
 */
export function etaText<O>(
  format: (seconds: number, options: O, roundTo: number) => string,
): (seconds: unknown, options: O, roundTo: number) => string {
  return (seconds, options, roundTo) =>
    typeof seconds === 'number' ? format(seconds, options, roundTo) : 'not known yet';
}

import { systemClock } from '../shared/clock.js';
import { runCli } from './run.js';
import { parseArgs } from 'node:util';
import cliProgress from 'cli-progress';
import { DateTime } from 'luxon';
import { createAreaMatcher, createSources, openConfiguredDb, startCommand } from '../app.js';
import { UK_ZONE } from '../notices/dates.js';
import { runBackfill } from '../pipeline/poll-cycle.js';
import { createSqliteNoticeStore } from '../store/notice-store.js';
import { formatSummary } from './summary.js';

const USAGE = 'Usage: npm run backfill -- --from 2026-01-01 [--to 2026-02-01] [--source fts|cf]';

/** Reads --from/--to as UK civil days (or full ISO instants); --to defaults to now. */
export function parseBackfillArgs(
  argv: string[],
  now: number,
): { from: number; to: number; toGiven: boolean; sources: string[] | undefined } {
  const { values } = parseArgs({
    args: argv,
    options: { from: { type: 'string' }, to: { type: 'string' }, source: { type: 'string', multiple: true } },
    strict: true,
  });
  const day = (text: string, edge: 'start' | 'end') => {
    const parsed = DateTime.fromISO(text, { zone: UK_ZONE });
    if (!parsed.isValid) throw new Error(`"${text}" is not a date (use YYYY-MM-DD). ${USAGE}`);
    return (/^\d{4}-\d{2}-\d{2}$/.test(text) && edge === 'end' ? parsed.endOf('day') : parsed).toMillis();
  };
  if (!values.from) throw new Error(`--from is required. ${USAGE}`);
  const from = day(values.from, 'start');
  const to = values.to ? Math.min(day(values.to, 'end'), now) : now;
  if (to <= from) throw new Error(`--to must be after --from. ${USAGE}`);
  for (const s of values.source ?? [])
    if (!['fts', 'cf'].includes(s)) throw new Error(`--source must be fts or cf, not "${s}". ${USAGE}`);
  return { from, to, toGiven: Boolean(values.to), sources: values.source };
}

async function main(): Promise<number> {
  const args = parseBackfillArgs(process.argv.slice(2), Date.now());
  const { settings, config, log } = startCommand((level) => (level === 'info' ? 'warn' : level));
  const db = openConfiguredDb(config);
  // In a pipe or a log file there is no live bar: a plain progress line is printed every few seconds instead.
  const bars = new cliProgress.MultiBar(
    { stream: process.stderr, hideCursor: true, noTTYOutput: true, notTTYSchedule: 5_000 },
    cliProgress.Presets.shades_classic,
  );
  const barsBySource = new Map<string, cliProgress.SingleBar>();
  try {
    const summaries = await runBackfill(
      {
        store: createSqliteNoticeStore(db),
        clock: systemClock,
        log,
        match: createAreaMatcher(settings.rules).match,
        maxPagesPerWindow: config.poll.maxPagesPerWindow,
        onProgress: (source, done, total) => {
          const bar =
            barsBySource.get(source) ??
            bars.create(
              total,
              done,
              {},
              { format: `${source.padEnd(4)} [{bar}] {value}/{total} windows | ETA {eta_formatted}` },
            );
          barsBySource.set(source, bar);
          bar.update(done);
        },
      },
      createSources(config, systemClock, log, args.sources ?? ['fts', 'cf']),
      args.from,
      args.to,
      args.toGiven ? String(args.to) : 'now',
    );
    bars.stop();
    for (const summary of summaries) console.log(formatSummary(summary));
    const failed = summaries.some((s) => s.errors.length > 0);
    if (failed) console.log('Some windows failed; run the same command again to resume where it stopped.');
    return failed ? 1 : 0;
  } finally {
    bars.stop();
    db.close();
  }
}

runCli(main);

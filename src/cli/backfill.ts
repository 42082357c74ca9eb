import { systemClock } from '../shared/clock.js';
import { runCli } from './run.js';
import cliProgress from 'cli-progress';
import { createAreaMatcher, createSources, openConfiguredDb, startCommand } from '../app.js';
import { runBackfill } from '../pipeline/poll-cycle.js';
import { createSqliteNoticeStore } from '../store/notice-store.js';
import { formatSummary } from './summary.js';
import { DateTime } from 'luxon';
import { indexContracts } from '../pipeline/radar-index.js';
import { estimateBackfill, VOLUMES, type SourceEstimate } from '../pipeline/backfill-estimate.js';
import type { SourceRunSummary } from '../pipeline/poll-cycle.js';
import { createSqliteRadarStore } from '../store/radar-store.js';
import { etaText, parseBackfillArgs } from './backfill-args.js';
import type { Config } from '../config.js';

const hours = (seconds: number) => `${(seconds / 3600).toFixed(1)} h`;
const ukDay = (ms: number) => DateTime.fromMillis(ms, { zone: 'Europe/London' }).toFormat('d LLL yyyy');

/**
 * How long the backfill would take at the configured spacing, per source and in all (run one after another).
 */
function printEstimate(config: Config, estimates: SourceEstimate[]): void {
  for (const e of estimates)
    console.log(
      `${e.source.padEnd(4)} ${ukDay(e.from)} – ${ukDay(e.to)}: ${e.windows.toLocaleString('en-GB')} ` +
        `windows, ` +
        `${e.requests.toLocaleString('en-GB')} requests` +
        `${e.releases > 0 ? ` (about ${e.releases.toLocaleString('en-GB')} releases)` : ''} at one per ` +
        `${config.sources[e.source].requestIntervalMs / 1000} s: ${hours(e.seconds)}`,
    );
  const total = estimates.reduce((n, e) => n + e.seconds, 0);
  const days = total >= 86_400 ? ` (${(total / 86_400).toFixed(1)} days)` : '';
  console.log(`In all, one source after another: ${hours(total)}${days}.`);
  console.log('Assumed volumes (releases a year):');
  for (const [source, volumes] of Object.entries(VOLUMES))
    for (const v of volumes)
      console.log(`  ${source} from ${v.from}: ${v.perYear.toLocaleString('en-GB')} ` + `(${v.why})`);
}

async function main(): Promise<number> {
  const args = parseBackfillArgs(process.argv.slice(2), Date.now());
  const { settings, config, log } = startCommand((level) => (level === 'info' ? 'warn' : level));
  if (args.estimate) {
    printEstimate(
      config,
      args.sources.map((s) => estimateBackfill(s, config.sources, args.from[s], args.to)),
    );
    return 0;
  }
  const db = openConfiguredDb(config);
  // In a pipe or a log file there is no live bar: a plain progress line is printed every few seconds instead.
  const bars = new cliProgress.MultiBar(
    {
      stream: process.stderr,
      hideCursor: true,
      noTTYOutput: true,
      notTTYSchedule: 5_000,
      formatTime: etaText(cliProgress.Format.TimeFormat),
    },
    cliProgress.Presets.shades_classic,
  );
  const barsBySource = new Map<string, cliProgress.SingleBar>();
  try {
    const deps = {
      store: createSqliteNoticeStore(db),
      clock: systemClock,
      log,
      match: createAreaMatcher(settings.rules).match,
      maxPagesPerWindow: config.poll.maxPagesPerWindow,
      onProgress: (source: string, done: number, total: number) => {
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
    };
    const summaries: SourceRunSummary[] = [];
    // Each source from its own start (--from earliest: as far back as its API goes).
    for (const source of createSources(config, systemClock, log, args.sources))
      summaries.push(
        ...(await runBackfill(
          deps,
          [source],
          args.from[source.id as keyof typeof args.from],
          args.to,
          args.toGiven ? String(args.to) : 'now',
        )),
      );
    bars.stop();
    for (const summary of summaries) console.log(formatSummary(summary));
    // The radar's contracts and buyers, from everything now stored (it resumes too).
    const indexed = await indexContracts({ store: createSqliteRadarStore(db), log });
    console.log(
      `radar: ${indexed.notices} notices read, ${indexed.contracts} contracts, ${indexed.links} ` +
        `re-procurement links`,
    );
    const failed = summaries.some((s) => s.errors.length > 0);
    if (failed) console.log('Some windows failed; run the same command again to resume where it stopped.');
    return failed ? 1 : 0;
  } finally {
    bars.stop();
    db.close();
  }
}

runCli(main);

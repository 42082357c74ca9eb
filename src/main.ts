import { existsSync } from 'node:fs';
import { createAreaMatcher, createSources, printSaved, systemClock } from './app.js';
import { formatSummary } from './cli/summary.js';
import { ConfigError, loadConfig } from './config.js';
import { createLogger } from './log.js';
import { runPollCycle } from './pipeline/poll-cycle.js';
import { startSchedule } from './schedule/cron.js';
import { openDb } from './store/db.js';
import { createSqliteNoticeStore } from './store/notice-store.js';

/** Composition root: config → database → sources → schedule; SIGINT/SIGTERM finish the cycle in flight first. */
async function main(): Promise<void> {
  if (existsSync('.env')) process.loadEnvFile('.env');
  const config = loadConfig();
  const log = createLogger(config.logLevel);
  const matcher = createAreaMatcher();
  const db = openDb(config.databasePath);
  const store = createSqliteNoticeStore(db);
  const sources = createSources(config, systemClock, log);
  if (!config.discord.token) log.info({}, 'No Discord token configured: new and updated notices are printed here');

  const job = async () => {
    const summaries = await runPollCycle({
      sources, store, clock: systemClock, log,
      firstRunLookbackMs: config.poll.firstRunLookbackHours * 3600_000,
      overlapMs: config.poll.overlapMinutes * 60_000,
      match: matcher.match,
      onSaved: (saved) => printSaved(saved, matcher.labelOf),
    });
    for (const summary of summaries) log.info({ source: summary.source, ...summary.counts, requests: summary.requests, errors: summary.errors }, formatSummary(summary));
  };

  const schedule = startSchedule(config.poll.cron, config.poll.timezone, job, log);
  log.info({ cron: config.poll.cron, sources: sources.map((s) => s.id), database: config.databasePath }, 'Tender Nudge worker started');
  void schedule.runNow();

  let stopping = false;
  const shutdown = async (signal: string) => {
    if (stopping) return;
    stopping = true;
    log.info({ signal }, 'Shutting down after the cycle in flight');
    await schedule.stop();
    db.close();
    process.exit(0);
  };
  process.on('SIGINT', () => void shutdown('SIGINT'));
  process.on('SIGTERM', () => void shutdown('SIGTERM'));
}

main().catch((err: unknown) => {
  console.error(err instanceof ConfigError ? err.message : err);
  process.exit(1);
});

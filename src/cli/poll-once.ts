import { systemClock } from '../shared/clock.js';
import { runCli } from './run.js';
import { parseArgs } from 'node:util';
import {
  createAreaMatcher,
  createSources,
  openConfiguredDb,
  printSaved,
  sourceLabels,
  startCommand,
} from '../app.js';
import { runPollCycle } from '../pipeline/poll-cycle.js';
import { createSqliteNoticeStore } from '../store/notice-store.js';
import { formatSummary } from './summary.js';

const USAGE = 'Usage: npm run poll [-- --all]   (--all: print every new or updated notice, not only matched)';

async function main(): Promise<number> {
  let all: boolean | undefined;
  try {
    ({ all } = parseArgs({
      args: process.argv.slice(2),
      options: { all: { type: 'boolean' } },
      strict: true,
    }).values);
  } catch (err) {
    throw new Error(`${err instanceof Error ? err.message : String(err)}. ${USAGE}`, { cause: err });
  }
  const { settings, config, log } = startCommand();
  const matcher = createAreaMatcher(settings.rules);
  const db = openConfiguredDb(config);
  try {
    const store = createSqliteNoticeStore(db);
    const summaries = await runPollCycle({
      sources: createSources(config, systemClock, log),
      store,
      clock: systemClock,
      log,
      firstRunLookbackMs: config.poll.firstRunLookbackHours * 3600_000,
      overlapMs: config.poll.overlapMinutes * 60_000,
      match: matcher.match,
      onSaved: (saved) =>
        printSaved(saved, {
          areaLabel: matcher.labelOf,
          sourceLabel: sourceLabels(config),
          all: all ?? config.console.allNotices,
        }),
    });
    for (const summary of summaries) console.log(formatSummary(summary));
    return summaries.some((s) => s.errors.length > 0) ? 1 : 0;
  } finally {
    db.close();
  }
}

runCli(main);

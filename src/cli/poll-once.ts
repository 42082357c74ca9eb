import { systemClock } from '../shared/clock.js';
import { runCli } from './run.js';
import { createAreaMatcher, createSources, openConfiguredDb, printSaved, startCommand } from '../app.js';
import { runPollCycle } from '../pipeline/poll-cycle.js';
import { createSqliteNoticeStore } from '../store/notice-store.js';
import { formatSummary } from './summary.js';

async function main(): Promise<number> {
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
      onSaved: (saved) => printSaved(saved, matcher.labelOf),
    });
    for (const summary of summaries) console.log(formatSummary(summary));
    return summaries.some((s) => s.errors.length > 0) ? 1 : 0;
  } finally {
    db.close();
  }
}

runCli(main);

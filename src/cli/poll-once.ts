import { hostname } from 'node:os';
import { parseArgs } from 'node:util';
import { systemClock } from '../shared/clock.js';
import { runCli } from './run.js';
import {
  createAreaMatcher,
  createSources,
  openConfiguredDb,
  printUnmatched,
  sourceLabels,
  startCommand,
  syncConfigWebhooks,
  syncConsoleSubscription,
} from '../app.js';
import { notDueSources, runPollCycle } from '../pipeline/poll-cycle.js';
import { createBidderHook } from '../pipeline/bidders.js';
import { createSqliteBidderStore } from '../store/bidder-store.js';
import { createSqliteSubscriptionStore, createSqliteWatchlistStore } from '../store/delivery-store.js';
import { createInstanceLock } from '../store/instance-lock.js';
import { createSqliteNoticeStore } from '../store/notice-store.js';
import { createSqliteQueries } from '../store/query-store.js';
import { createWorkerDelivery, deliveredAnything, processHolder } from '../wiring.js';
import { formatSummary, notDueLine } from './summary.js';
import { deliveredLine, workerWillSend } from './ops-text.js';
import { LOCK_LOST } from '../worker-text.js';

const USAGE = 'Usage: npm run poll [-- --all]   (--all: print every new or updated notice, not only matched)';

/**
 * One poll cycle now ("check now"). It saves through the same save-and-plan step as the worker, so what it
 * finds is queued for every subscribed channel. When no worker holds the database it sends (or prints) the
 * alerts itself; when one does, it leaves them to that worker, so nothing is sent twice.
 */
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
  const db = openConfiguredDb(config);
  const lock = createInstanceLock(db, { holder: processHolder(), pid: process.pid, host: hostname() });
  let heartbeat: NodeJS.Timeout | undefined;
  try {
    const store = createSqliteNoticeStore(db);
    const subscriptions = createSqliteSubscriptionStore(db);
    const watchlists = createSqliteWatchlistStore(db);
    const queries = createSqliteQueries(db);
    const bidders = createSqliteBidderStore(db, queries);
    const matcher = createAreaMatcher(settings.rules, watchlists);
    const labels = sourceLabels(config);
    const held = lock.acquire();
    if (held.ok) {
      // Renewed as the worker renews it: a poll longer than a minute is not taken for a dead worker.
      heartbeat = setInterval(() => {
        if (lock.heartbeat()) return;
        log.error({}, LOCK_LOST);
        process.exit(1);
      }, 15_000);
      heartbeat.unref();
      // Like the worker at start: config webhooks, and the console when there is no Discord.
      const areaIds = matcher.areas.map((a) => a.id);
      const webhooks = syncConfigWebhooks(config, subscriptions, areaIds);
      syncConsoleSubscription(subscriptions, !config.discord.token && webhooks === 0, areaIds);
    }
    const sources = createSources(config, systemClock, log);
    // Said, not left out in silence: a feed read at most every hour is not read again by a poll before then.
    const notDue = notDueSources({ sources, store, clock: systemClock });
    const summaries = await runPollCycle({
      sources: sources.filter((s) => !notDue.some((n) => n.source === s.id)),
      store,
      clock: systemClock,
      log,
      firstRunLookbackMs: config.poll.firstRunLookbackHours * 3600_000,
      overlapMs: config.poll.overlapMinutes * 60_000,
      cycleDeadlineMs: config.poll.cycleDeadlineSeconds * 1000,
      maxPagesPerWindow: config.poll.maxPagesPerWindow,
      match: matcher.match,
      afterSave: createBidderHook(bidders, systemClock),
      onSaved: (saved) =>
        printUnmatched(saved, {
          areaLabel: matcher.labelOf,
          sourceLabel: labels,
          all: all ?? config.console.allNotices,
        }),
    });
    if (held.ok) {
      const { delivery, radar } = createWorkerDelivery({
        config,
        db,
        clock: systemClock,
        log,
        bidders,
        queries,
        areaLabel: matcher.labelOf,
        sourceLabel: labels,
      });
      // The radar reads what this poll stored and queues its announcements, as the worker does after a poll.
      await radar.run();
      const summary = await delivery.drain();
      if (deliveredAnything(summary)) console.log(deliveredLine(summary));
    } else console.log(workerWillSend(held.holder.pid, held.holder.host));
    for (const summary of summaries) console.log(formatSummary(summary));
    for (const skipped of notDue) console.log(notDueLine(skipped, systemClock.now()));
    return summaries.some((s) => s.errors.length > 0) ? 1 : 0;
  } finally {
    clearInterval(heartbeat);
    lock.release();
    db.close();
  }
}

runCli(main);

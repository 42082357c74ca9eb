import { systemClock } from './shared/clock.js';
import {
  createAreaMatcher,
  createSources,
  openWatchedDb,
  printUnmatched,
  sourceLabels,
  startCommand,
  syncConfigWebhooks,
  syncConsoleSubscription,
} from './app.js';
import { fetchAttachment, startBot } from './bot.js';
import { formatSummary } from './cli/summary.js';
import { ConfigError } from './config.js';
import { healthPortProblem } from './config/config-text.js';
import { lockHeldMessage, LOCK_LOST, TOKEN_REFUSED } from './worker-text.js';
import type { CommandContext } from './discord/commands/context.js';
import { queueBidderDigests } from './discord/dm-sender.js';
import { startHealthServer } from './ops/health-server.js';
import { createActivities, shutdownWorker, type ShutdownDeps } from './ops/lifecycle.js';
import { emptyCounters } from './ops/metrics.js';
import { metricsFacts, pruneHistory, sendOpsAlerts, trackSource } from './operations.js';
import { startSourceRun } from './pipeline/poll-cycle.js';
import { createPollRunner } from './pipeline/poll-runner.js';
import { runRecheck } from './pipeline/recheck.js';
import { createBidderHook } from './pipeline/bidders.js';
import { cronIntervalMs, startSchedule, type Schedule } from './schedule/cron.js';
import { createSqliteBidderStore } from './store/bidder-store.js';
import { createSqliteCorrectionStore } from './store/correction-store.js';
import { createSqliteSubscriptionStore, createSqliteWatchlistStore } from './store/delivery-store.js';
import { createInstanceLock } from './store/instance-lock.js';
import { createSqliteNoticeStore } from './store/notice-store.js';
import { createSqliteOpsStore } from './store/ops-store.js';
import { createSqliteDeliverySwitch } from './store/outbox-store.js';
import { createSqliteQueries } from './store/query-store.js';
import { createSqliteRecheckStore } from './store/recheck-store.js';
import { createWorkerDelivery, deliveredAnything, processHolder } from './wiring.js';
import { createRadar } from './radar-wiring.js';
import { hostname } from 'node:os';

/** How often the worker renews its hold on the database (the lock is taken over after 60 s of silence). */
const HEARTBEAT_MS = 15_000;

/**
 * Composition root: config → database (and its one-worker lock) → stores → sources → matcher → delivery →
 * schedules (poll, recheck, delivery, digests, pruning) → health port → Discord. Polling never waits for
 * delivery: a poll queues alerts in the outbox and kicks the delivery cycle, which drains on its own.
 * SIGINT/SIGTERM stop the schedules, abort the requests in flight, let the work in flight finish (within the
 * 5 s budget), close Discord, the health port and the database.
 */
async function main(): Promise<void> {
  const startedAt = Date.now();
  const { settings, config, log } = startCommand();
  const controller = new AbortController();
  const activities = createActivities();
  const schedules: Schedule[] = [];
  const closers: ShutdownDeps['closers'] = [];
  // Signals are handled from here on: a SIGTERM during start-up still stops the worker within the budget.
  let stopping = false;
  const shutdown = (signal: string, code = 0) => {
    if (stopping) {
      log.warn({ signal }, 'Second signal: exiting now');
      process.exit(1);
    }
    stopping = true;
    // The last resort, should anything hang past the budget.
    setTimeout(() => process.exit(1), 4_900).unref();
    const stopScheduling = () => schedules.forEach((s) => void s.stop());
    void shutdownWorker({ log, controller, stopScheduling, activities, closers }, signal).then((outcome) =>
      process.exit(outcome === 'clean' ? code : 1),
    );
  };
  process.on('SIGINT', () => shutdown('SIGINT'));
  process.on('SIGTERM', () => shutdown('SIGTERM'));

  const { db, fileProblem } = openWatchedDb(config, log);
  // One worker per database: a second one would poll and send the same things.
  const lock = createInstanceLock(db, { holder: processHolder(), pid: process.pid, host: hostname() });
  const taken = lock.acquire();
  // Not a configuration problem (the header "Configuration is not valid" sent people looking for a typo).
  if (!taken.ok) throw new Error(lockHeldMessage(taken.holder, config.databasePath));
  closers.push({ name: 'database', close: () => void (lock.release(), db.close()) });
  const heartbeat = setInterval(() => {
    if (!lock.heartbeat()) {
      log.error({}, LOCK_LOST);
      shutdown('lost the database lock', 1);
    }
  }, HEARTBEAT_MS);
  heartbeat.unref();
  // The database file deleted or replaced under the running worker: stop, loudly, before storing (or
  // recording as sent) anything more in a file no one will see again. Checked every second, and before polls.
  const databaseLost = () => {
    const problem = stopping ? null : fileProblem();
    if (problem) {
      log.error({ database: config.databasePath }, problem);
      shutdown('database file lost', 1);
    }
    return problem !== null;
  };
  const fileWatch = setInterval(databaseLost, 1_000);
  fileWatch.unref();
  closers.push({ name: 'database watch', close: () => clearInterval(fileWatch) });

  const store = createSqliteNoticeStore(db);
  const subscriptions = createSqliteSubscriptionStore(db);
  const watchlists = createSqliteWatchlistStore(db);
  const queries = createSqliteQueries(db);
  const bidders = createSqliteBidderStore(db, queries);
  const ops = createSqliteOpsStore(db);
  const corrections = createSqliteCorrectionStore(db, queries);
  const matcher = createAreaMatcher(settings.rules, watchlists);
  const labels = sourceLabels(config);
  const areaIds = matcher.areas.map((a) => a.id);
  const sources = createSources(config, systemClock, log, undefined, controller.signal).map((s) =>
    trackSource(s, activities),
  );
  const sourceIds = sources.map((s) => s.id);
  const webhooks = syncConfigWebhooks(config, subscriptions, areaIds);
  const discord = Boolean(config.discord.token) || webhooks > 0;
  syncConsoleSubscription(subscriptions, !discord, areaIds);
  if (!discord) log.info({}, 'No Discord configured: matched notices are printed here');
  // A token that was refused before may have been fixed: delivery starts again with every queued alert.
  createSqliteDeliverySwitch(db).resume();
  const counters = emptyCounters();
  const radar = createRadar({
    db,
    subscriptions,
    notices: queries,
    dms: bidders,
    clock: systemClock,
    log,
    leadMonths: config.radar.leadMonths,
    dailyLimit: config.radar.dailyLimit,
    areaLabel: matcher.labelOf,
  });
  // The radar reads what was stored since it last ran and queues its announcements in the outbox, one run at
  // a time; a failure there never stops alerts from being sent.
  // Once shutdown starts, a queued run is skipped and a running one stops between batches (its mark is where
  // it stopped): the closers never run under it.
  let radarRun: Promise<void> = Promise.resolve();
  const runRadar = () =>
    (radarRun = radarRun.then(() =>
      controller.signal.aborted
        ? undefined
        : activities
            .run('the re-procurement radar', () => radar.run(controller.signal))
            .then(() => undefined)
            .catch((err: unknown) => log.error({ err: String(err) }, 'Radar run failed')),
    ));
  const kickUnlessStopping = () => {
    if (!controller.signal.aborted) delivery.kick();
  };

  const { delivery, transport } = createWorkerDelivery({
    config,
    db,
    clock: systemClock,
    log,
    bidders,
    queries,
    areaLabel: matcher.labelOf,
    sourceLabel: labels,
    signal: controller.signal,
    track: (what, work) => activities.run(what, work),
    radar,
    onDrained: (summary) => {
      for (const key of ['sent', 'retried', 'failed', 'capped'] as const)
        counters.deliveries[key] += summary[key];
      if (deliveredAnything(summary)) log.info({ ...summary }, 'Alerts delivered');
      if (config.discord.token && !stopping)
        void sendOpsAlerts({
          ops,
          transport,
          sources: sourceIds,
          counters,
          log,
          feedFailureHours: config.alerts.feedFailureHours,
        });
    },
  });
  const consoleOptions = { areaLabel: matcher.labelOf, sourceLabel: labels, all: config.console.allNotices };
  const afterSave = createBidderHook(bidders, systemClock);
  const runner = createPollRunner({
    sources,
    store,
    clock: systemClock,
    log,
    firstRunLookbackMs: config.poll.firstRunLookbackHours * 3600_000,
    overlapMs: config.poll.overlapMinutes * 60_000,
    cycleDeadlineMs: config.poll.cycleDeadlineSeconds * 1000,
    maxPagesPerWindow: config.poll.maxPagesPerWindow,
    onSaved: discord ? undefined : (saved) => printUnmatched(saved, consoleOptions),
    signal: controller.signal,
    onSourceDone: (summary) => {
      if (controller.signal.aborted) return;
      const { source, counts, requests, errors } = summary;
      log.info({ source, ...counts, requests, errors }, formatSummary(summary));
      // The alerts this source queued go out on their own time: a slow Discord never delays a poll. The
      // radar then reads what it stored (contracts, buyers, re-procurement links) and queues its
      // announcements, and the outbox is kicked again for them; its run never delays the next poll either.
      delivery.kick();
      void runRadar().then(kickUnlessStopping);
    },
  });
  // Each source runs on its own (createPollRunner): the tick only starts them, so one source's wait never
  // makes the schedule skip another's next cycle.
  const poll = () => {
    if (databaseLost()) return Promise.resolve();
    matcher.refresh();
    const cycle = runner.tick({ match: matcher.match, afterSave });
    void activities
      .run('poll cycle', async () => {
        await cycle;
        if (controller.signal.aborted) return;
        counters.pollCycles++;
      })
      .catch((err: unknown) =>
        log.error({ err: err instanceof Error ? err.message : String(err) }, 'Poll failed'),
      );
    return Promise.resolve();
  };

  const rechecks = createSqliteRecheckStore(db);
  const recheck = () =>
    activities.run('reading open notices again', async () => {
      const { run, stop } = startSourceRun({
        clock: systemClock,
        signal: controller.signal,
        cycleDeadlineMs: config.poll.cycleDeadlineSeconds * 1000,
      });
      const result = await runRecheck({
        sources,
        store,
        rechecks,
        clock: systemClock,
        log,
        match: matcher.match,
        afterSave,
        everyMs: config.poll.recheckHours * 3600_000,
        limit: config.poll.recheckLimit,
        run,
      }).finally(stop);
      if (result.checked + result.failed > 0) log.info({ ...result }, 'Open notices read again');
      if (result.updated > 0) await runRadar().then(kickUnlessStopping);
    });

  schedules.push(startSchedule(config.poll.cron, config.poll.timezone, poll, log));
  schedules.push(startSchedule(`17 */${config.poll.recheckHours} * * *`, config.poll.timezone, recheck, log));
  schedules.push(
    startSchedule(
      `*/${config.discord.sendIntervalSeconds} * * * * *`,
      'Europe/London',
      () => Promise.resolve(delivery.kick()),
      log,
    ),
  );
  if (discord)
    schedules.push(
      startSchedule(
        '0 * * * *',
        'Europe/London',
        async () => {
          await delivery.digests('daily', config.discord.digestHour);
          await delivery.digests('weekly', config.discord.digestHour);
          queueBidderDigests(
            { bidders, notices: queries, clock: systemClock, comingUp: radar.comingUp },
            config.discord.digestHour + 1,
          );
          radar.queueReminders();
        },
        log,
      ),
    );
  const years = config.retention.releaseHistoryYears;
  const pruning =
    years === null
      ? null
      : startSchedule(
          '17 4 * * *',
          config.poll.timezone,
          () => activities.run('pruning old history', () => pruneHistory(db, years, log)),
          log,
        );
  if (pruning) schedules.push(pruning);

  if (config.health.port !== null) {
    const facts = metricsFacts({
      config,
      ops,
      sources: sourceIds,
      startedAt,
      pollIntervalMs: cronIntervalMs(config.poll.cron, config.poll.timezone),
      counters,
    });
    const server = await startHealthServer(config.health.host, config.health.port, facts).catch(
      (err: unknown) => {
        throw new ConfigError([healthPortProblem(config.health.host, config.health.port ?? 0, err)]);
      },
    );
    closers.unshift({ name: 'health port', close: () => server.close() });
    log.info({ url: server.url }, 'Health check at /healthz, metrics at /metrics');
  }

  if (config.discord.token && config.discord.gateway) {
    const ctx: CommandContext = {
      subscriptions,
      watchlists,
      notices: queries,
      status: queries,
      feedback: queries,
      corrections,
      bidders,
      radar: radar.queries,
      areas: matcher.areas,
      digestHour: config.discord.digestHour,
      sourceLabel: labels,
      clock: systemClock,
      log,
      botDelivery: true,
      alertChannels: ops,
      fetchText: fetchAttachment(controller.signal),
    };
    const bot = startBot(config.discord.token, ctx, log, controller.signal, () => {
      console.error(TOKEN_REFUSED);
      shutdown('token refused', 1);
    });
    closers.unshift({ name: 'Discord gateway', close: () => bot.client.destroy() });
  }
  if (stopping) return;

  log.info(
    {
      cron: config.poll.cron,
      sources: sourceIds,
      database: config.databasePath,
      discord: Boolean(config.discord.token),
      webhooks,
      config: settings.files,
    },
    'Tender Nudge worker started',
  );
  void schedules[0]?.runNow();
  void pruning?.runNow();
  delivery.kick();
}

main().catch((err: unknown) => {
  // A ConfigError's message lists every problem; other errors are shown by their message, never a stack.
  console.error(err instanceof Error ? err.message : err);
  process.exit(1);
});

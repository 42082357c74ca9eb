import { systemClock } from './shared/clock.js';
import axios from 'axios';
import { Events } from 'discord.js';
import { recipientsFor } from './alerts/route.js';
import {
  createAreaMatcher,
  createSources,
  openConfiguredDb,
  printSaved,
  sourceLabels,
  startCommand,
  syncConfigWebhooks,
} from './app.js';
import { formatSummary } from './cli/summary.js';
import { ConfigError } from './config.js';
import { healthPortProblem } from './config/config-text.js';
import { createGatewayClient, createRest, createRestTransport } from './discord/client.js';
import type { CommandContext } from './discord/commands/context.js';
import { handleAutocomplete, handleButton, handleCommand } from './discord/dispatcher.js';
import { guideBlocks, queueBidderDigests, sendDirectMessages } from './discord/dm-sender.js';
import { textMessages } from './discord/messages.js';
import { drainOutbox, sendDigests } from './discord/sender.js';
import type { OutboxItem } from './alerts/delivery.js';
import { startHealthServer } from './ops/health-server.js';
import { createActivities, shutdownWorker, type ShutdownDeps } from './ops/lifecycle.js';
import { emptyCounters } from './ops/metrics.js';
import { metricsFacts, pruneHistory, sendOpsAlerts, trackSource } from './operations.js';
import { runPollCycle } from './pipeline/poll-cycle.js';
import type { SavedNotice } from './pipeline/ports.js';
import { runRecheck } from './pipeline/recheck.js';
import { createBidderHook } from './pipeline/bidders.js';
import { cronIntervalMs, startSchedule, type Schedule } from './schedule/cron.js';
import { createSqliteBidderStore } from './store/bidder-store.js';
import { createSqliteCorrectionStore } from './store/correction-store.js';
import {
  createSqliteOutboxStore,
  createSqliteSubscriptionStore,
  createSqliteWatchlistStore,
} from './store/delivery-store.js';
import { createSqliteNoticeStore } from './store/notice-store.js';
import { createSqliteOpsStore } from './store/ops-store.js';
import { createSqliteQueries } from './store/query-store.js';
import { createSqliteRecheckStore } from './store/recheck-store.js';

/**
 * Composition root: config → database → stores → sources → matcher → schedules (poll, send, digests,
 * pruning) → health port → Discord. SIGINT/SIGTERM stop the schedules, abort the requests in flight, let the
 * work in flight finish (within the 5 s budget), close Discord, the health port and the database.
 */
async function main(): Promise<void> {
  const startedAt = Date.now();
  const { settings, config, log } = startCommand();
  const controller = new AbortController();
  const activities = createActivities();
  const schedules: Schedule[] = [];
  const closers: ShutdownDeps['closers'] = [];
  // Signals are handled from here on: a SIGTERM during start-up (a Discord login that never answers) still
  // stops the worker within the budget.
  let stopping = false;
  const shutdown = (signal: string) => {
    if (stopping) {
      log.warn({ signal }, 'Second signal: exiting now');
      process.exit(1);
    }
    stopping = true;
    // The last resort, should anything hang past the budget.
    setTimeout(() => process.exit(1), 4_900).unref();
    const stopScheduling = () => schedules.forEach((s) => void s.stop());
    void shutdownWorker({ log, controller, stopScheduling, activities, closers }, signal).then((outcome) =>
      process.exit(outcome === 'clean' ? 0 : 1),
    );
  };
  process.on('SIGINT', () => shutdown('SIGINT'));
  process.on('SIGTERM', () => shutdown('SIGTERM'));

  const db = openConfiguredDb(config);
  const store = createSqliteNoticeStore(db);
  const subscriptions = createSqliteSubscriptionStore(db);
  const watchlists = createSqliteWatchlistStore(db);
  const outbox = createSqliteOutboxStore(db, subscriptions);
  const queries = createSqliteQueries(db);
  const bidders = createSqliteBidderStore(db, queries);
  const ops = createSqliteOpsStore(db);
  const corrections = createSqliteCorrectionStore(db, queries);
  const matcher = createAreaMatcher(settings.rules, watchlists);
  const labels = sourceLabels(config);
  const consoleOptions = { areaLabel: matcher.labelOf, sourceLabel: labels, all: config.console.allNotices };
  const sources = createSources(config, systemClock, log, undefined, controller.signal).map((s) =>
    trackSource(s, activities),
  );
  const sourceIds = sources.map((s) => s.id);
  const webhooks = syncConfigWebhooks(
    config,
    subscriptions,
    matcher.areas.map((a) => a.id),
  );
  const discordDelivery = Boolean(config.discord.token) || webhooks > 0;
  if (!discordDelivery) log.info({}, 'No Discord configured: new and updated notices are printed here');
  const counters = emptyCounters();

  const rest = createRest(config.discord.token, {
    ...(config.discord.apiBase ? { api: config.discord.apiBase } : {}),
    signal: controller.signal,
  });
  const transport = createRestTransport(rest);
  const guideAfter = (item: OutboxItem) => {
    if (item.kind !== 'new' || (item.notice.stage !== 'tender' && item.notice.stage !== 'planning'))
      return null;
    if (bidders.nudges('channel', `${item.subscription.guildId}:${item.subscription.channelId}`) !== true)
      return null;
    const view = queries.byKey(item.notice.source, item.notice.ocid);
    return view
      ? textMessages(guideBlocks({ bidders, clock: systemClock }, view, null), {
          kind: item.subscription.target.kind === 'webhook' ? 'webhook' : 'channel',
        })
      : null;
  };
  const senderDeps = {
    outbox,
    subscriptions,
    transport,
    clock: systemClock,
    log,
    areaLabel: matcher.labelOf,
    sourceLabel: labels,
    guideAfter,
  };
  const dmDeps = { bidders, notices: queries, transport, clock: systemClock, log };
  // Alerts channels are Discord channels the bot posts in: they need the bot's token.
  const tellCoordinators = async () => {
    if (!config.discord.token || stopping) return;
    const opsDeps = { ops, transport, sources: sourceIds, counters, log };
    await sendOpsAlerts({ ...opsDeps, feedFailureHours: config.alerts.feedFailureHours });
  };
  const send = () =>
    activities.run('sending alerts to Discord', async () => {
      const summary = await drainOutbox(senderDeps);
      for (const key of ['sent', 'retried', 'failed', 'capped'] as const)
        counters.deliveries[key] += summary[key];
      if (summary.sent + summary.failed + summary.retried + summary.capped > 0)
        log.info({ ...summary }, 'Alerts delivered');
      if (config.discord.token && !stopping) {
        const dms = await sendDirectMessages(dmDeps);
        if (dms.sent + dms.failed > 0) log.info({ ...dms }, 'Direct messages delivered');
      }
      await tellCoordinators();
    });

  const routeTo = (subs: ReturnType<typeof subscriptions.list>) => (saved: SavedNotice) =>
    saved.match && (saved.outcome === 'new' || saved.outcome === 'updated')
      ? recipientsFor(saved.notice, saved.outcome, saved.match, subs, systemClock.now())
      : [];
  const afterSave = createBidderHook(bidders, systemClock);
  const poll = () =>
    activities.run('poll cycle', async () => {
      matcher.refresh();
      const summaries = await runPollCycle({
        sources,
        store,
        clock: systemClock,
        log,
        match: matcher.match,
        route: routeTo(subscriptions.list()),
        afterSave,
        firstRunLookbackMs: config.poll.firstRunLookbackHours * 3600_000,
        overlapMs: config.poll.overlapMinutes * 60_000,
        onSaved: discordDelivery ? undefined : (saved) => printSaved(saved, consoleOptions),
        signal: controller.signal,
      });
      if (controller.signal.aborted) return;
      counters.pollCycles++;
      for (const summary of summaries)
        log.info(
          { source: summary.source, ...summary.counts, requests: summary.requests, errors: summary.errors },
          formatSummary(summary),
        );
      if (discordDelivery) await send();
      else await tellCoordinators();
    });

  const rechecks = createSqliteRecheckStore(db);
  const recheck = () =>
    activities.run('reading open notices again', async () => {
      const result = await runRecheck({
        sources,
        store,
        rechecks,
        clock: systemClock,
        log,
        match: matcher.match,
        route: routeTo(subscriptions.list()),
        afterSave,
        everyMs: config.poll.recheckHours * 3600_000,
        limit: config.poll.recheckLimit,
      });
      if (result.checked + result.failed > 0) log.info({ ...result }, 'Open notices read again');
      if (discordDelivery && result.updated > 0) await send();
    });

  schedules.push(startSchedule(config.poll.cron, config.poll.timezone, poll, log));
  schedules.push(startSchedule(`17 */${config.poll.recheckHours} * * *`, config.poll.timezone, recheck, log));
  if (discordDelivery) {
    schedules.push(
      startSchedule(`*/${config.discord.sendIntervalSeconds} * * * * *`, 'Europe/London', send, log),
    );
    schedules.push(
      startSchedule(
        '0 * * * *',
        'Europe/London',
        () =>
          activities.run('sending digests', async () => {
            await sendDigests(senderDeps, 'daily', config.discord.digestHour);
            await sendDigests(senderDeps, 'weekly', config.discord.digestHour);
            queueBidderDigests(dmDeps, config.discord.digestHour + 1);
          }),
        log,
      ),
    );
  }
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
    closers.push({ name: 'health port', close: () => server.close() });
    log.info({ url: server.url }, 'Health check at /healthz, metrics at /metrics');
  }

  const client = config.discord.token && config.discord.gateway ? createGatewayClient() : null;
  if (client) closers.push({ name: 'Discord gateway', close: () => client.destroy() });
  closers.push({ name: 'database', close: () => void db.close() });
  if (client && config.discord.token) {
    const ctx: CommandContext = {
      subscriptions,
      watchlists,
      notices: queries,
      status: queries,
      feedback: queries,
      corrections,
      bidders,
      areas: matcher.areas,
      digestHour: config.discord.digestHour,
      sourceLabel: labels,
      clock: systemClock,
      log,
      botDelivery: true,
      alertChannels: ops,
      fetchText: async (url) =>
        String(
          (
            await axios.get<string>(url, {
              responseType: 'text',
              timeout: 15_000,
              maxContentLength: 200_000,
              signal: controller.signal,
            })
          ).data,
        ),
    };
    client.on(Events.InteractionCreate, (interaction) => {
      if (interaction.isChatInputCommand()) void handleCommand(interaction, ctx);
      else if (interaction.isAutocomplete()) void handleAutocomplete(interaction, ctx);
      else if (interaction.isButton()) void handleButton(interaction, ctx);
    });
    client.once(Events.ClientReady, (ready) =>
      log.info({ user: ready.user.tag, guilds: ready.guilds.cache.size }, 'Connected to Discord'),
    );
    client.on(Events.Error, (err) => log.error({ err: err.message }, 'Discord client error'));
    try {
      await activities.run('connecting to Discord', () => client.login(config.discord.token ?? ''));
    } catch (err) {
      if (stopping) return;
      throw err;
    }
  }
  if (stopping) return;

  log.info(
    {
      cron: config.poll.cron,
      sources: sourceIds,
      database: config.databasePath,
      discord: Boolean(client),
      webhooks,
      config: settings.files,
    },
    'Tender Nudge worker started',
  );
  void schedules[0]?.runNow();
  void pruning?.runNow();
}

main().catch((err: unknown) => {
  // A ConfigError's message lists every problem; other errors are shown by their message, never a stack.
  console.error(err instanceof Error ? err.message : err);
  process.exit(1);
});

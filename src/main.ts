import { systemClock } from './shared/clock.js';
import { existsSync } from 'node:fs';
import axios from 'axios';
import { Events } from 'discord.js';
import { recipientsFor } from './alerts/route.js';
import { createAreaMatcher, createSources, printSaved, sourceLabels, syncConfigWebhooks } from './app.js';
import { formatSummary } from './cli/summary.js';
import { loadConfig } from './config.js';
import { createGatewayClient, createRest, createRestTransport } from './discord/client.js';
import type { CommandContext } from './discord/commands/context.js';
import { handleAutocomplete, handleButton, handleCommand } from './discord/dispatcher.js';
import { guideMessages, queueBidderDigests, sendDirectMessages } from './discord/dm-sender.js';
import { drainOutbox, sendDigests } from './discord/sender.js';
import type { OutboxItem } from './alerts/delivery.js';
import type { StoredNoticeView } from './alerts/stored-notice.js';
import { createLogger } from './log.js';
import { runPollCycle } from './pipeline/poll-cycle.js';
import type { SavedNotice } from './pipeline/ports.js';
import { runRecheck } from './pipeline/recheck.js';
import { createBidderHook } from './pipeline/bidders.js';
import type { Logger } from './shared/logger.js';
import { startSchedule, type Schedule } from './schedule/cron.js';
import { openDb } from './store/db.js';
import { createSqliteBidderStore } from './store/bidder-store.js';
import {
  createSqliteOutboxStore,
  createSqliteSubscriptionStore,
  createSqliteWatchlistStore,
} from './store/delivery-store.js';
import { createSqliteNoticeStore } from './store/notice-store.js';
import { createSqliteRecheckStore } from './store/recheck-store.js';
import { createSqliteQueries } from './store/query-store.js';
import { createRadar } from './radar-wiring.js';

/**
 * Composition root: config → database → stores → sources → matcher → schedules (poll, send, digests) →
 * Discord. SIGINT/SIGTERM stop the schedules, let the cycle in flight finish, close Discord, then the
 * database.
 */
async function main(): Promise<void> {
  if (existsSync('.env')) process.loadEnvFile('.env');
  const config = loadConfig();
  const log: Logger = createLogger(config.logLevel);
  const db = openDb(config.databasePath);
  const store = createSqliteNoticeStore(db);
  const subscriptions = createSqliteSubscriptionStore(db);
  const watchlists = createSqliteWatchlistStore(db);
  const outbox = createSqliteOutboxStore(db, subscriptions);
  const queries = createSqliteQueries(db);
  const bidders = createSqliteBidderStore(db, queries);
  const matcher = createAreaMatcher(undefined, watchlists);
  const labels = sourceLabels(config);
  const consoleOptions = { areaLabel: matcher.labelOf, sourceLabel: labels, all: config.console.allNotices };
  const sources = createSources(config, systemClock, log);
  const webhooks = syncConfigWebhooks(
    config,
    subscriptions,
    matcher.areas.map((a) => a.id),
  );
  const discordDelivery = Boolean(config.discord.token) || webhooks > 0;
  if (!discordDelivery) log.info({}, 'No Discord configured: new and updated notices are printed here');

  const rest = createRest(
    config.discord.token,
    config.discord.apiBase ? { api: config.discord.apiBase } : {},
  );
  const transport = createRestTransport(rest);
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
  const incumbentOf = (view: StoredNoticeView) => radar.queries.incumbentOf(view);
  const guideAfter = (item: OutboxItem) => {
    if (item.kind !== 'new' || (item.notice.stage !== 'tender' && item.notice.stage !== 'planning'))
      return null;
    if (bidders.nudges('channel', `${item.subscription.guildId}:${item.subscription.channelId}`) !== true)
      return null;
    const view = queries.byKey(item.notice.source, item.notice.ocid);
    return view ? guideMessages({ bidders, clock: systemClock, incumbentOf }, view, null) : null;
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
    radarMessage: (item: OutboxItem) => radar.radarMessage(item),
    alertNote: (item: OutboxItem) => radar.alertNote(item),
  };
  const dmDeps = {
    bidders,
    notices: queries,
    transport,
    clock: systemClock,
    log,
    incumbentOf,
    comingUp: radar.comingUp,
  };
  const send = async () => {
    const summary = await drainOutbox(senderDeps);
    if (summary.sent + summary.failed + summary.retried + summary.capped > 0)
      log.info({ ...summary }, 'Alerts delivered');
    if (config.discord.token) {
      const dms = await sendDirectMessages(dmDeps);
      if (dms.sent + dms.failed > 0) log.info({ ...dms }, 'Direct messages delivered');
    }
  };

  const routeTo = (subs: ReturnType<typeof subscriptions.list>) => (saved: SavedNotice) =>
    saved.match && (saved.outcome === 'new' || saved.outcome === 'updated')
      ? recipientsFor(saved.notice, saved.outcome, saved.match, subs, systemClock.now())
      : [];
  const afterSave = createBidderHook(bidders, systemClock);
  const poll = async () => {
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
    });
    for (const summary of summaries)
      log.info(
        { source: summary.source, ...summary.counts, requests: summary.requests, errors: summary.errors },
        formatSummary(summary),
      );
    // The radar reads what this cycle stored; a failure there never stops alerts from being sent.
    await radar.run().catch((err: unknown) => log.error({ err: String(err) }, 'Radar run failed'));
    if (discordDelivery) await send();
  };

  const rechecks = createSqliteRecheckStore(db);
  const recheck = async () => {
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
  };

  const schedules: Schedule[] = [
    startSchedule(config.poll.cron, config.poll.timezone, poll, log),
    startSchedule(`17 */${config.poll.recheckHours} * * *`, config.poll.timezone, recheck, log),
  ];
  if (discordDelivery) {
    schedules.push(
      startSchedule(`*/${config.discord.sendIntervalSeconds} * * * * *`, 'Europe/London', send, log),
    );
    schedules.push(
      startSchedule(
        '0 * * * *',
        'Europe/London',
        async () => {
          await sendDigests(senderDeps, 'daily', config.discord.digestHour);
          await sendDigests(senderDeps, 'weekly', config.discord.digestHour);
          queueBidderDigests(dmDeps, config.discord.digestHour + 1);
          radar.queueReminders();
        },
        log,
      ),
    );
  }

  const client = config.discord.token && config.discord.gateway ? createGatewayClient() : null;
  if (client && config.discord.token) {
    const ctx: CommandContext = {
      subscriptions,
      watchlists,
      notices: queries,
      status: queries,
      feedback: queries,
      bidders,
      radar: radar.queries,
      areas: matcher.areas,
      digestHour: config.discord.digestHour,
      sourceLabel: labels,
      clock: systemClock,
      log,
      botDelivery: true,
      fetchText: async (url) =>
        String(
          (await axios.get<string>(url, { responseType: 'text', timeout: 15_000, maxContentLength: 200_000 }))
            .data,
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
    await client.login(config.discord.token);
  }

  log.info(
    {
      cron: config.poll.cron,
      sources: sources.map((s) => s.id),
      database: config.databasePath,
      discord: Boolean(client),
      webhooks,
    },
    'Tender Nudge worker started',
  );
  void schedules[0]?.runNow();

  let stopping = false;
  const shutdown = async (signal: string) => {
    if (stopping) return;
    stopping = true;
    log.info({ signal }, 'Shutting down after the work in flight');
    await Promise.all(schedules.map((s) => s.stop()));
    await client?.destroy();
    db.close();
    process.exit(0);
  };
  process.on('SIGINT', () => void shutdown('SIGINT'));
  process.on('SIGTERM', () => void shutdown('SIGTERM'));
}

main().catch((err: unknown) => {
  // A ConfigError's message lists every problem; other errors are shown by their message, never a stack.
  console.error(err instanceof Error ? err.message : err);
  process.exit(1);
});

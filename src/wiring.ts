import { hostname } from 'node:os';
import type { OutboxItem } from './alerts/delivery.js';
import type { StoredNoticeView } from './alerts/stored-notice.js';
import { createConsoleSink } from './console-sink.js';
import type { Config } from './config.js';
import {
  createRest,
  createRestLookup,
  createRestTransport,
  SEND_SPACING_MS,
  type MessageTransport,
  type PostLookup,
} from './discord/client.js';
import { guideBlocks, sendDirectMessages } from './discord/dm-sender.js';
import { textMessages } from './discord/messages.js';
import { createDiscordSink } from './discord/sinks.js';
import { createDelivery, type Delivery, type DrainSummary } from './pipeline/delivery.js';
import type { AlertSink } from './pipeline/delivery-ports.js';
import type { Clock } from './shared/clock.js';
import type { Logger } from './shared/logger.js';
import { createRadar, type Radar } from './radar-wiring.js';
import type { SqliteBidderStore } from './store/bidder-store.js';
import type { Db } from './store/db.js';
import { createSqliteSubscriptionStore } from './store/delivery-store.js';
import {
  createSqliteDeliverySwitch,
  createSqliteOutboxStore,
  type SqliteOutboxStore,
} from './store/outbox-store.js';
import type { createSqliteQueries } from './store/query-store.js';

// How delivery is put together, the same way for the worker, `npm run poll` and the demo: the outbox, the
// switch, the sinks for the bot, webhooks and the console, and the delivery cycle that drains through them.

/** Who this process is, as its leases and the instance lock name it. */
export const processHolder = () => `${hostname()}:${process.pid}`;

/** Discord waits longer than this (a global rate limit) are sat out by the cycle, not inside a request. */
const LONGEST_IN_REQUEST_WAIT_MS = 30_000;

export interface DeliveryWiring {
  config: Config;
  db: Db;
  clock: Clock;
  log: Logger;
  bidders: SqliteBidderStore;
  queries: ReturnType<typeof createSqliteQueries>;
  areaLabel: (rule: string) => string;
  sourceLabel: (id: string) => string;
  /** Instead of Discord's REST API (the demo prints what it would post). */
  transport?: MessageTransport;
  lookup?: PostLookup | null;
  /** Where the console sink prints (stdout by default). */
  print?: (line: string) => void;
  signal?: AbortSignal;
  track?: <T>(what: string, work: () => Promise<T>) => Promise<T>;
  onDrained?: (summary: DrainSummary) => void;
  /** Who holds this process's claims (default host:pid). */
  holder?: string;
  /**
   * The radar (its hooks: what a radar row announces, the "may be the re-procurement of" sentence on new
   * alerts, who holds the contract a guide's notice re-procures); made here over the same database when not
   * given, so every path that drains the outbox can send radar rows.
   */
  radar?: Radar;
}

export interface WorkerDelivery {
  delivery: Delivery;
  radar: Radar;
  outbox: SqliteOutboxStore;
  transport: MessageTransport;
  /** Whether this process can post to Discord with the bot (a token is set). */
  bot: boolean;
}

export function createWorkerDelivery(w: DeliveryWiring): WorkerDelivery {
  const subscriptions = createSqliteSubscriptionStore(w.db, () => w.clock.now());
  const outbox = createSqliteOutboxStore(w.db, subscriptions);
  const token = w.config.discord.token;
  // Delivery makes its own retries (after looking for the post), so the REST client makes none: a resend
  // inside the client could double a forum or webhook post.
  const rest = createRest(token, {
    ...(w.config.discord.apiBase ? { api: w.config.discord.apiBase } : {}),
    retries: 0,
    longestWaitMs: LONGEST_IN_REQUEST_WAIT_MS,
    signal: w.signal,
  });
  const transport = w.transport ?? createRestTransport(rest);
  const lookup = w.lookup === undefined ? createRestLookup(rest) : w.lookup;
  const radar =
    w.radar ??
    createRadar({
      db: w.db,
      subscriptions,
      notices: w.queries,
      dms: w.bidders,
      clock: w.clock,
      log: w.log,
      leadMonths: w.config.radar.leadMonths,
      dailyLimit: w.config.radar.dailyLimit,
      areaLabel: w.areaLabel,
    });
  const incumbentOf = (view: StoredNoticeView) => radar.queries.incumbentOf(view);
  const guideAfter = (item: OutboxItem) => {
    const { notice, subscription } = item;
    if (item.kind !== 'new' || (notice.stage !== 'tender' && notice.stage !== 'planning')) return null;
    if (w.bidders.nudges('channel', `${subscription.guildId}:${subscription.channelId}`) !== true)
      return null;
    const view = w.queries.byKey(notice.source, notice.ocid);
    const kind = subscription.target.kind === 'webhook' ? 'webhook' : 'channel';
    return view
      ? textMessages(guideBlocks({ bidders: w.bidders, clock: w.clock, incumbentOf }, view, null), { kind })
      : null;
  };
  const common = {
    transport,
    lookup,
    areaLabel: w.areaLabel,
    sourceLabel: w.sourceLabel,
    log: w.log,
    guideAfter,
    radarInput: radar.radarInput,
    alertNote: radar.alertNote,
  };
  const sinks: Record<'bot' | 'webhook' | 'console', AlertSink> = {
    bot: createDiscordSink(common, 'bot'),
    webhook: createDiscordSink(common, 'webhook'),
    console: createConsoleSink(w.print ?? ((line) => console.log(line)), w),
  };
  const dmDeps = {
    bidders: w.bidders,
    notices: w.queries,
    transport,
    clock: w.clock,
    log: w.log,
    incumbentOf,
  };
  const delivery = createDelivery({
    outbox,
    subscriptions,
    switch: createSqliteDeliverySwitch(w.db, () => w.clock.now()),
    sinkFor: (sub) => {
      if (sub.target.kind === 'webhook') return sinks.webhook;
      if (sub.target.kind === 'console') return sinks.console;
      return token || w.transport ? sinks.bot : null;
    },
    clock: w.clock,
    log: w.log,
    holder: w.holder ?? processHolder(),
    sendSpacingMs: SEND_SPACING_MS,
    track: w.track,
    onDrained: w.onDrained,
    afterDrain: async () => {
      if (!token && !w.transport) return;
      const dms = await sendDirectMessages(dmDeps);
      if (dms.sent + dms.failed > 0) w.log.info({ ...dms }, 'Direct messages delivered');
    },
  });
  return { delivery, radar, outbox, transport, bot: Boolean(token) };
}

/** Whether a drain did anything worth a log line. */
export const deliveredAnything = (s: DrainSummary) => s.sent + s.failed + s.retried + s.capped + s.found > 0;

import { sourceLabel } from '../../src/sources/registry.js';
import type { NewSubscription } from '../../src/alerts/subscription.js';
import { createRest, createRestTransport } from '../../src/discord/client.js';
import type { Notice } from '../../src/notices/notice.js';
import type { SavedNotice } from '../../src/pipeline/ports.js';
import { openDb } from '../../src/store/db.js';
import { createSqliteSubscriptionStore, createSqliteWatchlistStore } from '../../src/store/delivery-store.js';
import { createSqliteBidderStore } from '../../src/store/bidder-store.js';
import { createSqliteQueries } from '../../src/store/query-store.js';
import { loadConfig } from '../../src/config.js';
import { createWorkerDelivery, type DeliveryWiring } from '../../src/wiring.js';
import { createSqliteNoticeStore } from '../../src/store/notice-store.js';
import { createFakeClock } from './clock.js';
import { createCapturingLogger } from './log.js';
import { realMatch } from './matcher.js';

export const DISCORD = 'https://discord.com';
export const API = '/api/v10';

/** A subscription body with sensible defaults: all areas, opportunities and updates, instant. */
export function subscriptionBody(overrides: Partial<NewSubscription> = {}): NewSubscription {
  return {
    guildId: '111111111111111111',
    channelId: '222222222222222222',
    target: { kind: 'channel', channelId: '222222222222222222' },
    areas: [
      'advocacy',
      'direct-payments-payroll',
      'brokerage-support-planning',
      'information-advice',
      'equality-training',
      'peer-support',
      'user-voice',
    ],
    watchlists: [],
    regions: [],
    minValue: null,
    maxValue: null,
    reservedOnly: false,
    stages: ['opportunities', 'early', 'updates'],
    mode: 'instant',
    timezone: 'Europe/London',
    dailyCap: 20,
    ...overrides,
  };
}

/** A real in-memory database with every store, a fake clock, a capturing logger and the real REST client. */
export function deliveryWorld(start = Date.parse('2026-09-03T09:00:00Z'), path = ':memory:') {
  const db = openDb(path);
  const clock = createFakeClock(start);
  const log = createCapturingLogger();
  const notices = createSqliteNoticeStore(db, clock.now);
  const subscriptions = createSqliteSubscriptionStore(db, clock.now);
  const watchlists = createSqliteWatchlistStore(db, clock.now);
  const queries = createSqliteQueries(db, clock.now);
  const bidders = createSqliteBidderStore(db, queries, clock.now);
  const rest = createRest('test-token-not-real', { retries: 1, timeoutMs: 2_000 });
  const transport = createRestTransport(rest);
  /** Saves notices as the poll cycle would (matched, planned for the subscriptions, not a baseline). */
  const ingest = (list: Notice[]): SavedNotice[] =>
    notices.savePage(list[0]?.source ?? 'fts', list, { baseline: false, match: realMatch });
  const config = loadConfig({ DISCORD_TOKEN: 'test-token-not-real', DATABASE_PATH: ':memory:' });
  /** The worker's delivery, as main.ts wires it, sending to Discord's real API address (nock answers). */
  const makeDelivery = (overrides: Partial<DeliveryWiring> = {}) =>
    createWorkerDelivery({
      config,
      db,
      clock,
      log,
      bidders,
      queries,
      areaLabel: (id: string) => id,
      sourceLabel: sourceLabel(),
      ...overrides,
    });
  const { delivery, outbox } = makeDelivery();
  return {
    db,
    clock,
    log,
    notices,
    subscriptions,
    watchlists,
    queries,
    bidders,
    outbox,
    rest,
    transport,
    ingest,
    delivery,
    makeDelivery,
  };
}

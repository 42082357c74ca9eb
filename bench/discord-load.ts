import { sourceLabel } from '../src/sources/registry.js';
import { systemClock } from '../src/shared/clock.js';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import { createAreaMatcher } from '../src/app.js';
import { createRest, createRestLookup, createRestTransport, SEND_SPACING_MS } from '../src/discord/client.js';
import { createDiscordSink } from '../src/discord/sinks.js';
import { createDelivery } from '../src/pipeline/delivery.js';
import type { Notice } from '../src/notices/notice.js';
import { openDb } from '../src/store/db.js';
import { createSqliteSubscriptionStore } from '../src/store/delivery-store.js';
import { createSqliteDeliverySwitch, createSqliteOutboxStore } from '../src/store/outbox-store.js';
import { createSqliteNoticeStore } from '../src/store/notice-store.js';
import { startDiscordMock } from './discord-mock.js';

export interface FanOutFigures {
  messages: number;
  seconds: number;
  rate: number;
  fractionOfAllowed: number;
  rateLimited: number;
  created: number;
  /** The same messages' count as the mock made them: exactly once means created === messages. */
  duplicates: number;
  latencyMs: number;
}

const silent = { debug: () => {}, info: () => {}, warn: () => {}, error: () => {} };

/** An advocacy tender (it matches the advocacy area), number i. */
export function notice(i: number): Notice {
  return {
    source: 'fts',
    ocid: `ocds-h6vhtk-load${i}`,
    releaseId: `9${String(i).padStart(5, '0')}-2026`,
    noticeType: 'UK4',
    tags: ['tender'],
    stage: 'tender',
    status: 'active',
    title: `Independent Advocacy Service, area ${i}`,
    description: 'Care Act advocacy, IMCA and IMHA.',
    lots: [],
    cpv: ['85312300'],
    value: { amount: 200_000, amountGross: 240_000, min: null, currency: 'GBP' },
    dates: {
      published: '2026-09-01T09:00:00Z',
      // A month ahead of whenever the bench runs: a tender whose deadline has passed is not announced.
      tenderDeadline: new Date(Date.now() + 30 * 86_400_000).toISOString(),
      expressionOfInterestDeadline: null,
      enquiryDeadline: null,
      awardExpected: null,
      contractStart: null,
      contractEnd: null,
      contractMaxExtent: null,
      engagementDeadline: null,
      expectedTender: null,
    },
    buyer: {
      id: null,
      name: 'Leeds City Council',
      type: 'publicAuthoritySubCentralGovernment',
      regionCode: 'UKE42',
      regionName: 'Yorkshire and the Humber',
      postcode: null,
      contact: null,
    },
    deliveryRegions: [],
    regime: 'PA2023',
    nation: 'England',
    aboveThreshold: true,
    specialRegime: [],
    suitability: { sme: null, vcse: null },
    reservedParticipation: [],
    reservedParticipationLocation: null,
    reservedExecution: false,
    procurementMethod: 'open',
    procurementMethodDetails: null,
    url: `https://www.find-tender.service.gov.uk/Notice/9${String(i).padStart(5, '0')}-2026`,
    portalUrl: null,
    awards: [],
    contracts: [],
    engagement: null,
    textCut: [],
    bidCount: null,
  };
}

/**
 * Fans `alerts` notices out to `channels` subscribed channels through the real sender and discord.js REST
 * client, against a mock that enforces Discord's documented limits (50 requests/s globally, per-channel
 * buckets with X-RateLimit-* headers, 429 with retry_after) and answers each post after `latencyMs`, as
 * Discord does not answer at once.
 */
export async function benchFanOut(
  alerts = 20,
  channels = 500,
  latencyMs = 50,
  channelsInFlight?: number,
): Promise<FanOutFigures> {
  const dir = mkdtempSync(join(tmpdir(), 'tn-fanout-'));
  const db = openDb(join(dir, 'db.sqlite'));
  const subscriptions = createSqliteSubscriptionStore(db);
  for (let c = 0; c < channels; c++) {
    const channelId = String(300000000000000000n + BigInt(c));
    subscriptions.upsert(
      {
        guildId: '100000000000000001',
        channelId,
        target: { kind: 'channel', channelId },
        areas: ['advocacy'],
        watchlists: [],
        regions: [],
        minValue: null,
        maxValue: null,
        reservedOnly: false,
        stages: ['opportunities'],
        mode: 'instant',
        timezone: 'Europe/London',
        dailyCap: 1000,
      },
      'bench',
    );
  }
  const matcher = createAreaMatcher();
  createSqliteNoticeStore(db).savePage(
    'fts',
    Array.from({ length: alerts }, (_, i) => notice(i)),
    { baseline: false, match: matcher.match },
  );
  const mock = await startDiscordMock(
    { globalPerSecond: 50, perChannel: 5, perChannelWindowMs: 5_000 },
    latencyMs,
  );
  // The worker's delivery cycle and bot sink, as main.ts wires them, against the mock.
  const rest = createRest('bench-token', { api: mock.url, retries: 0, longestWaitMs: 30_000 });
  const sink = createDiscordSink(
    {
      transport: createRestTransport(rest),
      lookup: createRestLookup(rest),
      areaLabel: matcher.labelOf,
      sourceLabel: sourceLabel(),
      log: silent,
    },
    'bot',
  );
  const delivery = createDelivery({
    outbox: createSqliteOutboxStore(db, subscriptions),
    subscriptions,
    switch: createSqliteDeliverySwitch(db),
    sinkFor: () => sink,
    clock: systemClock,
    log: silent,
    holder: 'bench',
    channelsInFlight,
    sendSpacingMs: SEND_SPACING_MS,
  });
  const start = performance.now();
  let sent = 0;
  for (;;) {
    const round = await delivery.drain(500);
    sent += round.sent;
    if (round.sent + round.retried + round.failed === 0) break;
  }
  const seconds = (performance.now() - start) / 1000;
  await mock.close();
  db.close();
  rmSync(dir, { recursive: true, force: true });
  return {
    messages: sent,
    seconds,
    rate: sent / seconds,
    fractionOfAllowed: sent / seconds / 50,
    rateLimited: mock.rateLimited,
    created: mock.created.length,
    duplicates: mock.created.length - new Set(mock.created.map((m) => `${m.channelId}:${m.nonce}`)).size,
    latencyMs,
  };
}

import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { startDiscordMock, type DiscordMock } from '../../bench/discord-mock.js';
import { loadConfig } from '../../src/config.js';
import { openDb } from '../../src/store/db.js';
import { createSqliteBidderStore } from '../../src/store/bidder-store.js';
import { createSqliteNoticeStore } from '../../src/store/notice-store.js';
import { createSqliteQueries } from '../../src/store/query-store.js';
import { createSqliteSubscriptionStore } from '../../src/store/delivery-store.js';
import { createWorkerDelivery } from '../../src/wiring.js';
import { buildNotice } from '../support/builders.js';
import { createFakeClock, type FakeClock } from '../support/clock.js';
import { subscriptionBody } from '../support/delivery.js';
import { createCapturingLogger } from '../support/log.js';
import { realMatch } from '../support/matcher.js';
import { assertWithinLimits } from '../support/limits.js';

const CHANNEL = '222222222222222222';
const FORUM = '333333333333333333';
const HOOK = '444444444444444444';
const NOTICES = 12;

let mock: DiscordMock | null = null;
afterEach(async () => {
  await mock?.close();
  mock = null;
});

/**
 * A database file with a channel, a forum and a webhook subscription, and `NOTICES` matched notices queued.
 */
function seeded(clock: FakeClock) {
  const path = join(mkdtempSync(join(tmpdir(), 'tn-once-')), 'db.sqlite');
  const db = openDb(path);
  const subs = createSqliteSubscriptionStore(db, clock.now);
  subs.upsert(subscriptionBody({ dailyCap: 1000 }), 'x');
  subs.upsert(
    subscriptionBody({
      channelId: FORUM,
      dailyCap: 1000,
      target: { kind: 'forum', channelId: FORUM, tags: [{ id: '9', name: 'advocacy' }] },
    }),
    'x',
  );
  subs.upsert(
    subscriptionBody({
      channelId: 'webhook-network',
      dailyCap: 1000,
      target: { kind: 'webhook', webhookId: HOOK, webhookToken: 'webhook-token-abcdefghijklmnop' },
    }),
    'x',
  );
  const notices = Array.from({ length: NOTICES }, (_, i) =>
    buildNotice({
      ocid: `ocds-h6vhtk-1000${String(i).padStart(2, '0')}`,
      releaseId: `1000${String(i).padStart(2, '0')}-2026`,
      title: `Independent Advocacy Service, lot ${i}`,
    }),
  );
  createSqliteNoticeStore(db, clock.now).savePage('fts', notices, { baseline: false, match: realMatch });
  return { path, db };
}

/** One process's delivery on its own connection to the database, as main.ts wires it. */
function worker(path: string, clock: FakeClock, url: string, holder: string) {
  const db = openDb(path);
  const queries = createSqliteQueries(db, clock.now);
  const config = loadConfig({
    DISCORD_TOKEN: 'test-token-not-real',
    DISCORD_API_BASE: url,
    DATABASE_PATH: path,
  });
  const log = createCapturingLogger();
  const { delivery } = createWorkerDelivery({
    config,
    db,
    clock,
    log,
    bidders: createSqliteBidderStore(db, queries, clock.now),
    queries,
    areaLabel: (id) => id,
    sourceLabel: () => 'Find a Tender',
    holder,
  });
  return { delivery, db, log };
}

/** Every post the stand-in made, by destination: each notice must appear exactly once in each. */
function postsByDestination(discord: DiscordMock) {
  const titles = (list: { title: string | null }[]) => list.map((m) => m.title).sort();
  return {
    channel: titles(discord.created.filter((m) => m.channelId === CHANNEL)),
    forum: discord.threads.map((t) => t.name).sort(),
    webhook: titles(discord.created.filter((m) => m.webhookId === HOOK)),
  };
}

const expected = Array.from({ length: NOTICES }, (_, i) => `Independent Advocacy Service, lot ${i}`).sort();

describe('overlapping drains never double a post', () => {
  it('a drain after a poll, the timer and a second process, against a Discord that answers in 150 ms', async () => {
    const clock = createFakeClock(Date.parse('2026-09-03T09:00:00Z'));
    const { path } = seeded(clock);
    mock = await startDiscordMock(null, 150, { now: clock.now });
    const a = worker(path, clock, mock.url, 'host-a:1');
    const b = worker(path, clock, mock.url, 'host-b:2');
    // The poll's kick and the send timer in process A, and process B's timer, all at once.
    a.delivery.kick();
    const results = await Promise.all([a.delivery.drain(), b.delivery.drain(), b.delivery.drain()]);
    await a.delivery.idle();
    const total = results.reduce((n, r) => n + r.sent, 0);
    expect(total).toBeLessThanOrEqual(NOTICES * 3);
    for (let round = 0; round < 3; round++) await Promise.all([a.delivery.drain(), b.delivery.drain()]);
    const posts = postsByDestination(mock);
    expect(posts.channel).toEqual(expected);
    expect(posts.forum).toEqual(expected);
    expect(posts.webhook).toEqual(expected.map((t) => t));
    for (const m of mock.created) assertWithinLimits(m.body);
  });

  it('answers lost after the post was made (30% of them), with nonces forgotten after two minutes: each notice once', async () => {
    const clock = createFakeClock(Date.parse('2026-09-03T09:00:00Z'));
    const { path, db } = seeded(clock);
    mock = await startDiscordMock(null, 5, { now: clock.now, dropAnswerRate: 0.3 });
    const a = worker(path, clock, mock.url, 'host-a:1');
    const waiting = db.prepare(`SELECT COUNT(*) FROM outbox WHERE status = 'pending'`).pluck();
    for (let round = 0; round < 40 && Number(waiting.get()) > 0; round++) {
      await a.delivery.drain();
      // Past the retry back-off, and past Discord's memory of nonces: only looking for the post can help.
      clock.advance(10 * 60_000);
    }
    expect(Number(waiting.get())).toBe(0);
    expect(mock.dropped).toBeGreaterThan(0);
    const posts = postsByDestination(mock);
    expect(posts.channel).toEqual(expected);
    expect(posts.forum).toEqual(expected);
    expect(posts.webhook).toEqual(expected);
    const found = Number(db.prepare(`SELECT COUNT(*) FROM outbox WHERE status = 'sent'`).pluck().get());
    expect(found).toBe(NOTICES * 3);
  });
});

import { afterEach, describe, expect, it } from 'vitest';
import { startDiscordMock, type DiscordMock } from '../../bench/discord-mock.js';
import { loadConfig } from '../../src/config.js';
import { latestSchemaVersion, openDb } from '../../src/store/db.js';
import { buildNotice } from '../support/builders.js';
import { subscriptionBody } from '../support/delivery.js';
import { assertWithinLimits } from '../support/limits.js';
import { dorsetAdvocacyAwardRaw, radarWorld, readNotice } from '../support/radar.js';
import { databaseAtVersion } from '../support/old-db.js';

// Radar rows are outbox rows like any alert: claimed under a lease, the attempt written before the call, the
// post looked for after an unknown outcome (channel, forum and webhook), outside the alert cap. And the
// migration that lets the outbox take them (011) keeps every row an older database holds.

const CHANNEL = '222222222222222222';
const FORUM = '333333333333333333';
const HOOK = '444444444444444444';
const AUG_2023 = Date.parse('2023-08-01T09:00:00Z');

let mock: DiscordMock | null = null;
afterEach(async () => {
  await mock?.close();
  mock = null;
});

/** Dorset's advocacy contract (test/support/radar.ts) and copies ending a month apart. */
function contracts(count: number) {
  return Array.from({ length: count }, (_, i) => {
    const raw = dorsetAdvocacyAwardRaw();
    raw.ocid = `${raw.ocid}-${i}`;
    raw.id = `${raw.id}-${i}`;
    raw.tender.title = `${raw.tender.title} ${i + 1}`;
    raw.awards[0].contractPeriod.endDate = new Date(Date.UTC(2024, 2 + i, 28, 22, 59, 59)).toISOString();
    return readNotice(raw);
  });
}

describe('radar announcements go through the delivery cycle like any alert', () => {
  it('answers lost after the post was made (half), nonces forgotten: each contract once per destination', async () => {
    const w = radarWorld(AUG_2023);
    w.subscriptions.upsert(subscriptionBody({ areas: ['advocacy'] }), 'x');
    w.subscriptions.upsert(
      subscriptionBody({
        channelId: FORUM,
        areas: ['advocacy'],
        target: { kind: 'forum', channelId: FORUM, tags: [{ id: '9', name: 'advocacy' }] },
      }),
      'x',
    );
    w.subscriptions.upsert(
      subscriptionBody({
        channelId: 'webhook-network',
        areas: ['advocacy'],
        target: { kind: 'webhook', webhookId: HOOK, webhookToken: 'webhook-token-abcdefghijklmnop' },
      }),
      'x',
    );
    w.ingest(contracts(4));
    expect((await w.radar.run()).queued).toBe(12);
    mock = await startDiscordMock(null, 5, { now: w.clock.now, dropAnswerRate: 0.5 });
    const config = loadConfig({
      DISCORD_TOKEN: 'test-token-not-real',
      DISCORD_API_BASE: mock.url,
      DATABASE_PATH: ':memory:',
    });
    const { delivery } = w.makeDelivery({ config });
    const waiting = w.db.prepare(`SELECT COUNT(*) FROM outbox WHERE status = 'pending'`).pluck();
    for (let round = 0; round < 40 && Number(waiting.get()) > 0; round++) {
      await delivery.drain();
      w.clock.advance(10 * 60_000);
    }
    expect(Number(waiting.get())).toBe(0);
    expect(mock.dropped).toBeGreaterThan(0);
    const titles = [1, 2, 3, 4].map((i) => `Advocacy Services of Adults ${i}`);
    const named = (texts: string[]) =>
      titles.map((t) => texts.filter((c) => c.startsWith(`Coming up: ${t},`)).length);
    const channel = mock.created.filter((m) => m.channelId === CHANNEL).map((m) => m.content);
    const webhook = mock.created.filter((m) => m.webhookId === HOOK);
    expect(named(channel)).toEqual([1, 1, 1, 1]);
    expect(named(webhook.map((m) => m.content))).toEqual([1, 1, 1, 1]);
    expect(mock.threads.map((t) => t.name).sort()).toEqual(titles.map((t) => `Coming up: ${t}`));
    expect(mock.threads.every((t) => t.tags.includes('9'))).toBe(true);
    // A webhook made by people cannot carry buttons; a channel's announcement can.
    expect(webhook.every((m) => m.body.components === undefined)).toBe(true);
    for (const m of mock.created) assertWithinLimits(m.body);
    const sent = w.db.prepare(`SELECT COUNT(*) FROM outbox WHERE kind = 'radar' AND status = 'sent'`).pluck();
    expect(Number(sent.get())).toBe(12);
  });

  it('radar rows are outside the alert cap: never capped, and not counted against it', async () => {
    const w = radarWorld(AUG_2023);
    w.subscriptions.upsert(subscriptionBody({ dailyCap: 1 }), 'x');
    w.ingest(contracts(1));
    await w.radar.run();
    w.ingest(
      [0, 1].map((i) =>
        buildNotice({
          ocid: `ocds-h6vhtk-20000${i}`,
          releaseId: `20000${i}-2023`,
          title: `Independent Advocacy Service, lot ${i}`,
        }),
      ),
    );
    mock = await startDiscordMock(null, 0, { now: w.clock.now });
    const config = loadConfig({
      DISCORD_TOKEN: 'test-token-not-real',
      DISCORD_API_BASE: mock.url,
      DATABASE_PATH: ':memory:',
    });
    expect(await w.makeDelivery({ config }).delivery.drain()).toMatchObject({ sent: 2, capped: 1 });
    const rows = w.db.prepare('SELECT kind, status FROM outbox ORDER BY id').all();
    expect(rows).toEqual([
      { kind: 'radar', status: 'sent' },
      { kind: 'new', status: 'sent' },
      { kind: 'new', status: 'capped' },
    ]);
  });

  it('a radar row whose contract is no longer stored fails as gone, and nothing is sent', async () => {
    const w = radarWorld(AUG_2023);
    w.subscriptions.upsert(subscriptionBody(), 'x');
    w.ingest(contracts(1));
    await w.radar.run();
    w.db.prepare('DELETE FROM contracts').run();
    expect(await w.delivery.drain()).toMatchObject({ sent: 0, failed: 1 });
    expect(w.db.prepare('SELECT status, last_error FROM outbox').get()).toEqual({
      status: 'failed',
      last_error: 'the contract is no longer stored',
    });
  });
});

describe('migration 011', () => {
  it('a database at version 10 keeps every outbox row (ids, revision, leases) and then takes radar rows', () => {
    const { file, old } = databaseAtVersion(10);
    old.exec(`
      INSERT INTO subscriptions (id, guild_id, channel_id, json, created_at, updated_at)
      VALUES (5, 'g', 'c', '{}', 1, 1);
      INSERT INTO outbox (id, subscription_id, source, ocid, release_id, revision, kind, status, nonce, attempts,
        next_attempt_at, last_error, message_id, thread_id, created_at, sent_at, lease_holder, lease_until,
        attempt_started_at)
      VALUES
        (41, 5, 'fts', 'ocds-h6vhtk-1', '000001-2026', 'r1', 'new', 'sent', 'n1', 1, 1, NULL, 'm1', 't1', 1, 2,
          NULL, 0, NULL),
        (42, 5, 'fts', 'ocds-h6vhtk-1', '000002-2026', 'r2', 'update', 'pending', 'n2', 3, 9, 'timeout', NULL,
          NULL, 3, NULL, 'host-a:7', 1234, 1200);
    `);
    old.close();
    const db = openDb(file);
    expect(db.pragma('user_version', { simple: true })).toBe(latestSchemaVersion());
    expect(
      db
        .prepare(
          `SELECT id, revision, kind, status, attempts, last_error, message_id, thread_id, sent_at, lease_holder,
          lease_until, attempt_started_at FROM outbox ORDER BY id`,
        )
        .all(),
    ).toEqual([
      {
        id: 41,
        revision: 'r1',
        kind: 'new',
        status: 'sent',
        attempts: 1,
        last_error: null,
        message_id: 'm1',
        thread_id: 't1',
        sent_at: 2,
        lease_holder: null,
        lease_until: 0,
        attempt_started_at: null,
      },
      {
        id: 42,
        revision: 'r2',
        kind: 'update',
        status: 'pending',
        attempts: 3,
        last_error: 'timeout',
        message_id: null,
        thread_id: null,
        sent_at: null,
        lease_holder: 'host-a:7',
        lease_until: 1234,
        attempt_started_at: 1200,
      },
    ]);
    const sql = String(db.prepare(`SELECT sql FROM sqlite_master WHERE name = 'outbox'`).pluck().get());
    expect(sql).toContain('UNIQUE (subscription_id, source, release_id, kind, revision)');
    expect(sql).toContain(`kind IN ('new', 'update', 'radar')`);
    const indexes = db.prepare(`SELECT name FROM sqlite_master WHERE type = 'index' AND tbl_name = 'outbox'`);
    expect(indexes.pluck().all()).toEqual(expect.arrayContaining(['outbox_due', 'outbox_by_notice']));
    db.prepare(
      `INSERT INTO outbox (subscription_id, source, ocid, release_id, kind, status, nonce, next_attempt_at,
      created_at) VALUES (5, 'fts', 'ocds-h6vhtk-1', 'radar:ocds-h6vhtk-1', 'radar', 'pending', 'n3', 1, 1)`,
    ).run();
    expect(() =>
      db
        .prepare(
          `INSERT INTO outbox (subscription_id, source, ocid, release_id, kind, status, nonce, next_attempt_at,
          created_at) VALUES (5, 'fts', 'ocds-h6vhtk-1', 'radar:ocds-h6vhtk-1', 'radar', 'pending', 'n4', 1, 1)`,
        )
        .run(),
    ).toThrow(/UNIQUE/);
    expect(db.pragma('foreign_key_check')).toEqual([]);
    db.close();
  });
});

import nock from 'nock';
import { describe, expect, it } from 'vitest';
import { openDb } from '../../src/store/db.js';
import { buildNotice } from '../support/builders.js';
import { API, DISCORD, deliveryWorld, subscriptionBody } from '../support/delivery.js';
import { databaseAtVersion } from '../support/old-db.js';

// Issue 13, "time and updates": a release served again under the same id with a moved deadline recorded
// the change but announced nothing (the outbox was unique per release id); a release dated 9999 became
// "current" for good, so a later real cancellation was "older" and never announced.

const CHANNEL = '222222222222222222';
type Body = Record<string, any>;

const advocacy = (overrides: Parameters<typeof buildNotice>[0] = {}) =>
  buildNotice({
    title: 'Independent Advocacy Service',
    description: 'Care Act advocacy for adults in Leeds.',
    cpv: ['85312300'],
    ...overrides,
  });

/** Discord for one channel: every body posted, a new message id each (nonces honoured as Discord does). */
function mockChannel() {
  const bodies: Body[] = [];
  const byNonce = new Map<string, string>();
  let next = 900000000000000000n;
  const interceptor = nock(DISCORD).persist().post(`${API}/channels/${CHANNEL}/messages`);
  interceptor.reply(200, (_uri, body) => {
    const b = body as Body;
    bodies.push(b);
    const id = byNonce.get(b.nonce as string) ?? String(next++);
    byNonce.set(b.nonce as string, id);
    return { id, channel_id: CHANNEL };
  });
  return { bodies, done: () => nock.removeInterceptor(interceptor) };
}

describe('a changed release under an id already seen is an update', () => {
  it('is announced once, as a reply, saying what changed; the same content again is not', async () => {
    const w = deliveryWorld();
    w.subscriptions.upsert(subscriptionBody(), 'coordinator');
    const first = advocacy();
    w.ingest([first]);
    const discord = mockChannel();
    await w.delivery.drain();
    const moved = { ...first, dates: { ...first.dates, tenderDeadline: '2026-10-08T11:00:00Z' } };
    expect(w.ingest([moved]).map((s) => s.outcome)).toEqual(['updated']);
    expect(w.ingest([moved]).map((s) => s.outcome)).toEqual(['duplicate']);
    expect(await w.delivery.drain()).toMatchObject({ sent: 1 });
    // Moved back under the same id: another revision, another update.
    expect(w.ingest([first]).map((s) => s.outcome)).toEqual(['updated']);
    expect(await w.delivery.drain()).toMatchObject({ sent: 1 });
    expect(await w.delivery.drain()).toMatchObject({ sent: 0 });
    discord.done();
    const [original, update, back] = discord.bodies;
    expect(discord.bodies).toHaveLength(3);
    expect(update?.content).toMatch(
      /^Update \(deadline moved from 1 Oct 2026 to 8 Oct 2026\): Independent Advocacy Service/,
    );
    expect(back?.content).toMatch(/^Update \(deadline moved from 8 Oct 2026 to 1 Oct 2026\)/);
    expect(update?.message_reference).toMatchObject({ message_id: '900000000000000000' });
    expect(original?.message_reference).toBeUndefined();
    const rows = w.db.prepare('SELECT kind, release_id FROM outbox ORDER BY id').all();
    expect(rows).toEqual([
      { kind: 'new', release_id: '000001-2026' },
      { kind: 'update', release_id: '000001-2026' },
      { kind: 'update', release_id: '000001-2026' },
    ]);
  });
});

describe('dates outside 1990..now+30y never decide which release is current', () => {
  it('a release dated 9999 does not freeze the notice: the real cancellation after it is announced', async () => {
    const w = deliveryWorld();
    w.subscriptions.upsert(subscriptionBody(), 'coordinator');
    const tender = advocacy();
    w.ingest([tender]);
    const bogus = advocacy({
      releaseId: '000002-2026',
      title: 'Independent Advocacy Service (corrected)',
      dates: { ...tender.dates, published: '9999-12-31T00:00:00Z' },
    });
    expect(w.ingest([bogus]).map((s) => s.outcome)).toEqual(['updated']);
    w.clock.advance(3_600_000);
    const cancelled = advocacy({
      releaseId: '000003-2026',
      stage: 'cancellation',
      status: 'cancelled',
      tags: ['tenderCancellation'],
      dates: { ...tender.dates, published: '2026-09-03T09:30:00Z' },
    });
    expect(w.ingest([cancelled]).map((s) => s.outcome)).toEqual(['updated']);
    const current = w.db.prepare('SELECT release_id, release_date FROM notices').get();
    expect(current).toEqual({ release_id: '000003-2026', release_date: '2026-09-03T09:30:00Z' });
    const discord = mockChannel();
    await w.delivery.drain();
    discord.done();
    expect(discord.bodies.at(-1)?.content).toMatch(/cancelled/i);
  });

  it.each([
    ['1970', '1970-01-01T00:00:00Z'],
    ['a week ahead', '2026-09-10T09:00:00Z'],
  ])('a release dated %s is ordered by arrival, never as the newest for good', async (_what, date) => {
    const w = deliveryWorld();
    const tender = advocacy({ dates: { ...advocacy().dates, published: '2026-09-02T09:00:00Z' } });
    w.ingest([tender]);
    const odd = advocacy({
      releaseId: '000002-2026',
      title: 'Odd',
      dates: { ...tender.dates, published: date },
    });
    expect(w.ingest([odd]).map((s) => s.outcome)).toEqual(['updated']);
    const real = advocacy({
      releaseId: '000003-2026',
      title: 'Real',
      dates: { ...tender.dates, published: '2026-09-03T08:00:00Z' },
    });
    expect(w.ingest([real]).map((s) => s.outcome)).toEqual(['updated']);
    // A real release older than the current real one is still history only.
    const older = advocacy({
      releaseId: '000004-2026',
      title: 'Older',
      dates: { ...tender.dates, published: '2026-09-02T10:00:00Z' },
    });
    expect(w.ingest([older]).map((s) => s.outcome)).toEqual(['older']);
  });

  it('a database already holding a 9999 date as current is read through the same rule', () => {
    const w = deliveryWorld();
    w.ingest([advocacy()]);
    w.db.prepare(`UPDATE notices SET release_date = '9999-12-31T00:00:00Z'`).run();
    const later = advocacy({ releaseId: '000002-2026', title: 'Changed', dates: advocacy().dates });
    expect(w.ingest([later]).map((s) => s.outcome)).toEqual(['updated']);
  });
});

describe('migration 010', () => {
  it('keeps every outbox row and event written before it, with their ids, as revision ""', () => {
    const { file, old } = databaseAtVersion(9);
    old.exec(`
      INSERT INTO subscriptions (id, guild_id, channel_id, json, created_at, updated_at)
      VALUES (5, 'g', 'c', '{}', 1, 1);
      INSERT INTO outbox (id, subscription_id, source, ocid, release_id, kind, status, nonce, next_attempt_at,
        created_at, message_id)
      VALUES (41, 5, 'fts', 'ocds-h6vhtk-1', '000001-2026', 'new', 'sent', 'n1', 1, 1, 'm1');
      INSERT INTO notice_events (id, source, ocid, release_id, kind, changes, created_at)
      VALUES (17, 'fts', 'ocds-h6vhtk-1', '000001-2026', 'updated', '["cancelled"]', 1);
    `);
    old.close();
    const db = openDb(file);
    expect(db.prepare('SELECT id, release_id, revision, message_id FROM outbox').all()).toEqual([
      { id: 41, release_id: '000001-2026', revision: '', message_id: 'm1' },
    ]);
    expect(db.prepare('SELECT id, revision, changes FROM notice_events').all()).toEqual([
      { id: 17, revision: '', changes: '["cancelled"]' },
    ]);
    const sql = db.prepare(`SELECT sql FROM sqlite_master WHERE name = 'outbox'`).pluck().get();
    expect(sql).toContain('UNIQUE (subscription_id, source, release_id, kind, revision)');
    expect(db.pragma('foreign_key_check')).toEqual([]);
    db.close();
  });
});

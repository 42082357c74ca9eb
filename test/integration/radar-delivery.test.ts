import nock from 'nock';
import { describe, expect, it } from 'vitest';
import { API, DISCORD, subscriptionBody } from '../support/delivery.js';
import { dorsetAdvocacyAwardRaw, dorsetPinRaw, radarWorld, readNotice } from '../support/radar.js';

// The radar end to end over a real in-memory database and the real discord.js REST client behind nock:
// recorded notices stored as a poll stores them, the radar run, the outbox drained by the worker's delivery
// cycle (wiring.ts, with the radar's hooks), Discord's bodies read back. The Dorset contract is the explicit
// one of test/support/radar.ts (it ends 31 July 2024).

const CHANNEL = '222222222222222222';
type Body = Record<string, any>;

/** A Discord stand-in for one channel that, like Discord, returns the same message for a repeated nonce. */
function mockChannel() {
  const bodies: Body[] = [];
  let next = 900000000000000000n;
  const interceptor = nock(DISCORD).persist().post(`${API}/channels/${CHANNEL}/messages`);
  interceptor.reply(200, (_uri, body) => {
    bodies.push(body as Body);
    return { id: String(next++), channel_id: CHANNEL };
  });
  return { bodies, done: () => nock.removeInterceptor(interceptor) };
}

const AUG_2023 = Date.parse('2023-08-01T09:00:00Z');

describe('the radar announces a contract coming up, once per subscription', () => {
  it('who holds it, since when, value, end, what to do now; inert text, buttons that survive restarts', async () => {
    const w = radarWorld(AUG_2023);
    w.subscriptions.upsert(subscriptionBody({ areas: ['advocacy'] }), 'coordinator');
    w.ingest([readNotice(dorsetAdvocacyAwardRaw())]);
    expect((await w.radar.run()).queued).toBe(1);
    expect((await w.radar.run()).queued).toBe(0);
    const discord = mockChannel();
    expect(await w.delivery.drain()).toMatchObject({ sent: 1, failed: 0 });
    expect(await w.delivery.drain()).toMatchObject({ sent: 0 });
    discord.done();
    expect(discord.bodies).toHaveLength(1);
    const body = discord.bodies[0]!;
    const [lead, advice] = String(body.content).split('\n\n');
    expect(lead).toBe(
      'Coming up: Advocacy Services of Adults, Dorset Council. Ends Wednesday 31 July 2024 (in about 12 months). ' +
        'Held by Advocacy Partners (example supplier) since 1 Aug 2020. Value £3,304,534 (for the whole procurement; the award gives no value of its own). advocacy. The next ' +
        'one could be reserved for supported employment providers.',
    );
    expect(advice).toMatch(/^What to do now: ask the commissioner/);
    expect(body.allowed_mentions).toEqual({ parse: [] });
    expect(body.nonce).toMatch(/^[0-9a-f]{25}$/);
    expect(body.enforce_nonce).toBe(true);
    const buttons = body.components[0].components;
    expect(buttons.map((b: Body) => b.label)).toEqual(['Remind me 12 and 6 months before', 'Not relevant']);
    expect(buttons[0].custom_id).toMatch(/^tn:radar-remind:\d+$/);
  });

  it('a channel in another area, or with its radar off, hears nothing; a shorter lead time hears it later', async () => {
    const w = radarWorld(AUG_2023);
    w.subscriptions.upsert(subscriptionBody({ areas: ['peer-support'] }), 'a');
    w.subscriptions.upsert(subscriptionBody({ channelId: '333333333333333333', radarMonths: 0 }), 'b');
    w.subscriptions.upsert(subscriptionBody({ channelId: '444444444444444444', radarMonths: 6 }), 'c');
    w.ingest([readNotice(dorsetAdvocacyAwardRaw())]);
    expect((await w.radar.run()).queued).toBe(0);
    w.clock.advance(200 * 86_400_000);
    expect((await w.radar.run()).queued).toBe(1);
  });

  it('notice text cannot ping or hide a link in a radar announcement', async () => {
    const w = radarWorld(AUG_2023);
    w.subscriptions.upsert(subscriptionBody(), 'coordinator');
    const raw = dorsetAdvocacyAwardRaw();
    raw.tender.title = 'Advocacy for @everyone <@&123456789012345678> [see](https://evil.example)';
    w.ingest([readNotice(raw)]);
    await w.radar.run();
    const discord = mockChannel();
    await w.delivery.drain();
    discord.done();
    const content = String(discord.bodies[0]?.content);
    expect(content).toContain('@\u200beveryone');
    expect(content).toContain('\\<@&123456789012345678\\>');
    expect(content).toContain('\\[see\\](https://evil.example)');
  });

  it('a first backfill does not flood a channel: at most the daily limit a day, soonest first', async () => {
    const w = radarWorld(AUG_2023, { dailyLimit: 2 });
    w.subscriptions.upsert(subscriptionBody(), 'coordinator');
    const ends = ['2024-07-31', '2024-03-31', '2024-12-31', '2024-05-31'];
    w.ingest(
      ends.map((end, i) => {
        const raw = dorsetAdvocacyAwardRaw();
        raw.ocid = `${raw.ocid}-${i}`;
        raw.id = `${raw.id}-${i}`;
        raw.tender.title = `${raw.tender.title} ${i}`;
        raw.awards[0].contractPeriod.endDate = `${end}T23:59:59+01:00`;
        return readNotice(raw);
      }),
    );
    expect((await w.radar.run()).queued).toBe(2);
    expect((await w.radar.run()).queued).toBe(0);
    w.clock.advance(86_400_000);
    expect((await w.radar.run()).queued).toBe(2);
    const titles = w.db
      .prepare(`SELECT ocid FROM outbox WHERE kind = 'radar' ORDER BY id`)
      .pluck()
      .all()
      .map((ocid) => String(ocid).slice(-1));
    expect(titles).toEqual(['1', '3', '0', '2']);
  });
});

describe('digests and alerts', () => {
  it('a weekly digest has a "coming up in your area" section', async () => {
    const monday8am = Date.parse('2023-08-07T07:00:00Z');
    const w = radarWorld(monday8am);
    w.subscriptions.upsert(subscriptionBody({ mode: 'weekly' }), 'coordinator');
    w.ingest([readNotice(dorsetAdvocacyAwardRaw())]);
    await w.radar.run();
    expect(await w.delivery.drain()).toMatchObject({ sent: 0 });
    const discord = mockChannel();
    expect(await w.delivery.digests('weekly')).toBe(1);
    discord.done();
    const content = String(discord.bodies[0]?.content);
    expect(content).toContain(
      'Coming up in your area: contracts nearing their end (1):\nAdvocacy Services of Adults, Dorset Council. ' +
        'Held by Advocacy Partners (example supplier) since 1 Aug 2020. Ends 31 Jul 2024 (in about 12 months).',
    );
  });

  it('an engagement notice that may re-procure a known contract says so in its alert', async () => {
    const w = radarWorld(AUG_2023);
    w.ingest([readNotice(dorsetAdvocacyAwardRaw())]);
    await w.radar.run();
    w.subscriptions.upsert(subscriptionBody({ radarMonths: 0 }), 'coordinator');
    w.clock.advance(60_000);
    const pin = readNotice(dorsetPinRaw());
    expect(w.ingest([pin]).map((s) => s.outcome)).toEqual(['new']);
    const discord = mockChannel();
    expect(await w.delivery.drain()).toMatchObject({ sent: 1 });
    discord.done();
    expect(String(discord.bodies[0]?.content)).toMatch(
      / This may be the re-procurement of Dorset Council's advocacy contract "Advocacy Services of Adults" held by Advocacy Partners \(example supplier\) since 2020 \(it ends 31 Jul 2024\)\.$/,
    );
  });

  it('an alert about a notice with no known predecessor says nothing of the kind', async () => {
    const w = radarWorld(AUG_2023);
    w.subscriptions.upsert(subscriptionBody({ radarMonths: 0 }), 'coordinator');
    w.ingest([readNotice(dorsetPinRaw())]);
    const discord = mockChannel();
    await w.delivery.drain();
    discord.done();
    expect(String(discord.bodies[0]?.content)).not.toContain('re-procurement');
  });
});

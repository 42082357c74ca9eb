import nock from 'nock';
import { describe, expect, it } from 'vitest';
import { snowflakeAt } from '../../src/discord/lookup.js';
import { buildNotice } from '../support/builders.js';
import { API, DISCORD, deliveryWorld, subscriptionBody } from '../support/delivery.js';

const CHANNEL = '222222222222222222';
const WEBHOOK = {
  kind: 'webhook' as const,
  webhookId: '333333333333333333',
  webhookToken: 'webhook-token-abcdefghijklmnop',
};
const GUILD = '111111111111111111';
const advocacy = (overrides: Parameters<typeof buildNotice>[0] = {}) =>
  buildNotice({
    title: 'Independent Advocacy Service',
    description: 'Care Act advocacy for adults in Leeds.',
    cpv: ['85312300'],
    value: { amount: 240_000, amountGross: 300_000, min: null, currency: 'GBP' },
    ...overrides,
  });

type Body = Record<string, any>;

const BOT = '333333333333333333';
/** The first message id the stand-in gives: a snowflake of the fake clock's start, 2026-09-03 09:00 UTC. */
const FIRST_ID = String(BigInt(Date.parse('2026-09-03T09:00:00Z') - 1_420_070_400_000) << 22n);

/** What the look-up after an unanswered send reads: the bot's id and the channel's messages (none here). */
function mockLookup(channelId = CHANNEL, list: () => Body[] = () => []) {
  nock(DISCORD)
    .persist()
    .get(/\/users\/(@|%40)me$/)
    .optionally()
    .reply(200, { id: BOT, username: 'bot' });
  nock(DISCORD)
    .persist()
    .get(`${API}/channels/${channelId}/messages`)
    .query(true)
    .optionally()
    .reply(200, () => list());
}

/**
 * A Discord stand-in for one channel that, like Discord, returns the same message for a repeated nonce, and
 * lists the messages it made (unless `history` is false: Discord lists nothing without Read Message History).
 */
function mockChannel(channelId = CHANNEL, history = true) {
  const bodies: Body[] = [];
  const made = new Map<string, Body>();
  const byNonce = new Map<string, string>();
  // Snowflakes of 2026-09-03, the fake clock's day, so the look-up's time window sees them.
  let next = BigInt(FIRST_ID);
  const interceptor = nock(DISCORD).persist().post(`${API}/channels/${channelId}/messages`);
  interceptor.reply(200, (_uri, body) => {
    const b = body as Body;
    bodies.push(b);
    const known = b.nonce && b.enforce_nonce ? byNonce.get(b.nonce) : undefined;
    const id = known ?? String(next++);
    if (b.nonce) byNonce.set(b.nonce, id);
    made.set(id, b);
    return { id, channel_id: channelId };
  });
  mockLookup(channelId, () =>
    history
      ? [...made].map(([id, b]) => ({
          id,
          author: { id: BOT },
          content: b.content,
          components: b.components,
        }))
      : [],
  );
  return {
    bodies,
    created: () => new Set(byNonce.values()).size,
    done: () => nock.removeInterceptor(interceptor),
  };
}

describe('the delivery cycle through the real discord.js REST client', () => {
  it('posts a matched notice once, accessible and inert: plain-text lead, no mentions, nonce, persistent buttons', async () => {
    const w = deliveryWorld();
    w.subscriptions.upsert(subscriptionBody(), 'coordinator');
    w.ingest([
      advocacy({
        description: 'Ping @everyone and <@&123456789012345678>. See [our site](https://evil.example).',
      }),
    ]);
    const discord = mockChannel();
    expect(await w.delivery.drain()).toEqual({ sent: 1, retried: 0, failed: 0, capped: 0, found: 0 });
    expect(await w.delivery.drain()).toEqual({ sent: 0, retried: 0, failed: 0, capped: 0, found: 0 });
    discord.done();
    const [body] = discord.bodies;
    expect(discord.bodies).toHaveLength(1);
    expect(body?.allowed_mentions).toEqual({ parse: [] });
    expect(body?.enforce_nonce).toBe(true);
    expect(body?.nonce).toMatch(/^[0-9a-f]{25}$/);
    // Each fact once: the deadline, the value (with VAT) and the areas are in the plain-text lead only.
    expect(body?.content).toMatch(
      /^New opportunity: Independent Advocacy Service, Leeds City Council\. Closes Thursday 1 October \(in 28 days\)\. Value £240,000 \(£300,000 including VAT\)\. advocacy\. Could be reserved for supported employment providers or public service mutuals\.$/,
    );
    const embed = body?.embeds[0];
    expect(embed.description).toContain('@\u200beveryone');
    expect(embed.description).toContain('\\<@&123456789012345678\\>');
    expect(embed.description).toContain('\\[our site\\](https://evil.example)');
    expect(embed.title.length).toBeLessThanOrEqual(256);
    expect(embed.fields.length).toBeLessThanOrEqual(25);
    const names = embed.fields.map((f: Body) => f.name);
    expect(names).toEqual(['What kind of notice', 'Buyer', 'Could be reserved', 'Why it matched']);
    // The reservation field explains who qualifies and under which law, without repeating the lead's
    // sentence.
    const reserved = embed.fields.find((f: Body) => f.name === 'Could be reserved').value;
    expect(reserved).toMatch(/^Supported employment providers are organisations where at least 30%/);
    expect(reserved).toContain('(Procurement Act 2023, section 32)');
    const buttons = body?.components[0].components;
    expect(buttons.map((b: Body) => b.label)).toEqual([
      'Open the notice',
      'Remind me',
      'Interested',
      'Not relevant',
      'How do I bid?',
    ]);
    expect(buttons.slice(1).map((b: Body) => b.custom_id)).toEqual([
      expect.stringMatching(/^tn:remind:\d+$/),
      expect.stringMatching(/^tn:interested:\d+$/),
      expect.stringMatching(/^tn:not-relevant:\d+$/),
      expect.stringMatching(/^tn:guide:\d+$/),
    ]);
  });

  it('a crash between sending and recording posts once: the look-up finds the post, nothing is sent again', async () => {
    const w = deliveryWorld();
    w.subscriptions.upsert(subscriptionBody(), 'coordinator');
    w.ingest([advocacy()]);
    const discord = mockChannel();
    const crashing = {
      ...w.transport,
      postMessage: async (...args: Parameters<typeof w.transport.postMessage>) => {
        await w.transport.postMessage(...args);
        throw new Error('process killed');
      },
    };
    await w.makeDelivery({ transport: crashing }).delivery.drain();
    w.clock.advance(60_000);
    expect(await w.delivery.drain()).toMatchObject({ sent: 0, found: 1 });
    discord.done();
    expect(discord.bodies).toHaveLength(1);
    expect(discord.created()).toBe(1);
  });

  it('a crash between sending and recording, history hidden: the resend carries the same nonce', async () => {
    const w = deliveryWorld();
    w.subscriptions.upsert(subscriptionBody(), 'coordinator');
    w.ingest([advocacy()]);
    const discord = mockChannel(CHANNEL, false);
    // The "crash": Discord accepted the message, but the worker died before marking it sent.
    const crashing = {
      ...w.transport,
      postMessage: async (...args: Parameters<typeof w.transport.postMessage>) => {
        await w.transport.postMessage(...args);
        throw new Error('process killed');
      },
    };
    await w.makeDelivery({ transport: crashing }).delivery.drain();
    w.clock.advance(60 * 60_000);
    expect((await w.delivery.drain()).sent).toBe(1);
    discord.done();
    expect(discord.bodies).toHaveLength(2);
    expect(discord.bodies[0]?.nonce).toBe(discord.bodies[1]?.nonce);
    expect(discord.created()).toBe(1);
  });

  it('replies to the original message when a posted notice changes', async () => {
    const w = deliveryWorld();
    w.subscriptions.upsert(subscriptionBody(), 'coordinator');
    const first = advocacy();
    w.ingest([first]);
    const discord = mockChannel();
    await w.delivery.drain();
    w.ingest([
      {
        ...first,
        releaseId: '000002-2026',
        dates: { ...first.dates, published: '2026-09-05T09:00:00Z', tenderDeadline: '2026-10-08T11:00:00Z' },
      },
    ]);
    await w.delivery.drain();
    discord.done();
    const [original, update] = discord.bodies;
    expect(update?.content).toMatch(
      /^Update \(deadline moved from 1 Oct 2026 to 8 Oct 2026\): Independent Advocacy Service/,
    );
    expect(update?.message_reference).toEqual({
      message_id: FIRST_ID,
      fail_if_not_exists: false,
    });
    expect(original?.message_reference).toBeUndefined();
  });

  it('429 with retry_after is waited out by the REST client, and the message is posted once', async () => {
    const w = deliveryWorld();
    w.subscriptions.upsert(subscriptionBody(), 'coordinator');
    w.ingest([advocacy()]);
    nock(DISCORD)
      .post(`${API}/channels/${CHANNEL}/messages`)
      .reply(
        429,
        { message: 'You are being rate limited.', retry_after: 0.05, global: false },
        { 'retry-after': '1', 'x-ratelimit-scope': 'user' },
      );
    nock(DISCORD)
      .post(`${API}/channels/${CHANNEL}/messages`)
      .reply(200, { id: '900000000000000001', channel_id: CHANNEL });
    expect((await w.delivery.drain()).sent).toBe(1);
  });

  it('a look-up Discord does not answer sends nothing: the row waits, and the earliest attempt is kept', async () => {
    const w = deliveryWorld();
    w.subscriptions.upsert(subscriptionBody(), 'coordinator');
    w.ingest([advocacy()]);
    nock(DISCORD).post(`${API}/channels/${CHANNEL}/messages`).reply(503, 'upstream unavailable');
    expect(await w.delivery.drain()).toMatchObject({ sent: 0, retried: 1 });
    const started = w.db.prepare('SELECT attempt_started_at FROM outbox').pluck().get();
    w.clock.advance(60_000);
    // The look-up itself fails: had the first attempt's post been made, sending now would double it.
    nock(DISCORD)
      .get(/\/users\/(@|%40)me$/)
      .reply(200, { id: BOT, username: 'bot' });
    nock(DISCORD).get(`${API}/channels/${CHANNEL}/messages`).query(true).reply(502, 'bad gateway');
    expect(await w.delivery.drain()).toMatchObject({ sent: 0, retried: 1 });
    expect(w.db.prepare('SELECT attempt_started_at FROM outbox').pluck().get()).toBe(started);
    w.clock.advance(120_000);
    const discord = mockChannel();
    expect(await w.delivery.drain()).toMatchObject({ sent: 1 });
    discord.done();
    expect(discord.bodies).toHaveLength(1);
  });

  it('5xx is retried later with back-off, not dropped', async () => {
    const w = deliveryWorld();
    w.subscriptions.upsert(subscriptionBody(), 'coordinator');
    w.ingest([advocacy()]);
    nock(DISCORD).post(`${API}/channels/${CHANNEL}/messages`).reply(503, 'upstream unavailable');
    mockLookup();
    expect(await w.delivery.drain()).toMatchObject({ sent: 0, retried: 1 });
    expect(await w.delivery.drain()).toMatchObject({ sent: 0, retried: 0 });
    w.clock.advance(31_000);
    nock(DISCORD)
      .post(`${API}/channels/${CHANNEL}/messages`)
      .reply(200, { id: '900000000000000002', channel_id: CHANNEL });
    expect(await w.delivery.drain()).toMatchObject({ sent: 1 });
  });

  it.each([
    [403, 50001, 'Missing Access', 'the bot cannot see this channel (Missing Access)'],
    [404, 10003, 'Unknown Channel', 'the channel no longer exists (Unknown Channel)'],
  ])(
    '%i %s pauses the subscription and says why, instead of retrying forever',
    async (status, code, message, reason) => {
      const w = deliveryWorld();
      const sub = w.subscriptions.upsert(subscriptionBody(), 'coordinator');
      w.ingest([advocacy(), advocacy({ ocid: 'ocds-h6vhtk-000002', releaseId: '000003-2026' })]);
      nock(DISCORD).post(`${API}/channels/${CHANNEL}/messages`).reply(status, { message, code });
      expect(await w.delivery.drain()).toMatchObject({ sent: 0, failed: 1 });
      expect(w.subscriptions.forChannel(sub.guildId, sub.channelId)?.pausedReason).toBe(reason);
      expect(await w.delivery.drain()).toMatchObject({ sent: 0, failed: 0 });
    },
  );

  it('applies the daily cap with one overflow line pointing to /recent', async () => {
    const w = deliveryWorld();
    w.subscriptions.upsert(subscriptionBody({ dailyCap: 1 }), 'coordinator');
    w.ingest([
      advocacy(),
      advocacy({ ocid: 'ocds-h6vhtk-000002', releaseId: '000003-2026' }),
      advocacy({ ocid: 'ocds-h6vhtk-000003', releaseId: '000004-2026' }),
    ]);
    const discord = mockChannel();
    expect(await w.delivery.drain()).toMatchObject({ sent: 1, capped: 2 });
    discord.done();
    expect(discord.bodies.map((b) => b.content.slice(0, 40))).toEqual([
      'New opportunity: Independent Advocacy Se',
      'This channel has had its limit of 1 aler',
    ]);
    expect(discord.bodies[1]?.content).toContain('/recent');
  });

  it('posts to a forum as one thread per notice, tagged by area, region and "reserved"', async () => {
    const w = deliveryWorld();
    w.subscriptions.upsert(
      subscriptionBody({
        target: {
          kind: 'forum',
          channelId: CHANNEL,
          tags: [
            { id: '501', name: 'advocacy' },
            { id: '502', name: 'Yorkshire and the Humber' },
            { id: '503', name: 'reserved' },
            { id: '504', name: 'training' },
          ],
        },
      }),
      'coordinator',
    );
    w.ingest([advocacy()]);
    let thread: Body = {};
    nock(DISCORD)
      .post(`${API}/channels/${CHANNEL}/threads`)
      .reply(201, (_uri, body) => {
        thread = body as Body;
        return { id: '777777777777777777', type: 11 };
      });
    expect((await w.delivery.drain()).sent).toBe(1);
    expect(thread.name).toBe('Independent Advocacy Service');
    expect(thread.applied_tags).toEqual(['501', '502', '503']);
    expect(thread.message.allowed_mentions).toEqual({ parse: [] });
  });

  it('an update whose forum post was archived becomes a post of its own; the forum is not paused', async () => {
    const w = deliveryWorld();
    const forum = { kind: 'forum' as const, channelId: CHANNEL, tags: [], requiresTag: false };
    w.subscriptions.upsert(subscriptionBody({ target: forum }), 'coordinator');
    const first = advocacy();
    w.ingest([first]);
    nock(DISCORD)
      .post(`${API}/channels/${CHANNEL}/threads`)
      .reply(201, { id: '777777777777777777', type: 11 });
    expect((await w.delivery.drain()).sent).toBe(1);
    w.ingest([
      {
        ...first,
        releaseId: '000002-2026',
        dates: { ...first.dates, published: '2026-09-05T09:00:00Z', tenderDeadline: '2026-10-08T11:00:00Z' },
      },
    ]);
    nock(DISCORD)
      .post(`${API}/channels/777777777777777777/messages`)
      .reply(400, { message: 'Thread is archived', code: 50083 });
    let posted: Body = {};
    nock(DISCORD)
      .post(`${API}/channels/${CHANNEL}/threads`)
      .reply(201, (_uri, body) => {
        posted = body as Body;
        return { id: '888888888888888888', type: 11 };
      });
    expect((await w.delivery.drain()).sent).toBe(1);
    expect(posted.message.content).toMatch(/^Update \(deadline moved from 1 Oct 2026 to 8 Oct 2026\)/);
    expect(w.subscriptions.list()[0]?.pausedReason).toBeNull();
  });

  it('delivers to a webhook without the bot token', async () => {
    const w = deliveryWorld();
    w.subscriptions.upsert(subscriptionBody({ target: WEBHOOK }), 'coordinator');
    w.ingest([advocacy()]);
    let headers: Record<string, unknown> = {};
    nock(DISCORD)
      .post(`${API}/webhooks/333333333333333333/webhook-token-abcdefghijklmnop`)
      .query({ wait: 'true' })
      .reply(200, function (_uri, body) {
        headers = this.req.headers;
        expect((body as Body).nonce).toBeUndefined();
        return { id: '888888888888888888' };
      });
    expect((await w.delivery.drain()).sent).toBe(1);
    expect(headers.authorization).toBeUndefined();
  });

  // Found by an outside check against Discord's docs (2026-12-04): without the Message Content Intent,
  // Discord returns a user-made webhook's messages with empty text and embeds, so the look-up after an
  // unanswered call cannot recognise the post. It is sent again, as before, and the log says why and what
  // to do.
  it('after an unanswered webhook call, messages Discord returns blank are said to need the intent', async () => {
    const w = deliveryWorld();
    w.subscriptions.upsert(subscriptionBody({ target: WEBHOOK }), 'coordinator');
    w.ingest([advocacy()]);
    const hook = `${API}/webhooks/333333333333333333/webhook-token-abcdefghijklmnop`;
    nock(DISCORD).post(hook).query({ wait: 'true' }).reply(503, 'upstream unavailable');
    expect(await w.delivery.drain()).toMatchObject({ sent: 0, retried: 1 });
    w.clock.advance(60_000);
    nock(DISCORD).get(hook).reply(200, { id: '333333333333333333', channel_id: CHANNEL });
    const blank = { id: snowflakeAt(w.clock.now() - 30_000), content: '', embeds: [], components: [] };
    nock(DISCORD)
      .get(`${API}/channels/${CHANNEL}/messages`)
      .query(true)
      .reply(200, [{ ...blank, webhook_id: '333333333333333333', author: { id: '333333333333333333' } }]);
    nock(DISCORD).post(hook).query({ wait: 'true' }).reply(200, { id: '888888888888888889' });
    expect(await w.delivery.drain()).toMatchObject({ sent: 1 });
    const warning = w.log.entries.find((e) => e.message === 'Could not recognise an earlier attempt');
    expect((warning?.meta as { reason: string }).reason).toMatch(
      /^Discord gave the webhook's 1 recent messages without their text: turn on the bot's Message Content Intent/,
    );
  });

  // Found by an outside check against Discord's docs (2026-12-03): a webhook in a forum channel refuses
  // every post without thread_name (code 220001); each alert failed and the subscription went on failing.
  it("pauses a webhook in a forum channel, saying why, after Discord's first refusal", async () => {
    const w = deliveryWorld();
    w.subscriptions.upsert(subscriptionBody({ target: WEBHOOK }), 'coordinator');
    w.ingest([advocacy()]);
    nock(DISCORD)
      .post(`${API}/webhooks/333333333333333333/webhook-token-abcdefghijklmnop`)
      .query({ wait: 'true' })
      .reply(400, {
        message: 'Webhooks posted to forum channels must have a thread_name or thread_id',
        code: 220001,
      });
    await w.delivery.drain();
    expect(w.subscriptions.list()[0]?.pausedReason).toMatch(/^the webhook is in a forum channel/);
  });
});

describe('digests', () => {
  it('send a sectioned daily digest at 08:00 local time, and nothing when nothing is waiting', async () => {
    const w = deliveryWorld(Date.parse('2026-09-03T07:00:00Z'));
    w.subscriptions.upsert(
      subscriptionBody({ mode: 'daily', stages: ['opportunities', 'early', 'updates'] }),
      'coordinator',
    );
    w.ingest([
      advocacy({ dates: { ...buildNotice().dates, tenderDeadline: '2026-09-07T11:00:00Z' } }),
      advocacy({
        ocid: 'ocds-h6vhtk-000002',
        releaseId: '000003-2026',
        stage: 'planning',
        tags: ['planning'],
        title: 'Independent advocacy: market engagement',
      }),
    ]);
    expect(await w.delivery.drain()).toMatchObject({ sent: 0 });
    const discord = mockChannel();
    expect(await w.delivery.digests('daily')).toBe(1);
    expect(await w.delivery.digests('daily')).toBe(0);
    discord.done();
    const content = discord.bodies[0]?.content ?? '';
    expect(content).toMatch(/^Your daily Tender Nudge digest: 2 notices\./);
    expect(content).toContain('Closing soon (within 7 days) (1):');
    expect(content).toContain('Early engagement: a chance to talk to the buyer and shape the service (1):');
    expect(discord.bodies[0]?.allowed_mentions).toEqual({ parse: [] });
    // Twenty links would be twenty previews: digests are sent with link previews off.
    expect(discord.bodies[0]?.flags).toBe(4);
  });
});

describe('channels with nudges on', () => {
  it('follow each new opportunity with the bidding guide, as a reply to the alert', async () => {
    const w = deliveryWorld();
    w.subscriptions.upsert(subscriptionBody(), 'coordinator');
    w.ingest([advocacy()]);
    const discord = mockChannel();
    w.bidders.setNudges('channel', `${GUILD}:${CHANNEL}`, true);
    expect((await w.delivery.drain()).sent).toBe(1);
    discord.done();
    expect(discord.bodies.length).toBeGreaterThan(1);
    expect(discord.bodies[1]?.content).toMatch(/^How to bid: Independent Advocacy Service/);
    expect(discord.bodies[1]?.message_reference).toEqual({
      message_id: FIRST_ID,
      fail_if_not_exists: false,
    });
  });
});

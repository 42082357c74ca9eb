import iconv from 'iconv-lite';
import nock from 'nock';
import { describe, expect, it } from 'vitest';
import type { NoticeSource } from '../../src/pipeline/ports.js';
import { runPollCycle } from '../../src/pipeline/poll-cycle.js';
import { fixtureJson, fixtureRelease } from '../support/fixtures.js';
import { API, DISCORD, deliveryWorld, subscriptionBody } from '../support/delivery.js';
import { realMatch } from '../support/matcher.js';
import { buildCf, buildFts, CF, CF_PATH, FTS, FTS_PATH } from '../support/sources.js';

// The real worker end to end: sources (axios) → store → matcher → outbox → sender (discord.js REST), with one
// fault injected per row. Every row asserts: the cycle completes, each notice is stored once, each alert is
// posted once, and the back-off the fault calls for was honoured.

const CHANNEL = '222222222222222222';
const HOUR = 3600_000;
type Body = Record<string, any>;

/** A real FTS release (dev label page-005, statutory advocacy) given an id, a date and optional changes. */
function advocacyRelease(id: string, changes: Record<string, unknown> = {}): Body {
  return {
    ocid: `ocds-h6vhtk-${id}`,
    id,
    date: '2026-09-03T10:00:00+01:00',
    tag: ['tender'],
    tender: {
      title: 'Statutory Independent Advocacy - 2025',
      description: 'Care Act advocacy, IMCA and IMHA for residents.',
      tenderPeriod: { endDate: '2026-10-01T12:00:00+01:00' },
      ...changes,
    },
  };
}

function world() {
  const w = deliveryWorld(Date.parse('2026-09-03T12:00:00Z'));
  w.subscriptions.upsert(subscriptionBody(), 'coordinator');
  for (const source of ['fts', 'cf']) w.notices.setHighWater(source, w.clock.now() - HOUR);
  // A request timeout the 'FTS timeout' row's delayed answer exceeds, and long enough that no other row's
  // answer meets it on a loaded machine (at 200 ms, a 429's answer once came after it under a full suite).
  const fts = buildFts(w.clock, w.log, { requestIntervalMs: 0 }, 1_500);
  const cf = buildCf(w.clock, w.log, { requestIntervalMs: 0 });
  const cycle = async (sources: NoticeSource[]) => {
    const summaries = await runPollCycle({
      sources,
      store: w.notices,
      clock: w.clock,
      log: w.log,
      match: realMatch,
      firstRunLookbackMs: HOUR,
      overlapMs: 15 * 60_000,
    });
    const sent = await w.delivery.drain();
    return { summaries, sent };
  };
  const backoffs = () =>
    w.log.entries
      .filter((e) => e.message.includes('backing off'))
      .map((e) => (e.meta as { waitMs: number }).waitMs);
  return { ...w, fts, cf, cycle, backoffs };
}

/**
 * Discord for one channel: records bodies, and like Discord answers a repeated nonce with the first message.
 */
function discord() {
  const bodies: Body[] = [];
  const byNonce = new Map<string, string>();
  const interceptor = nock(DISCORD).persist().post(`${API}/channels/${CHANNEL}/messages`);
  interceptor.reply(200, (_uri, body) => {
    const b = body as Body;
    bodies.push(b);
    const id = byNonce.get(b.nonce) ?? String(800000000000000000n + BigInt(byNonce.size));
    byNonce.set(b.nonce, id);
    return { id, channel_id: CHANNEL };
  });
  // The look-up after a send whose answer never came (a 5xx): the bot, and a channel that shows no history.
  nock(DISCORD)
    .persist()
    .get(/\/users\/(@|%40)me$/)
    .optionally()
    .reply(200, { id: '3', username: 'bot' });
  nock(DISCORD).persist().get(`${API}/channels/${CHANNEL}/messages`).query(true).optionally().reply(200, []);
  return {
    bodies,
    created: () => new Set(byNonce.values()).size,
    stop: () => nock.removeInterceptor(interceptor),
  };
}

const page = (...releases: unknown[]) => ({ releases });

describe('end-to-end fault matrix: ingest faults', () => {
  const rows: [string, (w: ReturnType<typeof world>) => void, (w: ReturnType<typeof world>) => void][] = [
    [
      'FTS 429 with Retry-After',
      () => {
        nock(FTS).get(FTS_PATH).query(true).reply(429, 'Rate limit of 12 exceeded.', { 'Retry-After': '45' });
        nock(FTS)
          .get(FTS_PATH)
          .query(true)
          .reply(200, page(advocacyRelease('000101-2026')));
      },
      (w) => expect(w.backoffs()).toEqual([45_000]),
    ],
    [
      'FTS 429 without Retry-After',
      () => {
        nock(FTS).get(FTS_PATH).query(true).reply(429, '12 request limit in 2 minute exceeded');
        nock(FTS)
          .get(FTS_PATH)
          .query(true)
          .reply(200, page(advocacyRelease('000102-2026')));
      },
      (w) => expect(w.backoffs()).toEqual([120_000]),
    ],
    [
      'FTS 503 then 504',
      () => {
        nock(FTS).get(FTS_PATH).query(true).reply(503).get(FTS_PATH).query(true).reply(504);
        nock(FTS)
          .get(FTS_PATH)
          .query(true)
          .reply(200, page(advocacyRelease('000103-2026')));
      },
      (w) => expect(w.backoffs()).toEqual([3_750, 7_500]),
    ],
    [
      'FTS timeout',
      () => {
        nock(FTS).get(FTS_PATH).query(true).delay(2_500).reply(200, page());
        nock(FTS)
          .get(FTS_PATH)
          .query(true)
          .reply(200, page(advocacyRelease('000104-2026')));
      },
      (w) => expect(w.backoffs()).toEqual([3_750]),
    ],
    [
      'truncated JSON',
      () => {
        const text = JSON.stringify(page(advocacyRelease('000105-2026')));
        nock(FTS).get(FTS_PATH).query(true).reply(200, text.slice(0, 60));
        nock(FTS).get(FTS_PATH).query(true).reply(200, text);
      },
      (w) => expect(w.backoffs()).toHaveLength(1),
    ],
    [
      '1e9999 and " 000,"',
      () => {
        nock(FTS)
          .get(FTS_PATH)
          .query(true)
          .reply(
            200,
            JSON.stringify(page(advocacyRelease('000106-2026'))).replace(
              '"tag"',
              '"maximumLotsBidPerSupplier": 1e9999, "odd": 000, "tag"',
            ),
          );
      },
      (w) => expect(w.backoffs()).toEqual([]),
    ],
    [
      'deliveryAddresses as an object, bare deadline date',
      () => {
        nock(FTS)
          .get(FTS_PATH)
          .query(true)
          .reply(
            200,
            page(
              advocacyRelease('000107-2026', {
                tenderPeriod: { endDate: '2026-10-01' },
                items: [{ id: '1', deliveryAddresses: { 1: { region: 'UKE' } } }],
              }),
            ),
          );
      },
      (w) => expect(w.notices.getMatch('fts', 'ocds-h6vhtk-000107-2026')).not.toBeNull(),
    ],
    [
      'empty page',
      () => {
        nock(FTS).get(FTS_PATH).query(true).reply(200, page());
        nock(FTS)
          .get(FTS_PATH)
          .query(true)
          .reply(200, page(advocacyRelease('000108-2026')));
      },
      () => undefined,
    ],
    [
      'full page forces a window split; the cursor would have dropped a row',
      () => {
        const filler = Array.from({ length: 99 }, (_, i) => ({
          ...fixtureRelease('fts/fts-member-083563-2026-UK4-tender-5lots.json'),
          id: `F-${i}`,
          ocid: `ocds-h6vhtk-F${i}`,
        }));
        nock(FTS)
          .get(FTS_PATH)
          .query(true)
          .reply(200, {
            releases: [...filler, advocacyRelease('000109-2026')],
            links: { next: `${FTS}${FTS_PATH}?cursor=DROPS` },
          });
        nock(FTS)
          .get(FTS_PATH)
          .query(true)
          .reply(200, page(...filler.slice(0, 50)));
        nock(FTS)
          .get(FTS_PATH)
          .query(true)
          .reply(200, page(...filler.slice(50), advocacyRelease('000109-2026')));
      },
      (w) => expect(w.notices.countNotices()).toBe(100),
    ],
  ];

  it.each(rows)(
    '%s: the cycle completes, stored once, posted once, back-off honoured',
    async (_name, arrange, check) => {
      const w = world();
      nock(CF).get(CF_PATH).query(true).reply(200, page());
      arrange(w);
      const channel = discord();
      const first = await w.cycle([w.fts, w.cf]);
      w.clock.advance(HOUR);
      // The next cycle reads whatever the row left for it (a notice that only arrives later), else an empty
      // page.
      if (!nock.pendingMocks().some((m) => m.includes('find-tender')))
        nock(FTS).get(FTS_PATH).query(true).reply(200, JSON.stringify(page()));
      nock(CF).get(CF_PATH).query(true).reply(200, page());
      await w.cycle([w.fts, w.cf]);
      channel.stop();
      expect(first.summaries.flatMap((s) => s.errors)).toEqual([]);
      expect(channel.created()).toBe(1);
      expect(channel.bodies).toHaveLength(1);
      expect(
        w.db.prepare("SELECT COUNT(*) FROM notices WHERE ocid LIKE 'ocds-h6vhtk-0001%'").pluck().get(),
      ).toBe(1);
      check(w);
    },
  );

  it('CF 403 (rate limit) waits 300 s and ISO-8859-1 bytes are read, nothing lost', async () => {
    const w = world();
    const release = {
      ...fixtureJson('cf/cf-release-tender-martock-ocds-b5fd17-2fa4ddab.json'),
      tender: {
        ...fixtureJson('cf/cf-release-tender-martock-ocds-b5fd17-2fa4ddab.json').tender,
        title: 'Café advocacy service',
        description: 'Independent advocacy — Care Act',
        // Still open at the test's clock: a notice first seen after its deadline is not a new opportunity.
        tenderPeriod: { endDate: '2026-10-01T12:00:00+01:00' },
      },
    };
    nock(CF).get(CF_PATH).query(true).reply(403, '<html>Request forbidden</html>');
    nock(CF)
      .get(CF_PATH)
      .query(true)
      .reply(200, iconv.encode(JSON.stringify(page(release)).replace('—', '-'), 'latin1'));
    const channel = discord();
    await w.cycle([w.cf]);
    channel.stop();
    expect(w.backoffs()).toEqual([300_000]);
    expect(channel.bodies[0]?.content).toMatch(/^New opportunity: Café advocacy service/);
    expect(channel.created()).toBe(1);
  });

  it('an edited notice arriving again is one update (a reply), not a second alert', async () => {
    const w = world();
    const channel = discord();
    nock(FTS)
      .get(FTS_PATH)
      .query(true)
      .reply(200, page(advocacyRelease('000120-2026')));
    await w.cycle([w.fts]);
    w.clock.advance(HOUR);
    nock(FTS)
      .get(FTS_PATH)
      .query(true)
      .reply(
        200,
        page(advocacyRelease('000120-2026'), {
          ...advocacyRelease('000121-2026'),
          ocid: 'ocds-h6vhtk-000120-2026',
          date: '2026-09-03T13:00:00+01:00',
          tender: { ...advocacyRelease('x').tender, tenderPeriod: { endDate: '2026-10-08T12:00:00+01:00' } },
        }),
      );
    await w.cycle([w.fts]);
    channel.stop();
    expect(channel.bodies.map((b) => b.content.slice(0, 7))).toEqual(['New opp', 'Update ']);
    expect(channel.bodies[1]?.message_reference?.message_id).toBe('800000000000000000');
    expect(w.notices.countNotices()).toBe(1);
  });
});

describe('end-to-end fault matrix: Discord faults', () => {
  async function withDiscordFault(fault: (scope: nock.Scope) => void) {
    const w = world();
    nock(FTS)
      .get(FTS_PATH)
      .query(true)
      .reply(200, page(advocacyRelease('000130-2026')));
    fault(nock(DISCORD));
    const channel = discord();
    const first = await w.cycle([w.fts]);
    w.clock.advance(HOUR);
    nock(FTS).get(FTS_PATH).query(true).reply(200, page());
    const second = await w.cycle([w.fts]);
    channel.stop();
    return { w, channel, first, second };
  }

  it('429 with retry_after: waited out, posted once', async () => {
    const { channel } = await withDiscordFault((d) =>
      d
        .post(`${API}/channels/${CHANNEL}/messages`)
        .reply(
          429,
          { message: 'You are being rate limited.', retry_after: 0.05, global: false },
          { 'retry-after': '1' },
        ),
    );
    expect(channel.created()).toBe(1);
  });

  it('5xx: retried on a later cycle, posted once', async () => {
    const { channel, first } = await withDiscordFault((d) =>
      d.post(`${API}/channels/${CHANNEL}/messages`).reply(502, 'bad gateway'),
    );
    expect(first.sent).toMatchObject({ sent: 0, retried: 1 });
    expect(channel.created()).toBe(1);
  });

  it.each([
    [403, 50001],
    [404, 10003],
  ])('%i (code %i): subscription paused, nothing retried, the worker goes on', async (status, code) => {
    const { w, channel, second } = await withDiscordFault((d) =>
      d.post(`${API}/channels/${CHANNEL}/messages`).reply(status, { message: 'refused', code }),
    );
    expect(channel.created()).toBe(0);
    expect(second.summaries.flatMap((s) => s.errors)).toEqual([]);
    expect(w.subscriptions.list()[0]?.pausedReason).toMatch(/Missing Access|Unknown Channel/);
  });
});

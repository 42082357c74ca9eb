import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startDiscordMock, type DiscordMock } from '../../bench/discord-mock.js';
import { loadConfig } from '../../src/config.js';
import { queueBidderDigests } from '../../src/discord/dm-sender.js';
import { handleButton, handleCommand } from '../../src/discord/dispatcher.js';
import type { OutgoingEdit, OutgoingReply } from '../../src/discord/messages.js';
import { createBidderHook } from '../../src/pipeline/bidders.js';
import { buildLot, buildNotice } from '../support/builders.js';
import { deliveryWorld, subscriptionBody } from '../support/delivery.js';
import { commandContext, fakeButton, fakeInteraction, GUILD } from '../support/interactions.js';
import { checkInert, hostileText } from '../support/inert.js';
import { realMatch } from '../support/matcher.js';

// Every path a message leaves the bot by, with notice text full of mentions, masked links, headings and
// every markdown sigil: alerts (channel with a mention role, forum, webhook), updates, digests, the guide
// after an alert, direct messages (guide, deadline reminder, moved-deadline note, cancellation note, weekly
// digest), and interaction replies (/guide, /explain, /recent, the "How do I bid?" button). Each body must
// ping no one but the chosen role, render as text, and fit Discord's limits.

const ROLE = '777777777777777777';
const USER = '600000000000000001';
const FORUM = '333333333333333333';
const DIGEST = '222222222222222224';

let mock: DiscordMock;
beforeAll(async () => {
  // No nonce memory: each run starts a fresh database, so its digests reuse the nonces of earlier runs and
  // would otherwise be answered with those runs' messages, never checked.
  mock = await startDiscordMock(null, 0, { nonceMemoryMs: 0 });
});
afterAll(() => mock.close());

type Body = Record<string, any>;

const checkBody = (body: Body, where: string) => checkInert(body, where, ROLE);

async function scenario(title: string, description: string, buyer: string, lot: string, changes: string) {
  const start = mock.created.length;
  const threadsBefore = mock.threads.length;
  const w = deliveryWorld(Date.parse('2026-09-07T07:00:00Z'));
  const config = loadConfig({
    DISCORD_TOKEN: 'test-token',
    DISCORD_API_BASE: mock.url,
    DATABASE_PATH: ':memory:',
  });
  const { delivery } = w.makeDelivery({ config });
  w.subscriptions.upsert(
    subscriptionBody({ mentionRoleId: ROLE, stages: ['opportunities', 'updates'] }),
    'x',
  );
  w.subscriptions.upsert(
    subscriptionBody({ channelId: FORUM, target: { kind: 'forum', channelId: FORUM, tags: [] } }),
    'x',
  );
  w.subscriptions.upsert(
    subscriptionBody({
      channelId: 'webhook-x',
      target: { kind: 'webhook', webhookId: '444444444444444444', webhookToken: 'webhook-token-abcdefghij' },
    }),
    'x',
  );
  w.subscriptions.upsert(
    subscriptionBody({ channelId: DIGEST, mode: 'daily', target: { kind: 'channel', channelId: DIGEST } }),
    'x',
  );
  w.bidders.setNudges('user', USER, true);
  w.bidders.setNudges('channel', `${GUILD}:222222222222222222`, true);
  const hook = createBidderHook(w.bidders, w.clock);
  const notice = buildNotice({
    title: `Independent advocacy service ${title}`,
    description,
    buyer: { ...buildNotice().buyer, name: buyer },
    lots: [buildLot('1', lot)],
  });
  const save = (n: typeof notice) =>
    w.notices.savePage('fts', [n], { baseline: false, match: realMatch, afterSave: hook });
  save(notice);
  await delivery.drain();
  const rowId = Number(w.db.prepare('SELECT rowid FROM notices').pluck().get());
  // "Remind me", then a moved deadline and a new title (an update), then the reminder itself.
  await handleButton(fakeButton(`tn:remind:${rowId}`, USER), commandContext(w));
  save({
    ...notice,
    releaseId: '000002-2026',
    title: `Independent advocacy service ${changes}`,
    dates: { ...notice.dates, published: '2026-09-08T09:00:00Z', tenderDeadline: '2026-10-09T11:00:00Z' },
  });
  await delivery.drain();
  await delivery.digests('daily');
  w.clock.advance(3_600_000);
  queueBidderDigests({ bidders: w.bidders, notices: w.queries, clock: w.clock }, 9);
  w.clock.advance(26 * 86_400_000);
  await delivery.drain();
  save({
    ...notice,
    releaseId: '000003-2026',
    status: 'cancelled',
    stage: 'cancellation',
    dates: { ...notice.dates, published: '2026-10-02T09:00:00Z' },
  });
  await delivery.drain();
  for (const m of mock.created.slice(start)) checkBody(m.body, `message to ${m.channelId}`);
  for (const t of mock.threads.slice(threadsBefore)) expect(t.name.length).toBeLessThanOrEqual(100);
  // Discord was asked for every kind of direct message and every destination.
  const made = mock.created.slice(start);
  const dms = made.filter((m) => m.channelId.startsWith('dm-')).map((m) => m.content);
  for (const kind of [
    'How to bid:',
    'Reminder: bids for',
    'The deadline for',
    'The buyer has cancelled',
    'Your weekly Tender Nudge digest',
  ])
    expect(
      dms.some((text) => text.includes(kind)),
      `a direct message with "${kind}"`,
    ).toBe(true);
  expect(made.some((m) => m.webhookId !== null)).toBe(true);
  expect(mock.threads.length).toBeGreaterThan(threadsBefore);

  const replies: (OutgoingReply | OutgoingEdit)[] = [];
  const ctx = commandContext(w);
  for (const [commandName, options] of [
    ['guide', { notice: '000001-2026' }],
    ['explain', { notice: '000001-2026' }],
    ['recent', {}],
  ] as const) {
    const interaction = fakeInteraction({ commandName, options });
    await handleCommand(interaction, ctx);
    replies.push(...interaction.replies);
  }
  const button = fakeButton(`tn:guide:${rowId}`, USER);
  await handleButton(button, ctx);
  replies.push(...button.replies);
  expect(replies.length).toBeGreaterThan(3);
  for (const reply of replies) checkBody(reply, 'interaction reply');
}

describe('every path out of the bot, with hostile notice text', () => {
  it('pings no one but the chosen role, renders as text and fits the limits', async () => {
    await fc.assert(
      fc.asyncProperty(hostileText, hostileText, hostileText, hostileText, hostileText, async (...texts) => {
        await scenario(...texts);
      }),
      { numRuns: 12 },
    );
  }, 120_000);
});

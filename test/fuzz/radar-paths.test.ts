import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startDiscordMock, type DiscordMock } from '../../bench/discord-mock.js';
import { loadConfig } from '../../src/config.js';
import { handleButton, handleCommand } from '../../src/discord/dispatcher.js';
import type { OutgoingEdit, OutgoingReply } from '../../src/discord/messages.js';
import { subscriptionBody } from '../support/delivery.js';
import { commandContext, fakeButton, fakeInteraction } from '../support/interactions.js';
import { checkInert, hostileText } from '../support/inert.js';
import { dorsetAdvocacyAwardRaw, dorsetPinRaw, radarWorld, readNotice } from '../support/radar.js';

// Every path the radar's words leave the bot by, with a contract whose title and supplier are full of
// mentions, masked links, headings and markdown: the "coming up" announcement (channel with a mention role,
// forum, webhook), the digest's "coming up" section, the alert that names the contract it may re-procure,
// the "Remind me" answer and the reminder's direct message, /radar, /buyer and the guide's incumbent. Each
// body must ping no one, render as text, and fit Discord's limits (all built by discord/messages.ts).

const ROLE = '777777777777777777';
const USER = '600000000000000001';
const FORUM = '333333333333333333';
const DIGEST = '222222222222222224';
const AUG_2023 = Date.parse('2023-08-01T09:00:00Z');

let mock: DiscordMock;
beforeAll(async () => {
  // Each run is a fresh database whose digests reuse the same nonces: the stand-in must not drop them.
  mock = await startDiscordMock(null, 0, { nonceMemoryMs: 0 });
});
afterAll(() => mock.close());

type Body = Record<string, any>;

const checkBody = (body: Body, where: string) => checkInert(body, where, ROLE);

async function scenario(title: string, supplier: string) {
  const start = mock.created.length;
  const w = radarWorld(AUG_2023);
  const config = loadConfig({
    DISCORD_TOKEN: 'test-token',
    DISCORD_API_BASE: mock.url,
    DATABASE_PATH: ':memory:',
  });
  const { delivery } = w.makeDelivery({ config });
  w.subscriptions.upsert(subscriptionBody({ mentionRoleId: ROLE }), 'x');
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
  const raw = dorsetAdvocacyAwardRaw();
  raw.tender.title = `Advocacy Services of Adults ${title}`;
  raw.awards[0].suppliers = [{ name: supplier }];
  w.ingest([readNotice(raw)]);
  expect((await w.radar.run()).queued).toBe(4);
  await delivery.drain();
  // 10:00 in London: the daily digest's hour here.
  await delivery.digests('daily', 10);
  const ctx = commandContext(w);
  const rowId = Number(w.db.prepare('SELECT rowid FROM notices').pluck().get());
  const replies: (OutgoingReply | OutgoingEdit)[] = [];
  const press = fakeButton(`tn:radar-remind:${rowId}`, USER);
  await handleButton(press, ctx);
  replies.push(...press.replies);
  // The engagement notice that may re-procure it: its alert names the contract.
  w.clock.advance(60_000);
  w.ingest([readNotice(dorsetPinRaw())]);
  await delivery.drain();
  for (const [commandName, options] of [
    ['radar', {}],
    ['buyer', { name: 'Dorset Council' }],
    ['guide', { notice: 'ocds-h6vhtk-03e4e0' }],
  ] as const) {
    const interaction = fakeInteraction({ commandName, options });
    await handleCommand(interaction, ctx);
    replies.push(...interaction.replies);
  }
  // Six months before the end: the reminder's direct message.
  w.clock.advance(185 * 86_400_000);
  expect(w.radar.queueReminders().queued).toBe(1);
  await delivery.drain();
  const made = mock.created.slice(start);
  for (const m of made) checkBody(m.body, `message to ${m.channelId}`);
  for (const reply of replies) checkBody(reply, 'interaction reply');
  expect(made.filter((m) => m.content.startsWith('Coming up: ')).length).toBeGreaterThanOrEqual(2);
  expect(made.some((m) => m.content.includes('This may be the re-procurement of'))).toBe(true);
  expect(made.some((m) => m.content.includes('Coming up in your area'))).toBe(true);
  expect(
    made.some(
      (m) =>
        m.channelId.startsWith('dm-') &&
        m.content.startsWith('Reminder: ') &&
        m.content.includes('ask the commissioner now what happens next'),
    ),
  ).toBe(true);
  expect(replies.length).toBeGreaterThanOrEqual(4);
}

describe('every path out of the radar, with hostile contract text', () => {
  it('pings no one, renders as text and fits the limits', async () => {
    await fc.assert(
      fc.asyncProperty(hostileText, hostileText, async (...texts) => {
        await scenario(...texts);
      }),
      { numRuns: 8 },
    );
  }, 120_000);
});

import nock from 'nock';
import { describe, expect, it } from 'vitest';
import { handleCommand, createResponder } from '../../src/discord/dispatcher.js';
import { alertMessage, privateReply } from '../../src/discord/messages.js';
import { buildNotice } from '../support/builders.js';
import { API, DISCORD, deliveryWorld, subscriptionBody } from '../support/delivery.js';
import { CHANNEL, commandContext, fakeInteraction, GUILD } from '../support/interactions.js';
import { realMatch } from '../support/matcher.js';

const ROLE = '777777777777777777';
const advocacy = buildNotice({
  title: 'Independent Advocacy Service',
  url: 'https://www.find-tender.service.gov.uk/Notice/000001-2026',
});
const input = {
  notice: advocacy,
  match: realMatch(advocacy),
  kind: 'new' as const,
  changes: [],
  now: Date.parse('2026-09-01T09:00:00Z'),
  areaLabel: (id: string) => id,
  sourceLabel: () => 'Find a Tender',
  noticeRef: 1,
};

describe('answers to interactions, exactly once', () => {
  it('an answer given while a deferral is in flight waits for it and fills it (never a second response)', async () => {
    const interaction = fakeInteraction({ commandName: 'help', deferDelayMs: 30 });
    const responder = createResponder(interaction, deliveryWorld().log);
    const deferring = responder.defer();
    await responder.send([...privateReply('first part'), ...privateReply('second part')]);
    await deferring;
    expect(interaction.initialResponses).toBe(1);
    expect(interaction.deferrals).toBe(1);
    expect(interaction.replies).toHaveLength(2);
  });

  it('a deferral asked for after the answer does nothing', async () => {
    const interaction = fakeInteraction({ commandName: 'help' });
    const responder = createResponder(interaction, deliveryWorld().log);
    await responder.send(privateReply('done'));
    await responder.defer();
    expect(interaction.deferrals).toBe(0);
    expect(interaction.initialResponses).toBe(1);
  });

  it('a deferred answer is filled by an edit without Ephemeral (not an edit flag)', async () => {
    // Edit Original Interaction Response takes SUPPRESS_EMBEDS and IS_COMPONENTS_V2 only; the deferral
    // (flags 64) already made the answer private. Follow-ups are new messages and carry it themselves.
    const interaction = fakeInteraction({ commandName: 'help' });
    const responder = createResponder(interaction, deliveryWorld().log);
    await responder.defer();
    await responder.send([...privateReply('first @everyone *part*'), ...privateReply('second part')]);
    const [edit, followUp] = interaction.replies;
    expect(edit?.flags).toBeUndefined();
    expect(edit?.content).toBe('first @\u200beveryone \\*part\\*');
    expect(edit?.allowedMentions).toEqual({ parse: [] });
    expect(edit?.seenPrivately).toBe(true);
    expect(followUp?.flags).toBe(64);
    expect(interaction.replies.every((r) => r.seenPrivately)).toBe(true);
  });

  it('a slow command (watchlist import) is deferred before its work starts', async () => {
    const w = deliveryWorld();
    let deferredFirst = false;
    const interaction = fakeInteraction({
      commandName: 'watchlist',
      subcommand: 'import',
      options: { file: { url: 'https://cdn.discordapp.com/x.json', name: 'x.json', size: 10 } },
    });
    const fetchText = async () => {
      deferredFirst = interaction.deferrals === 1;
      return '{"id":"w","name":"W","phrases":["a phrase"]}';
    };
    await handleCommand(interaction, commandContext(w, { fetchText }));
    expect(deferredFirst).toBe(true);
    expect(interaction.replies.map((r) => r.content)).toEqual(['Imported "w".']);
  });
});

describe('replies that would not fit are split, never cut', () => {
  it('/watchlist show with 40 long phrases answers in several private messages holding every phrase', async () => {
    const w = deliveryWorld();
    const phrases = Array.from(
      { length: 40 },
      (_, i) => `independent advocacy phrase number ${i} ${'x'.repeat(60)}`,
    );
    w.watchlists.put(GUILD, { ...emptyWatchlist('big'), phrases });
    const interaction = fakeInteraction({
      commandName: 'watchlist',
      subcommand: 'show',
      options: { id: 'big' },
    });
    await handleCommand(interaction, commandContext(w));
    expect(interaction.replies.length).toBeGreaterThan(1);
    for (const reply of interaction.replies) {
      expect(reply.content.length).toBeLessThanOrEqual(2000);
      expect(reply.seenPrivately).toBe(true);
    }
    const all = interaction.replies.map((r) => r.content).join('\n');
    for (const phrase of phrases) expect(all).toContain(phrase);
  });

  it('importing 300 watchlists is confirmed in full, in parts within the limit', async () => {
    const w = deliveryWorld();
    const file = JSON.stringify(
      Array.from({ length: 300 }, (_, i) => ({ ...emptyWatchlist(`list-${i}`), phrases: ['advocacy'] })),
    );
    const interaction = fakeInteraction({
      commandName: 'watchlist',
      subcommand: 'import',
      options: { file: { url: 'https://cdn.discordapp.com/x.json', name: 'x.json', size: 1000 } },
    });
    await handleCommand(interaction, commandContext(w, { fetchText: async () => file }));
    expect(w.watchlists.list(GUILD)).toHaveLength(300);
    expect(interaction.replies.length).toBeGreaterThan(1);
    for (const reply of interaction.replies) expect(reply.content.length).toBeLessThanOrEqual(2000);
    expect(interaction.replies.map((r) => r.content).join(' ')).toContain('"list-299"');
  });

  it('a watchlist file saved with a byte-order mark is read', async () => {
    const w = deliveryWorld();
    const interaction = fakeInteraction({
      commandName: 'watchlist',
      subcommand: 'import',
      options: { file: { url: 'https://cdn.discordapp.com/x.json', name: 'x.json', size: 100 } },
    });
    const file = `\uFEFF${JSON.stringify({ ...emptyWatchlist('bom'), phrases: ['advocacy'] })}`;
    await handleCommand(interaction, commandContext(w, { fetchText: async () => file }));
    expect(interaction.replies[0]?.content).toBe('Imported "bom".');
  });
});

function emptyWatchlist(id: string) {
  return {
    id,
    name: id,
    phrases: [],
    exclusions: [],
    acronyms: [],
    cpvPrefixes: [],
    buyers: [],
    regions: [],
    stages: [],
    minValue: null,
    maxValue: null,
  };
}

describe('the one role a subscription may mention', () => {
  it('is chosen with /subscribe mention_role, and @everyone is refused', async () => {
    const w = deliveryWorld();
    const ok = fakeInteraction({ commandName: 'subscribe', options: { mention_role: ROLE } });
    await handleCommand(ok, commandContext(w));
    expect(w.subscriptions.forChannel(GUILD, CHANNEL)?.mentionRoleId).toBe(ROLE);
    expect(ok.replies[0]?.content).toContain('Each alert mentions the role chosen with mention\\_role');
    const everyone = fakeInteraction({ commandName: 'subscribe', options: { mention_role: GUILD } });
    await handleCommand(everyone, commandContext(w));
    expect(everyone.replies[0]?.content).toContain('does not mention @\u200beveryone');
    expect(w.subscriptions.forChannel(GUILD, CHANNEL)?.mentionRoleId).toBe(ROLE);
  });

  it('leads the alert, and is the only mention its allow-list names; notice text still pings no one', () => {
    const hostile = { ...input, notice: { ...advocacy, title: 'Advocacy <@&123456789012345678> @everyone' } };
    const body = alertMessage(hostile, { kind: 'channel', mentionRoleId: ROLE });
    expect(body.content?.startsWith(`<@&${ROLE}> `)).toBe(true);
    expect(body.allowed_mentions).toEqual({ parse: [], roles: [ROLE] });
    expect(body.content).toContain('\\<@&123456789012345678\\>');
    expect(body.content).toContain('@\u200beveryone');
    expect(alertMessage(input, { kind: 'channel' }).allowed_mentions).toEqual({ parse: [] });
    expect(alertMessage(input, { kind: 'direct', mentionRoleId: ROLE }).allowed_mentions).toEqual({
      parse: [],
    });
  });
});

describe('what each destination can show', () => {
  it('a webhook message has no buttons (Discord drops them) and carries the notice link in its text', () => {
    const body = alertMessage(input, { kind: 'webhook' });
    expect(body.components).toBeUndefined();
    expect(body.content).toContain(
      '\nOpen the notice: https://www.find-tender.service.gov.uk/Notice/000001-2026',
    );
    const row = alertMessage(input, { kind: 'channel' }).components?.[0] as { components: unknown[] };
    expect(row.components).toHaveLength(5);
  });

  /** The tags Discord is asked to put on the advocacy notice's post in a forum with these tags. */
  async function forumPostTags(tags: { id: string; name: string; moderated?: boolean }[]) {
    const w = deliveryWorld();
    const forum = '333333333333333333';
    w.subscriptions.upsert(
      subscriptionBody({
        channelId: forum,
        target: { kind: 'forum', channelId: forum, tags, requiresTag: true },
      }),
      'coordinator',
    );
    w.ingest([advocacy]);
    const posted: Record<string, any>[] = [];
    const scope = nock(DISCORD)
      .post(`${API}/channels/${forum}/threads`, (body) => posted.push(body) > 0)
      .reply(201, { id: '900000000000000001' });
    expect((await w.delivery.drain()).sent).toBe(1);
    scope.done();
    return posted[0]?.applied_tags;
  }

  it("a moderated tag is not chosen (found by an outside check: Discord's 40066 refused every post)", async () => {
    // "Advocacy" fits the notice but only moderators may set it; the required tag is the first open one.
    const tags = [
      { id: '40', name: 'Staff only', moderated: true },
      { id: '41', name: 'Advocacy', moderated: true },
      { id: '42', name: 'Opportunities', moderated: false },
    ];
    expect(await forumPostTags(tags)).toEqual(['42']);
  });

  it('a forum that requires a tag gets its first tag when none matches the notice', async () => {
    expect(await forumPostTags([{ id: '41', name: 'Opportunities' }])).toEqual(['41']);
  });
});

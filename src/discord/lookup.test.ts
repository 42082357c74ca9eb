import { describe, expect, it } from 'vitest';
import type { Subscription } from '../alerts/subscription.js';
import type { PostLookup, SeenMessage } from './client.js';
import { BlankMessagesError, findEarlierPost, leadOf, snowflakeAt } from './lookup.js';

// The look-up after an unanswered send decides whether a post is made again: a wrong "found" loses an alert
// (another notice's post taken for this one), a wrong "not found" doubles it.

const AT = Date.parse('2026-09-03T09:00:00Z');
const BOT = '333333333333333333';
const id = (ms: number, n = 0) => String(BigInt(snowflakeAt(ms)) + BigInt(n));

const sub = (target: Subscription['target']): Subscription => ({
  id: 1,
  guildId: '111111111111111111',
  channelId: '222222222222222222',
  target,
  areas: ['advocacy'],
  watchlists: [],
  regions: [],
  minValue: null,
  maxValue: null,
  reservedOnly: false,
  stages: ['opportunities'],
  mode: 'instant',
  timezone: 'Europe/London',
  dailyCap: 20,
  mentionRoleId: null,
  pausedReason: null,
});

function lookup(
  messages: Record<string, SeenMessage[]>,
  threads: { id: string; parentId: string; name: string }[] = [],
) {
  const calls: string[] = [];
  const api: PostLookup = {
    messagesAfter: (channelId, after) => {
      calls.push(channelId);
      return Promise.resolve((messages[channelId] ?? []).filter((m) => BigInt(m.id) > BigInt(after)));
    },
    activeThreads: () => Promise.resolve(threads),
    webhookChannel: () => Promise.resolve('444444444444444444'),
    botUserId: () => Promise.resolve(BOT),
  };
  return { api, calls };
}

const message = (over: Partial<SeenMessage>): SeenMessage => ({
  id: id(AT + 1_000),
  authorId: BOT,
  webhookId: null,
  embedTitle: 'Independent Advocacy Service',
  customIds: [],
  content: 'New opportunity: Independent Advocacy Service, Leeds City Council.',
  ...over,
});

describe('finding the post an unanswered attempt made', () => {
  const channel = sub({ kind: 'channel', channelId: '222222222222222222' });
  const match = {
    threadName: null,
    inThread: null,
    customId: 'tn:remind:7',
    embedTitle: null,
    lead: 'New opportunity:',
  };

  it("in a channel, by this notice's button id only: another notice with the same title is not it", async () => {
    const other = message({ customIds: ['tn:remind:8'] });
    const { api } = lookup({ '222222222222222222': [other] });
    expect(await findEarlierPost(api, channel, AT, match)).toBeNull();
    const mine = message({ id: id(AT + 2_000), customIds: ['tn:remind:7'] });
    const found = lookup({ '222222222222222222': [other, mine] });
    expect(await findEarlierPost(found.api, channel, AT, match)).toEqual({
      messageId: mine.id,
      threadId: null,
    });
  });

  it("an update is never taken for the notice's first alert (same buttons, another lead)", async () => {
    const first = message({ customIds: ['tn:remind:7'] });
    const { api } = lookup({ '222222222222222222': [first] });
    const update = {
      ...match,
      lead: leadOf('Update (deadline moved from 1 Oct 2026 to 8 Oct 2026): Advocacy'),
    };
    expect(update.lead).toBe('Update (deadline moved from 1 Oct 2026 to 8 Oct 2026):');
    expect(await findEarlierPost(api, channel, AT, update)).toBeNull();
  });

  it('only posts made since the attempt started count', async () => {
    const old = message({ id: id(AT - 60_000), customIds: ['tn:remind:7'] });
    const { api } = lookup({ '222222222222222222': [old] });
    expect(await findEarlierPost(api, channel, AT, match)).toBeNull();
  });

  it("through a webhook, by the embed's title and link (the notice's page), and only that webhook's", async () => {
    const hook = sub({ kind: 'webhook', webhookId: '555555555555555555', webhookToken: 'secret-token' });
    const webhookMatch = {
      threadName: null,
      inThread: null,
      customId: null,
      embedTitle: 'Independent Advocacy Service',
      embedUrl: 'https://www.find-tender.service.gov.uk/Notice/000001-2026',
      lead: 'New opportunity:',
    };
    const sameTitle = message({
      authorId: '555555555555555555',
      webhookId: '555555555555555555',
      embedUrl: 'https://www.find-tender.service.gov.uk/Notice/000002-2026',
    });
    const otherHook = message({
      id: id(AT + 1_500),
      webhookId: '666666666666666666',
      embedUrl: webhookMatch.embedUrl,
    });
    const { api } = lookup({ '444444444444444444': [sameTitle, otherHook] });
    expect(await findEarlierPost(api, hook, AT, webhookMatch)).toBeNull();
    const mine = message({
      id: id(AT + 2_000),
      webhookId: '555555555555555555',
      embedUrl: webhookMatch.embedUrl,
    });
    const found = lookup({ '444444444444444444': [sameTitle, mine] });
    expect(await findEarlierPost(found.api, hook, AT, webhookMatch)).toMatchObject({ messageId: mine.id });
    // Blanked by Discord (no Message Content Intent): said, not taken for "not there"; one message with text
    // among them is a real "not there".
    const hidden = message({ webhookId: '555555555555555555', content: '', embedTitle: null });
    const blank = lookup({ '444444444444444444': [hidden, { ...hidden, id: id(AT + 3_000) }] });
    await expect(findEarlierPost(blank.api, hook, AT, webhookMatch)).rejects.toThrow(BlankMessagesError);
    const mixed = lookup({ '444444444444444444': [hidden, { ...sameTitle, id: id(AT + 3_000) }] });
    expect(await findEarlierPost(mixed.api, hook, AT, webhookMatch)).toBeNull();
  });

  it("in a forum, a post with the same title is this notice's only when its first message is", async () => {
    const forum = sub({ kind: 'forum', channelId: '777777777777777777', tags: [], requiresTag: false });
    const forumMatch = { ...match, threadName: 'Independent Advocacy Service' };
    const theirs = id(AT + 1_000);
    const mine = id(AT + 2_000);
    const threads = [
      { id: mine, parentId: '777777777777777777', name: 'Independent Advocacy Service' },
      { id: theirs, parentId: '777777777777777777', name: 'Independent Advocacy Service' },
    ];
    const { api } = lookup(
      {
        [theirs]: [message({ id: theirs, customIds: ['tn:remind:8'] })],
        [mine]: [message({ id: mine, customIds: ['tn:remind:7'] })],
      },
      threads.slice(1),
    );
    expect(await findEarlierPost(api, forum, AT, forumMatch)).toBeNull();
    const both = lookup(
      {
        [theirs]: [message({ id: theirs, customIds: ['tn:remind:8'] })],
        [mine]: [message({ id: mine, customIds: ['tn:remind:7'] })],
      },
      threads,
    );
    expect(await findEarlierPost(both.api, forum, AT, forumMatch)).toEqual({
      messageId: mine,
      threadId: mine,
    });
    // Its first message cannot be read (no Read Message History): the title and time are all there is.
    const blind = lookup({}, threads.slice(1));
    expect(await findEarlierPost(blind.api, forum, AT, forumMatch)).toEqual({
      messageId: theirs,
      threadId: theirs,
    });
  });
});

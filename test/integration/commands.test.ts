import { ChannelType, MessageFlags, PermissionFlagsBits } from 'discord.js';
import { describe, expect, it, vi } from 'vitest';
import { handleAutocomplete, handleButton, handleCommand } from '../../src/discord/dispatcher.js';
import type { ChannelFacts } from '../../src/discord/commands/types.js';
import { commands } from '../../src/discord/commands/index.js';
import { parseImport } from '../../src/discord/commands/watchlist.js';
import { buildNotice } from '../support/builders.js';
import { deliveryWorld, subscriptionBody } from '../support/delivery.js';
import {
  CHANNEL,
  commandContext,
  fakeAutocomplete,
  fakeButton,
  fakeInteraction,
  GUILD,
  type FakeOptions,
} from '../support/interactions.js';

async function run(o: FakeOptions, w = deliveryWorld(), overrides = {}) {
  const interaction = fakeInteraction(o);
  await handleCommand(interaction, commandContext(w, overrides));
  const [reply] = interaction.replies;
  return { w, interaction, reply, text: reply?.content ?? '' };
}

describe('/subscribe', () => {
  it('subscribes this channel and says what it will get, privately and in plain words', async () => {
    const { w, reply, text } = await run({
      commandName: 'subscribe',
      options: {
        areas: 'advocacy, Peer support',
        regions: 'North West, UKL',
        min_value: 10_000,
        mode: 'daily',
      },
    });
    expect(reply?.flags).toBe(MessageFlags.Ephemeral);
    expect(text).toContain('Subscribed.');
    expect(text).toContain('Follows: Advocacy, Peer support.');
    expect(text).toContain('Regions: North West, Wales.');
    expect(text).toContain('in a daily digest at 8am');
    expect(w.subscriptions.forChannel(GUILD, CHANNEL)).toMatchObject({
      areas: ['advocacy', 'peer-support'],
      regions: ['North West', 'Wales'],
      minValue: 10_000,
      mode: 'daily',
      target: { kind: 'channel', channelId: CHANNEL },
    });
  });

  it('uses one thread per notice in a forum channel, keeping its tags', async () => {
    const { w } = await run({
      commandName: 'subscribe',
      channelType: ChannelType.GuildForum,
      availableTags: [
        { id: '9', name: 'advocacy', moderated: false },
        { id: '10', name: 'reserved', moderated: true },
      ],
    });
    expect(w.subscriptions.forChannel(GUILD, CHANNEL)?.target).toEqual({
      kind: 'forum',
      channelId: CHANNEL,
      tags: [
        { id: '9', name: 'advocacy', moderated: false },
        { id: '10', name: 'reserved', moderated: true },
      ],
      requiresTag: false,
    });
  });

  it('delivers through a webhook when given one', async () => {
    const { w, text } = await run({
      commandName: 'subscribe',
      options: {
        webhook_url:
          'https://discord.com/api/webhooks/333333333333333333/abcdefghijklmnopqrstuvwxyz0123456789',
      },
    });
    expect(w.subscriptions.forChannel(GUILD, CHANNEL)?.target).toEqual({
      kind: 'webhook',
      webhookId: '333333333333333333',
      webhookToken: 'abcdefghijklmnopqrstuvwxyz0123456789',
    });
    expect(text).toContain('through a webhook');
    expect(text).not.toContain('abcdefghijklmnopqrstuvwxyz0123456789');
  });

  it('refuses members without Manage Server and changes nothing', async () => {
    const { w, text } = await run({ commandName: 'subscribe', manageServer: false });
    expect(text).toBe('Only members with the Manage Server permission can change Tender Nudge settings.');
    expect(w.subscriptions.list()).toEqual([]);
    expect(
      commands
        .filter((c) => c.needsManageServer)
        .map((c) => [c.data.name, c.data.toJSON().default_member_permissions]),
    ).toEqual([
      ['subscribe', '32'],
      ['unsubscribe', '32'],
      ['watchlist', '32'],
      ['report-missed', '32'],
    ]);
  });

  it.each([
    [
      { areas: 'advocacy, knitting' },
      '"knitting" is not a service area. Choose from: advocacy, direct-payments-payroll, brokerage-support-planning, information-advice, equality-training, peer-support, user-voice.',
    ],
    [
      { min_value: 500_000, max_value: 100_000 },
      'The maximum value (£100,000) is below the minimum (£500,000).',
    ],
    [
      { regions: 'Narnia' },
      '"Narnia" is not a UK region. Use an English region or nation (for example North West, Wales) or an ITL code such as UKD.',
    ],
    [
      { webhook_url: 'https://evil.example/hook' },
      'That is not a Discord webhook URL (it should start https://discord.com/api/webhooks/).',
    ],
    [
      {
        webhook_url:
          'https://discord.com/api/webhooks/333333333333333333/abcdefghijklmnopqrstuvwxyz?thread_id=444444444444444444',
      },
      'Give the webhook URL without the part from "?" on: Tender Nudge posts to the ' +
        "webhook's own channel, and cannot post into a forum's threads through a webhook.",
    ],
    [{ timezone: 'Mars/Olympus' }, '"Mars/Olympus" is not a time zone name (for example Europe/London).'],
    [{ watchlists: 'nope' }, 'There is no watchlist "nope" on this server. See /watchlist list.'],
    [
      { stages: 'tenders' },
      '"tenders" is not a notice stage. Choose from: opportunities, early, awards, updates.',
    ],
    [
      { areas: 'x'.repeat(5000) },
      `"${'x'.repeat(59)}…" is not a service area. Choose from: advocacy, direct-payments-payroll, brokerage-support-planning, information-advice, equality-training, peer-support, user-voice.`,
    ],
  ])('refuses bad input %j with one clear sentence and changes nothing', async (options, message) => {
    const { w, text, reply } = await run({ commandName: 'subscribe', options });
    expect(text).toBe(message);
    expect(reply?.flags).toBe(MessageFlags.Ephemeral);
    expect(w.subscriptions.list()).toEqual([]);
  });

  it('refuses to run in direct messages', async () => {
    expect((await run({ commandName: 'subscribe', guildId: null })).text).toBe(
      'This command works in a server channel, not in direct messages.',
    );
  });

  it('/subscriptions and /unsubscribe describe and remove the subscription', async () => {
    const w = deliveryWorld();
    await run({ commandName: 'subscribe', options: { areas: 'advocacy' } }, w);
    expect((await run({ commandName: 'subscriptions' }, w)).text).toContain('Follows: Advocacy.');
    expect((await run({ commandName: 'unsubscribe' }, w)).text).toContain('Unsubscribed');
    expect((await run({ commandName: 'subscriptions' }, w)).text).toBe(
      'This channel has no subscription. Someone with Manage Server can start one with /subscribe.',
    );
    expect((await run({ commandName: 'unsubscribe' }, w)).text).toBe(
      'This channel has no subscription, so nothing changed.',
    );
  });

  // A forum has no message box, so no command can be run in one: naming it is how a forum is subscribed.
  it('subscribes a forum named in the channel option, from another channel, keeping its tags', async () => {
    const FORUM = '555555555555555555';
    const w = deliveryWorld();
    const forum = {
      type: ChannelType.GuildForum,
      availableTags: [{ id: '9', name: 'advocacy', moderated: false }],
      flags: { has: (bit: number) => bit === 16 },
    };
    const named = { channel: FORUM, areas: 'advocacy' };
    const { text } = await run({ commandName: 'subscribe', options: named, channels: { [FORUM]: forum } }, w);
    expect(text).toContain('Subscribed.');
    expect(w.subscriptions.forChannel(GUILD, CHANNEL)).toBeNull();
    expect(w.subscriptions.forChannel(GUILD, FORUM)?.target).toEqual({
      kind: 'forum',
      channelId: FORUM,
      tags: [{ id: '9', name: 'advocacy', moderated: false }],
      requiresTag: true,
    });
    const about = { commandName: 'subscriptions', options: { channel: FORUM } };
    expect((await run(about, w)).text).toContain('Follows: Advocacy.');
    expect((await run({ commandName: 'subscriptions' }, w)).text).toContain(
      'This channel has no subscription',
    );
    const stop = { commandName: 'unsubscribe', options: { channel: FORUM } };
    expect((await run(stop, w)).text).toBe(
      'Unsubscribed: that channel will get no more alerts. Anything still waiting to be sent is dropped.',
    );
    expect((await run(stop, w)).text).toBe('That channel has no subscription, so nothing changed.');
    expect(w.subscriptions.list()).toEqual([]);
  });

  it('refuses a channel and a webhook together, and a channel alerts cannot go to, changing nothing', async () => {
    const webhook_url =
      'https://discord.com/api/webhooks/333333333333333333/abcdefghijklmnopqrstuvwxyz0123456789';
    const w = deliveryWorld();
    const both = await run(
      { commandName: 'subscribe', options: { channel: '666666666666666666', webhook_url } },
      w,
    );
    expect(both.text).toBe('Give a channel or a webhook URL, not both: a webhook posts to its own channel.');
    const VOICE = '777777777777777777';
    const voice = { channel: VOICE };
    const refused = await run(
      { commandName: 'subscribe', options: voice, channels: { [VOICE]: { type: ChannelType.GuildVoice } } },
      w,
    );
    expect(refused.text).toBe(
      'Alerts go to a text, announcement or forum channel, or a thread: the channel named is none of these.',
    );
    expect(w.subscriptions.list()).toEqual([]);
    const options = commands.find((c) => c.data.name === 'subscribe')?.data.toJSON().options ?? [];
    const option = options.find((o) => o.name === 'channel');
    expect(option).toMatchObject({ name: 'channel', type: 7, channel_types: [0, 5, 15, 11, 10] });
  });

  // Found by an outside check against discord-api-docs and discord.js: the bot's own permissions in the named
  // channel were never checked ("Subscribed.", then a pause at the first alert), and a forum discord.js could
  // only give as the raw API object (the server not in its cache) failed with "a problem on our side".
  it('refuses a channel the bot cannot post in, and a forum it cannot read, saying so and changing nothing', async () => {
    const FORUM = '555555555555555555';
    const w = deliveryWorld();
    const lacking = await run({ commandName: 'subscribe', options: { channel: FORUM } }, w, {
      missingPermissions: (id: string) => (id === FORUM ? ['View Channel', 'Send Messages'] : []),
    });
    expect(lacking.text).toBe(
      'The bot cannot post in that channel yet: it needs View Channel, Send Messages there. Give it those and ' +
        'run /subscribe again. Nothing changed.',
    );
    // A thread is held to what a thread needs (the adapter's missingIn, tested in permissions.test.ts).
    const thread = { channelType: ChannelType.PublicThread, channelId: '888888888888888888' };
    const inThread = await run({ commandName: 'subscribe', ...thread }, deliveryWorld(), {
      missingPermissions: () => ['Send Messages in Threads'],
    });
    expect(inThread.text).toBe(
      'The bot cannot post in this channel yet: it needs Send Messages in Threads there. Give it those and ' +
        'run /subscribe again. Nothing changed.',
    );
    const raw = { type: ChannelType.GuildForum, flags: 16 } as never;
    const unseen = await run(
      { commandName: 'subscribe', options: { channel: FORUM }, channels: { [FORUM]: raw } },
      w,
    );
    expect(unseen.text).toContain("Tender Nudge cannot read that forum's tags");
    // Only /subscribe reads the tags: the same forum can still be unsubscribed and described.
    const rawForum = { options: { channel: FORUM }, channels: { [FORUM]: raw } };
    expect((await run({ commandName: 'unsubscribe', ...rawForum }, w)).text).toBe(
      'That channel has no subscription, so nothing changed.',
    );
    expect((await run({ commandName: 'subscriptions', ...rawForum }, w)).text).toContain(
      'That channel has no subscription.',
    );
    expect(w.subscriptions.list()).toEqual([]);
  });

  // Left from the forum work: a private thread could be subscribed by running /subscribe inside it, though
  // the bot can post there only once a member adds it; and /subscriptions described any channel given.
  it('refuses a private thread, and describes a named channel only to a member who can see it', async () => {
    const w = deliveryWorld();
    const PRIVATE = { channelType: ChannelType.PrivateThread, channelId: '888888888888888888' };
    expect((await run({ commandName: 'subscribe', ...PRIVATE }, w)).text).toBe(
      'Alerts cannot go to a private thread: the bot can post in one only once it is added to it, and only ' +
        'its members would see them. Run /subscribe in a channel or a public thread, or name one with ' +
        'channel:. Nothing changed.',
    );
    // Found by an outside check: discord.js gives the channel a command ran in from its cache only, and a
    // private thread the bot is not in is never synced to it, so the command comes with no channel at all.
    const unsynced = fakeInteraction({ commandName: 'subscribe', ...PRIVATE });
    unsynced.channel = null;
    await handleCommand(unsynced, commandContext(w, { missingPermissions: () => null }));
    expect(unsynced.replies[0]?.content).toBe(
      'The bot cannot see this channel (a private thread it has not been added to, or a channel it has no ' +
        'View Channel in), so it could not post here. Run /subscribe in a channel or a public thread it can ' +
        'see, or name one with channel:. Nothing changed.',
    );
    expect(w.subscriptions.list()).toEqual([]);
    const HIDDEN = '999999999999999999';
    await run({ commandName: 'subscribe', channelId: HIDDEN, options: { areas: 'advocacy' } }, w);
    expect(w.subscriptions.forChannel(GUILD, HIDDEN)).not.toBeNull();
    const unseen =
      'Tender Nudge describes the subscription of a channel only to members who can see that channel, and ' +
      'Discord did not say that you can see that one.';
    const about = (permissions: ChannelFacts['permissions']) =>
      run(
        {
          commandName: 'subscriptions',
          options: { channel: HIDDEN },
          channels: { [HIDDEN]: { type: ChannelType.GuildText, permissions } },
        },
        w,
      );
    // As discord.js gives them: the API's decimal string (the server not in its cache), or a bit field.
    const sendOnly = String(PermissionFlagsBits.SendMessages);
    expect((await about(sendOnly)).text).toBe(unseen);
    expect((await about({ has: (bit: bigint) => bit === PermissionFlagsBits.SendMessages })).text).toBe(
      unseen,
    );
    expect((await about(null)).text).toBe(unseen);
    expect((await about('not a number')).text).toBe(unseen);
    const viewing = String(PermissionFlagsBits.ViewChannel | PermissionFlagsBits.SendMessages);
    expect((await about(viewing)).text).toContain('Follows: Advocacy.');
    expect((await about({ has: (bit: bigint) => bit === PermissionFlagsBits.ViewChannel })).text).toContain(
      'Follows: Advocacy.',
    );
  });

  it('autocompletes areas, keeping what was already typed', async () => {
    const interaction = fakeAutocomplete('subscribe', 'areas', 'advocacy, pe');
    await handleAutocomplete(interaction, commandContext(deliveryWorld()));
    expect(interaction.choices).toEqual([
      { name: 'advocacy, peer-support', value: 'advocacy, peer-support' },
    ]);
  });

  // Found by an outside check (2026-12-03): a completion past 100 characters was cut with "…", and choosing
  // it submitted a broken list that /subscribe then refused.
  it('offers no completion longer than a choice may be, rather than a cut one', async () => {
    const typed =
      'advocacy, direct-payments-payroll, brokerage-support-planning, information-advice, equality-training, pe';
    const interaction = fakeAutocomplete('subscribe', 'areas', typed);
    await handleAutocomplete(interaction, commandContext(deliveryWorld()));
    expect(interaction.choices).toEqual([]);
    const shorter = fakeAutocomplete('subscribe', 'areas', 'advocacy, information-advice, pe');
    await handleAutocomplete(shorter, commandContext(deliveryWorld()));
    expect(shorter.choices).toEqual([
      {
        name: 'advocacy, information-advice, peer-support',
        value: 'advocacy, information-advice, peer-support',
      },
    ]);
  });
});

describe('/watchlist', () => {
  const wl = (subcommand: string, options: FakeOptions['options'] = {}) => ({
    commandName: 'watchlist',
    subcommand,
    options,
  });

  it('creates, adds, removes, shows, lists and deletes', async () => {
    const w = deliveryWorld();
    expect(
      (await run(wl('create', { id: 'yorks', name: 'Yorkshire network', phrase: 'short breaks' }), w)).text,
    ).toContain('Watchlist "yorks": Yorkshire network');
    expect((await run(wl('add', { id: 'yorks', kind: 'cpv', value: '85312300-2' }), w)).text).toContain(
      'CPV codes: "85312300"',
    );
    expect((await run(wl('add', { id: 'yorks', kind: 'region', value: 'UKE' }), w)).text).toContain(
      'Regions: "Yorkshire and the Humber"',
    );
    expect((await run(wl('add', { id: 'yorks', kind: 'min-value', value: '£10,000' }), w)).text).toContain(
      'from £10,000',
    );
    expect(
      (await run(wl('remove', { id: 'yorks', kind: 'phrase', value: 'short breaks' }), w)).text,
    ).toContain('Phrases: none');
    expect((await run(wl('list'), w)).text).toBe('"yorks": Yorkshire network (0 phrases, 1 CPV codes)');
    expect((await run(wl('show', { id: 'yorks' }), w)).text).toContain('Buyers: none');
    expect((await run(wl('delete', { id: 'yorks' }), w)).text).toBe('Deleted "yorks".');
    expect(w.watchlists.list(GUILD)).toEqual([]);
  });

  it.each([
    [{ kind: 'phrase', value: 'x'.repeat(5000) }, 'a phrase can be at most 100 characters (phrases.1).'],
    [
      { kind: 'phrase', value: 'advoca(cy|te)' },
      'write phrases as plain words, not regular expressions (phrases.1).',
    ],
    [
      { kind: 'cpv', value: '85x' },
      'a CPV code is 2 to 8 digits (the check digit is not needed) (cpvPrefixes.0).',
    ],
    [{ kind: 'max-value', value: 'lots' }, '"lots" is not an amount of money.'],
    [{ kind: 'phrase', value: 'short breaks' }, '"short breaks" is already in phrases.'],
  ])('refuses %j and leaves the watchlist as it was', async (options, message) => {
    const w = deliveryWorld();
    await run(wl('create', { id: 'yorks', name: 'Yorkshire', phrase: 'short breaks' }), w);
    const before = w.watchlists.get(GUILD, 'yorks');
    expect((await run(wl('add', { id: 'yorks', ...options }), w)).text).toBe(message);
    expect(w.watchlists.get(GUILD, 'yorks')).toEqual(before);
  });

  it('exports a JSON file and imports it back', async () => {
    const w = deliveryWorld();
    await run(wl('create', { id: 'yorks', name: 'Yorkshire', phrase: 'short breaks' }), w);
    const exported = (await run(wl('export', { id: 'yorks' }), w)).reply;
    const file = exported?.files?.[0];
    expect(file?.name).toBe('yorks.json');
    const text = file?.attachment.toString('utf8') ?? '';
    await run(wl('delete', { id: 'yorks' }), w);
    const imported = await run(
      wl('import', {
        file: {
          url: 'https://cdn.discordapp.com/attachments/1/2/yorks.json',
          name: 'yorks.json',
          size: text.length,
        },
      }),
      w,
      { fetchText: async () => text },
    );
    expect(imported.text).toBe('Imported "yorks".');
    expect(w.watchlists.get(GUILD, 'yorks')?.phrases).toEqual(['short breaks']);
  });

  it('points every import error at its line, and imports nothing', () => {
    const text = [
      '{',
      '  "id": "Bad Id",',
      '  "name": "Network",',
      '  "phrases": [',
      '    "ok",',
      '    "regex|syntax"',
      '  ],',
      '  "cpvPrefixes": ["85x"]',
      '}',
    ].join('\n');
    expect(parseImport(text)).toEqual({
      watchlists: [],
      errors: [
        'line 2: id: a watchlist id is lower-case letters, digits and dashes (up to 40)',
        'line 6: phrases.1: write phrases as plain words, not regular expressions',
        'line 8: cpvPrefixes.0: a CPV code is 2 to 8 digits (the check digit is not needed)',
      ],
    });
    expect(parseImport('{\n  "id": "x",\n  oops\n}').errors[0]).toMatch(/^line 3: not valid JSON/);
  });

  it('defers a slow import within 3 seconds, then answers in the deferred reply', async () => {
    vi.useFakeTimers();
    try {
      const w = deliveryWorld();
      const interaction = fakeInteraction(
        wl('import', { file: { url: 'https://cdn.discordapp.com/x.json', name: 'x.json', size: 10 } }),
      );
      const slow = () =>
        new Promise<string>((resolve) =>
          setTimeout(() => resolve('{"id":"slow","name":"Slow","phrases":["a phrase"]}'), 5_000),
        );
      const done = handleCommand(interaction, commandContext(w, { fetchText: slow }));
      await vi.advanceTimersByTimeAsync(2_100);
      expect(interaction.deferrals).toBe(1);
      await vi.advanceTimersByTimeAsync(3_000);
      await done;
      expect(interaction.replies.map((r) => r.content)).toEqual(['Imported "slow".']);
    } finally {
      vi.useRealTimers();
    }
  });
});

describe('/recent, /explain, /status and buttons', () => {
  function seeded() {
    const w = deliveryWorld();
    w.subscriptions.upsert(subscriptionBody({ minValue: 500_000 }), 'coordinator');
    const notices = Array.from({ length: 7 }, (_, i) =>
      buildNotice({
        ocid: `ocds-h6vhtk-00000${i}`,
        releaseId: `00000${i}-2026`,
        title: `Independent Advocacy Service ${i}`,
        value: { amount: 100_000 * (i + 1), amountGross: null, min: null, currency: 'GBP' },
      }),
    );
    w.ingest([
      ...notices,
      buildNotice({
        ocid: 'ocds-h6vhtk-legal',
        releaseId: '000099-2026',
        title: 'Legal advocacy framework for tribunals',
      }),
    ]);
    return w;
  }

  it('/recent pages through matched notices with working buttons', async () => {
    const w = seeded();
    const { text, reply } = await run({ commandName: 'recent' }, w);
    expect(text).toMatch(/^Matched notices, newest first \(page 1 of 2, 7 in the last 30 days\):/);
    const next = fakeButton('tn:recent:all:1');
    await handleButton(next, commandContext(w));
    expect(next.updates[0]?.content).toMatch(/page 2 of 2/);
    // A button edits the private page it is on (UPDATE_MESSAGE): the edit flags only, never Ephemeral (64).
    expect(next.updates[0]?.flags).toBeUndefined();
    expect(next.updates[0]?.allowedMentions).toEqual({ parse: [] });
    expect(JSON.stringify(reply?.components)).toContain('tn:recent:all:1');
    expect((await run({ commandName: 'recent', options: { area: 'knitting' } }, w)).text).toContain(
      'is not a service area',
    );
  });

  it('/explain says why a notice was posted, held back or not matched', async () => {
    const w = seeded();
    expect(
      (
        await run(
          {
            commandName: 'explain',
            options: { notice: 'https://www.find-tender.service.gov.uk/Notice/000006-2026' },
          },
          w,
        )
      ).text,
    ).toContain('For this channel it is queued to be posted.');
    const below = (await run({ commandName: 'explain', options: { notice: '000001-2026' } }, w)).text;
    expect(below).toContain(
      "Not posted here because its value (£200,000) is below this channel's floor of £500,000.",
    );
    const legal = (await run({ commandName: 'explain', options: { notice: '000099-2026' } }, w)).text;
    expect(legal).toContain('It matched no service area.');
    expect(legal).toContain("is part of excluded 'legal advocacy'");
    expect((await run({ commandName: 'explain', options: { notice: 'nope' } }, w)).text).toContain(
      'has not stored a notice "nope"',
    );
  });

  it('buttons record feedback once per person, and /status reports it with queue and paused channels', async () => {
    const w = seeded();
    const rowId = Number(
      w.db.prepare("SELECT rowid FROM notices WHERE ocid = 'ocds-h6vhtk-000006'").pluck().get(),
    );
    const first = fakeButton(`tn:interested:${rowId}`);
    await handleButton(first, commandContext(w));
    const again = fakeButton(`tn:interested:${rowId}`);
    await handleButton(again, commandContext(w));
    await handleButton(fakeButton(`tn:not-relevant:${rowId}`, '555555555555555555'), commandContext(w));
    expect(first.replies[0]?.content).toMatch(/^Saved: you are interested/);
    expect(again.replies[0]?.content).toMatch(
      /^You had already pressed that for this notice\. I will send you a direct message/,
    );
    const sub = w.subscriptions.forChannel(GUILD, CHANNEL);
    if (sub) w.subscriptions.pause(sub.id, 'the bot cannot see this channel (Missing Access)');
    const status = (await run({ commandName: 'status' }, w)).text;
    expect(status).toContain('No poll has finished yet.');
    expect(status).toContain('Alerts waiting to be sent (all servers): 3.');
    expect(status).toContain(`Paused: <#${CHANNEL}>: the bot cannot see this channel (Missing Access).`);
    expect(status).toContain('Advocacy: 1 interested, 1 not relevant, 0 reminders');
    // With the gateway, /status says what the bot lacks in each subscribed channel.
    const lacking = await run({ commandName: 'status' }, w, {
      missingPermissions: () => ['Read Message History'],
    });
    expect(lacking.text).toContain(
      `In <#${CHANNEL}>, the bot lacks Read Message History: grant them to its role in that channel's permissions.`,
    );
  });

  it('/help explains commands and jargon without needing any setting', async () => {
    const { text } = await run({ commandName: 'help' });
    expect(text).toContain('/subscribe');
    expect(text).toContain('CPV: Common Procurement Vocabulary');
    expect(text.length).toBeLessThanOrEqual(2000);
  });
});

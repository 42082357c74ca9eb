import type { RESTPostAPIChannelMessageJSONBody } from 'discord-api-types/v10';
import { describe, expect, it } from 'vitest';
import type { MessageTransport } from '../../src/discord/client.js';
import { handleCommand } from '../../src/discord/dispatcher.js';
import { emptyCounters } from '../../src/ops/metrics.js';
import { sendOpsAlerts } from '../../src/operations.js';
import { createSqliteOpsStore } from '../../src/store/ops-store.js';
import { deliveryWorld, subscriptionBody } from '../support/delivery.js';
import { CHANNEL, commandContext, fakeInteraction, GUILD } from '../support/interactions.js';

const HOUR = 3_600_000;
const OTHER_GUILD = '999999999999999999';
const ALERTS_CHANNEL = '555555555555555555';

/** A transport that records what was posted where, and can be made to fail. */
function recordingTransport() {
  const posted: { channelId: string; body: RESTPostAPIChannelMessageJSONBody }[] = [];
  let failing = false;
  const transport: MessageTransport = {
    postMessage: async (channelId, body) => {
      if (failing) throw new Error('Discord HTTP 503');
      posted.push({ channelId, body });
      return { id: String(posted.length) };
    },
    startThread: async () => ({ threadId: '1', messageId: '1' }),
    postWebhook: async () => ({ id: '1' }),
    sendDirect: async () => ({ id: '1' }),
  };
  return { transport, posted, fail: (on: boolean) => (failing = on) };
}

function opsWorld() {
  const w = deliveryWorld(Date.parse('2026-12-01T09:00:00Z'));
  const ops = createSqliteOpsStore(w.db, w.clock.now);
  const discord = recordingTransport();
  const counters = emptyCounters();
  const run = (source: string, errors: string[]) => {
    w.notices.recordRun({
      source,
      kind: 'poll',
      startedAt: w.clock.now(),
      endedAt: w.clock.now() + 1000,
      requests: 1,
      counts: { seen: 0, new: 0, updated: 0, unchanged: 0, skipped: 0 },
      errors,
    });
  };
  const tell = () =>
    sendOpsAlerts({
      ops,
      transport: discord.transport,
      sources: ['fts', 'cf'],
      feedFailureHours: 6,
      counters,
      log: w.log,
      now: w.clock.now,
    });
  return { w, ops, discord, counters, run, tell };
}

describe('/status alerts', () => {
  it('alerts:here makes this channel the alerts channel (Manage Server only); /status says where; off stops it', async () => {
    const { w, ops } = opsWorld();
    const ctx = commandContext(w, { alertChannels: ops });
    const refused = fakeInteraction({
      commandName: 'status',
      options: { alerts: 'here' },
      manageServer: false,
    });
    await handleCommand(refused, ctx);
    expect(refused.replies[0]?.content).toContain('Manage Server');
    expect(ops.alertChannelFor(GUILD)).toBeNull();

    const here = fakeInteraction({ commandName: 'status', options: { alerts: 'here' } });
    await handleCommand(here, ctx);
    expect(here.replies[0]?.content).toContain('This channel will now hear, once each');
    expect(ops.alertChannelFor(GUILD)).toBe(CHANNEL);

    const status = fakeInteraction({ commandName: 'status' });
    await handleCommand(status, ctx);
    expect(status.replies[0]?.content).toContain(`Feed and pause alerts go to <#${CHANNEL}>.`);

    const off = fakeInteraction({ commandName: 'status', options: { alerts: 'off' } });
    await handleCommand(off, ctx);
    expect(off.replies[0]?.content).toBe('This server will no longer get feed and pause alerts.');
    expect(ops.alertChannelFor(GUILD)).toBeNull();
  });
});

describe('the alerts channel hears once when a feed fails for long, and once when it recovers', () => {
  it('nothing for a short failure; one message per server past 6 hours; one recovery; never one per request', async () => {
    const { w, ops, discord, run, tell, counters } = opsWorld();
    ops.setAlertChannel(GUILD, ALERTS_CHANNEL, 'coordinator');
    ops.setAlertChannel(OTHER_GUILD, '666666666666666666', 'coordinator');
    run('fts', []);
    w.clock.advance(HOUR);
    for (let i = 0; i < 30; i++) {
      run('fts', ['HTTP 503 from www.find-tender.service.gov.uk']);
      run('cf', []);
      w.clock.advance(10 * 60_000);
      await tell();
    }
    // Failing since 10:00 (the first failure after the 09:00 success); 5 h in, nobody was told.
    expect(discord.posted).toHaveLength(0);
    for (let i = 0; i < 12; i++) {
      run('fts', ['HTTP 503 from www.find-tender.service.gov.uk']);
      w.clock.advance(10 * 60_000);
      await tell();
    }
    expect(discord.posted.map((p) => p.channelId).sort()).toEqual([ALERTS_CHANNEL, '666666666666666666']);
    const text = discord.posted[0]?.body.content ?? '';
    expect(text).toContain('Tender Nudge has not been able to read Find a Tender for 6 hours');
    expect(text).toContain('The last error was: HTTP 503 from www.find-tender.service.gov.uk.');
    expect(discord.posted[0]?.body.allowed_mentions).toEqual({ parse: [] });

    run('fts', []);
    await tell();
    await tell();
    expect(discord.posted).toHaveLength(4);
    expect(discord.posted[2]?.body.content).toContain('Find a Tender is being read again.');
    expect(counters.opsAlerts).toBe(4);
  });

  it('a message Discord does not take is tried again next time, and sent once', async () => {
    const { w, ops, discord, run, tell } = opsWorld();
    ops.setAlertChannel(GUILD, ALERTS_CHANNEL, 'coordinator');
    run('cf', ['Cannot reach www.contractsfinder.service.gov.uk (ENOTFOUND)']);
    w.clock.advance(7 * HOUR);
    run('cf', ['Cannot reach www.contractsfinder.service.gov.uk (ENOTFOUND)']);
    discord.fail(true);
    await tell();
    expect(
      w.log.entries.some((e) => e.message === 'Alerts channel message not delivered; will try again'),
    ).toBe(true);
    discord.fail(false);
    await tell();
    await tell();
    expect(discord.posted).toHaveLength(1);
    expect(discord.posted[0]?.body.content).toContain('Contracts Finder');
  });
});

describe('the alerts channel hears when a subscription in its server is paused', () => {
  it('once per pause, only in that server; a new pause after /subscribe lifted it is told again', async () => {
    const { w, ops, discord, tell } = opsWorld();
    ops.setAlertChannel(GUILD, ALERTS_CHANNEL, 'coordinator');
    const mine = w.subscriptions.upsert(subscriptionBody(), 'coordinator');
    const theirs = w.subscriptions.upsert(subscriptionBody({ guildId: OTHER_GUILD }), 'someone');
    w.subscriptions.pause(mine.id, 'the bot is not allowed to post here (Missing Permissions)');
    w.subscriptions.pause(theirs.id, 'the channel no longer exists (Unknown Channel)');
    await tell();
    await tell();
    expect(discord.posted).toHaveLength(1);
    expect(discord.posted[0]?.channelId).toBe(ALERTS_CHANNEL);
    expect(discord.posted[0]?.body.content).toBe(
      `Alerts to <#${CHANNEL}> are paused: the bot is not allowed to post here (Missing Permissions). Fix that, then run /subscribe for that channel again to resume (nothing is lost: /recent lists what was matched meanwhile).`,
    );
    w.subscriptions.upsert(subscriptionBody(), 'coordinator');
    await tell();
    w.subscriptions.pause(mine.id, 'the bot cannot see this channel (Missing Access)');
    await tell();
    expect(discord.posted).toHaveLength(2);
    expect(discord.posted[1]?.body.content).toContain('Missing Access');
  });
});

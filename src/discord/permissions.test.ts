import { PermissionFlagsBits as P } from 'discord-api-types/v10';
import { describe, expect, it } from 'vitest';
import { channelPermissions, missingIn, missingPermissions } from './permissions.js';

const GUILD = '100000000000000000';
const BOT = '200000000000000000';
const BOT_ROLE = '300000000000000000';
const bits = (...flags: bigint[]) => String(flags.reduce((a, b) => a | b, 0n));

describe('the bot’s permissions in a channel', () => {
  const roles = [
    { id: GUILD, permissions: bits(P.ViewChannel, P.SendMessages, P.ReadMessageHistory) },
    { id: BOT_ROLE, permissions: bits(P.EmbedLinks) },
  ];

  it('adds the bot’s roles to @everyone', () => {
    const p = channelPermissions({
      guildId: GUILD,
      roles,
      memberId: BOT,
      memberRoles: [BOT_ROLE],
      overwrites: [],
    });
    expect(missingPermissions(p, 'channel')).toEqual([]);
    expect(missingPermissions(p, 'forum')).toEqual(['Send Messages in Threads']);
  });

  it('applies @everyone, role and member overwrites in Discord’s order', () => {
    const overwrites = [
      { id: GUILD, type: 0, allow: '0', deny: bits(P.SendMessages, P.ViewChannel) },
      { id: BOT_ROLE, type: 0, allow: bits(P.ViewChannel), deny: '0' },
      { id: BOT, type: 1, allow: '0', deny: bits(P.EmbedLinks) },
    ];
    const p = channelPermissions({
      guildId: GUILD,
      roles,
      memberId: BOT,
      memberRoles: [BOT_ROLE],
      overwrites,
    });
    expect(missingPermissions(p, 'channel')).toEqual(['Send Messages', 'Embed Links']);
  });

  it('gives an administrator everything', () => {
    const admin = [...roles, { id: '400000000000000000', permissions: bits(P.Administrator) }];
    const overwrites = [{ id: GUILD, type: 0, allow: '0', deny: bits(P.ViewChannel) }];
    const p = channelPermissions({
      guildId: GUILD,
      roles: admin,
      memberId: BOT,
      memberRoles: ['400000000000000000'],
      overwrites,
    });
    expect(missingPermissions(p, 'forum')).toEqual([]);
  });

  // Left from the forum work: /status and doctor held a thread subscription to Send Messages, which does not
  // allow posting in a thread, and did not ask for Send Messages in Threads, which does.
  it('holds a thread to Send Messages in Threads, not Send Messages, whatever the subscription kind', () => {
    const granted = (...flags: bigint[]) => ({ bitfield: flags.reduce((a, b) => a | b, 0n) });
    const posting = [P.ViewChannel, P.EmbedLinks, P.ReadMessageHistory];
    const thread = (bitfield: { bitfield: bigint } | null) => ({
      isThread: () => true,
      permissionsFor: (me: string) => (me === BOT ? bitfield : null),
    });
    expect(missingIn(thread(granted(...posting, P.SendMessagesInThreads)), BOT, 'channel')).toEqual([]);
    expect(missingIn(thread(granted(...posting, P.SendMessages)), BOT, 'channel')).toEqual([
      'Send Messages in Threads',
    ]);
    const channel = { ...thread(granted(...posting, P.SendMessagesInThreads)), isThread: () => false };
    expect(missingIn(channel, BOT, 'channel')).toEqual(['Send Messages']);
    expect(missingIn(thread(null), BOT, 'channel')).toBeNull();
  });
});

import { PermissionFlagsBits } from 'discord-api-types/v10';

// Which permissions the bot has in a channel, computed as Discord does: the @everyone role, plus the bot's
// roles, then the channel's overwrites (@everyone, then roles together, then the member). Administrator
// grants everything. Used by `npm run doctor`, `/status` and `/subscribe`.

export interface PermissionFacts {
  guildId: string;
  /** Every role of the server, with its permission bits (as Discord sends them: a decimal string). */
  roles: { id: string; permissions: string }[];
  memberId: string;
  memberRoles: string[];
  overwrites: { id: string; type: number; allow: string; deny: string }[];
}

const ROLE_OVERWRITE = 0;
const MEMBER_OVERWRITE = 1;

export function channelPermissions(facts: PermissionFacts): bigint {
  const role = (id: string) => BigInt(facts.roles.find((r) => r.id === id)?.permissions ?? '0');
  let permissions = role(facts.guildId);
  for (const id of facts.memberRoles) permissions |= role(id);
  if ((permissions & PermissionFlagsBits.Administrator) !== 0n) return ~0n;
  const everyone = facts.overwrites.find((o) => o.id === facts.guildId);
  if (everyone) permissions = (permissions & ~BigInt(everyone.deny)) | BigInt(everyone.allow);
  let allow = 0n;
  let deny = 0n;
  for (const o of facts.overwrites)
    if (o.type === ROLE_OVERWRITE && o.id !== facts.guildId && facts.memberRoles.includes(o.id)) {
      allow |= BigInt(o.allow);
      deny |= BigInt(o.deny);
    }
  permissions = (permissions & ~deny) | allow;
  const member = facts.overwrites.find((o) => o.type === MEMBER_OVERWRITE && o.id === facts.memberId);
  if (member) permissions = (permissions & ~BigInt(member.deny)) | BigInt(member.allow);
  return permissions;
}

/** What the bot needs where it posts: a channel, a forum (each notice its own post), or a thread. */
export const NEEDED = {
  // Read Message History: an update is a reply to the original alert, and after an unanswered send the
  // bot reads the channel to see whether its post was made before sending again.
  channel: {
    'View Channel': PermissionFlagsBits.ViewChannel,
    'Send Messages': PermissionFlagsBits.SendMessages,
    'Embed Links': PermissionFlagsBits.EmbedLinks,
    'Read Message History': PermissionFlagsBits.ReadMessageHistory,
  },
  forum: {
    'View Channel': PermissionFlagsBits.ViewChannel,
    'Send Messages': PermissionFlagsBits.SendMessages,
    'Send Messages in Threads': PermissionFlagsBits.SendMessagesInThreads,
    'Embed Links': PermissionFlagsBits.EmbedLinks,
    'Read Message History': PermissionFlagsBits.ReadMessageHistory,
  },
  // A thread has its parent's permissions, and a post in it needs Send Messages in Threads, not Send
  // Messages (discord-api-docs, permissions: SEND_MESSAGES "does not allow sending messages in threads").
  thread: {
    'View Channel': PermissionFlagsBits.ViewChannel,
    'Send Messages in Threads': PermissionFlagsBits.SendMessagesInThreads,
    'Embed Links': PermissionFlagsBits.EmbedLinks,
    'Read Message History': PermissionFlagsBits.ReadMessageHistory,
  },
} as const;

/** The names of the permissions missing for this kind of target. */
export function missingPermissions(permissions: bigint, kind: keyof typeof NEEDED): string[] {
  return Object.entries(NEEDED[kind])
    .filter(([, bit]) => (permissions & bit) === 0n)
    .map(([name]) => name);
}

/**
 * What the bot lacks in a cached channel a subscription posts to, or null when the cache cannot tell. A
 * thread is held to what a thread needs, whatever kind of subscription posts to it.
 */
export function missingIn<U>(
  channel: { isThread(): boolean; permissionsFor(user: U): { bitfield: bigint } | null },
  me: U,
  kind: 'channel' | 'forum',
): string[] | null {
  const granted = channel.permissionsFor(me);
  return granted ? missingPermissions(granted.bitfield, channel.isThread() ? 'thread' : kind) : null;
}

import { ChannelFlags, ChannelType, PermissionFlagsBits, type SlashCommandChannelOption } from 'discord.js';
import type { Subscription } from '../../alerts/subscription.js';
import { InputError, type ChannelFacts, type CommandInteraction } from './types.js';

type ForumTarget = Extract<Subscription['target'], { kind: 'forum' }>;

/** Where alerts can go: a text or announcement channel, a forum (a post for each alert), or a thread. */
const ALERT_CHANNEL_TYPES = [
  ChannelType.GuildText,
  ChannelType.GuildAnnouncement,
  ChannelType.GuildForum,
  ChannelType.PublicThread,
  ChannelType.AnnouncementThread,
] as const;

/** The channel a subscription command is about, and whether it was named (not where the command ran). */
export interface Place {
  channelId: string;
  channel: ChannelFacts | null;
  named: boolean;
}

/**
 * The `channel` option of /subscribe, /unsubscribe and /subscriptions. A forum has no message box, so no
 * command can be run in it: naming it is the only way to subscribe one.
 */
export function channelOption(o: SlashCommandChannelOption, description: string): SlashCommandChannelOption {
  return o
    .setName('channel')
    .setDescription(description)
    .addChannelTypes(...ALERT_CHANNEL_TYPES);
}

/** The channel its `channel` option names, else the one the command was run in. */
export function placeOf(interaction: CommandInteraction): Place {
  const named = interaction.options.getChannel('channel');
  if (!named) return { channelId: interaction.channelId, channel: interaction.channel, named: false };
  // Discord offers only these types; a client that sends another gets a sentence, not a subscription.
  if (!(ALERT_CHANNEL_TYPES as readonly number[]).includes(named.type))
    throw new InputError(
      'Alerts go to a text, announcement or forum channel, or a thread: the channel named is none of these.',
    );
  return { channelId: named.id, channel: named, named: true };
}

/**
 * A forum's tags and whether it requires one, as /subscribe keeps them. discord.js gives the raw API object
 * (flags a number, no tags) when the server is not in its cache (the bot is not in it, or it is unavailable):
 * a forum read from that would be stored with no tags, so it is refused. /unsubscribe and /subscriptions
 * need only its id.
 */
export function forumTags(channel: ChannelFacts): Pick<ForumTarget, 'tags' | 'requiresTag'> {
  const { availableTags, flags } = channel;
  if (!Array.isArray(availableTags) || typeof flags?.has !== 'function') throw new InputError(FORUM_UNSEEN);
  return {
    tags: availableTags.map(({ id, name, moderated }) => ({ id, name, moderated })),
    requiresTag: flags.has(ChannelFlags.RequireTag),
  };
}

const FORUM_UNSEEN =
  "Tender Nudge cannot read that forum's tags: the bot may not be in this server, or may not see the " +
  'forum. Add the bot to the server, give it View Channel there, and run /subscribe again. Nothing changed.';

/**
 * Refuses a channel the bot cannot post in (permissions it lacks there, read from the server's cache):
 * before, "Subscribed." came first and the subscription paused at its first alert. Unknown passes.
 */
export function requirePermissions(missing: string[] | null | undefined, named: boolean): void {
  if (!missing || missing.length === 0) return;
  throw new InputError(
    `The bot cannot post in ${named ? 'that' : 'this'} channel yet: it needs ${missing.join(', ')} there. ` +
      'Give it those and run /subscribe again. Nothing changed.',
  );
}

const PRIVATE_THREAD =
  'Alerts cannot go to a private thread: the bot can post in one only once it is added to it, and only its ' +
  'members would see them. Run /subscribe in a channel or a public thread, or name one with channel:. ' +
  'Nothing changed.';

const UNSEEN_HERE =
  'The bot cannot see this channel (a private thread it has not been added to, or a channel it has no View ' +
  'Channel in), so it could not post here. Run /subscribe in a channel or a public thread it can see, or ' +
  'name one with channel:. Nothing changed.';

/**
 * A private thread is refused (the channel option offers none; a command run inside one gets here), and so
 * is a place the bot cannot see: discord.js gives the channel a command ran in from its cache only, and
 * Discord syncs a private thread to a bot only once it is a member (discord-api-docs, threads), so a command
 * run in one the bot is not in comes with no channel at all.
 */
export function refuseUnpostable(place: Place): void {
  if (place.channel?.type === ChannelType.PrivateThread) throw new InputError(PRIVATE_THREAD);
  if (place.channel === null && !place.named) throw new InputError(UNSEEN_HERE);
}

const UNSEEN_BY_MEMBER =
  'Tender Nudge describes the subscription of a channel only to members who can see that channel, and ' +
  'Discord did not say that you can see that one.';

/**
 * /subscriptions describes a named channel only to a member who can see it (View Channel in the permissions
 * Discord sends with it); unknown permissions are refused too. The channel the command runs in is seen.
 */
export function requireMemberSees(place: Place): void {
  if (!place.named) return;
  const granted = place.channel?.permissions;
  const sees =
    typeof granted === 'string'
      ? /^\d+$/.test(granted) && (BigInt(granted) & PermissionFlagsBits.ViewChannel) !== 0n
      : granted?.has(PermissionFlagsBits.ViewChannel) === true;
  if (!sees) throw new InputError(UNSEEN_BY_MEMBER);
}

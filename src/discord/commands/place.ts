import { ChannelType, type SlashCommandChannelOption } from 'discord.js';
import { InputError, type ChannelFacts, type CommandInteraction } from './types.js';

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

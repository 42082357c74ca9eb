import { ChannelType, PermissionFlagsBits, SlashCommandBuilder } from 'discord.js';
import { IANAZone } from 'luxon';
import { AreaId } from '../../matching/rules.js';
import {
  parseWebhookUrl,
  STAGE_GROUPS,
  type StageGroup,
  type Subscription,
} from '../../alerts/subscription.js';
import { describeSubscription } from './subscription-text.js';
import { completeList, parseAreas, parseRegions, pounds, REGION_NAMES, short, splitList } from './options.js';
import type { CommandContext } from './context.js';
import {
  NO_EVERYONE,
  noSubscriptionHere,
  nothingToUnsubscribe,
  noWatchlist,
  otherChannels,
  unsubscribed,
  WEBHOOK_ONLY,
  WEBHOOK_OR_CHANNEL,
} from './replies.js';
import {
  channelOption,
  forumTags,
  placeOf,
  refuseUnpostable,
  requireMemberSees,
  requirePermissions,
  type Place,
} from './place.js';
import { privateReply } from '../messages.js';
import { InputError, type Command, type CommandInteraction } from './types.js';

/** The guild an interaction came from; commands that configure a server cannot run in DMs. */
export function requireGuild(interaction: CommandInteraction): string {
  if (!interaction.guildId)
    throw new InputError('This command works in a server channel, not in direct messages.');
  return interaction.guildId;
}

/** Configuration commands need Manage Server (Discord hides them from others; this checks again). */
export function requireManageServer(interaction: CommandInteraction): void {
  if (!interaction.memberPermissions?.has(PermissionFlagsBits.ManageGuild))
    throw new InputError('Only members with the Manage Server permission can change Tender Nudge settings.');
}

function parseStages(value: string | null): StageGroup[] {
  const items = splitList(value);
  if (items.length === 0) return ['opportunities', 'early', 'updates'];
  if (items.length === 1 && items[0]?.toLowerCase() === 'all') return [...STAGE_GROUPS];
  return items.map((item) => {
    const found = STAGE_GROUPS.find((s) => s === item.toLowerCase());
    if (!found)
      throw new InputError(
        `"${short(item)}" is not a notice stage. Choose from: ${STAGE_GROUPS.join(', ')}.`,
      );
    return found;
  });
}

function parseMoney(interaction: CommandInteraction): { minValue: number | null; maxValue: number | null } {
  const minValue = interaction.options.getNumber('min_value');
  const maxValue = interaction.options.getNumber('max_value');
  if ((minValue !== null && minValue < 0) || (maxValue !== null && maxValue < 0))
    throw new InputError('Values must be zero or more.');
  if (minValue !== null && maxValue !== null && maxValue < minValue)
    throw new InputError(
      `The maximum value (${pounds(maxValue)}) is below the minimum (${pounds(minValue)}).`,
    );
  return { minValue, maxValue };
}

function targetOf(
  interaction: CommandInteraction,
  ctx: CommandContext,
  place: Place,
): Subscription['target'] {
  const webhookUrl = interaction.options.getString('webhook_url');
  if (webhookUrl && place.named) throw new InputError(WEBHOOK_OR_CHANNEL);
  if (webhookUrl) {
    const webhook = parseWebhookUrl(webhookUrl);
    // A webhook URL that is one once its query (`?thread_id=…`) is taken off: say that, not "not a webhook".
    if (!webhook && /[?#]/.test(webhookUrl) && parseWebhookUrl(webhookUrl.trim().split(/[?#]/)[0] ?? ''))
      throw new InputError(
        'Give the webhook URL without the part from "?" on: Tender Nudge posts to the ' +
          "webhook's own channel, and cannot post into a forum's threads through a webhook.",
      );
    if (!webhook)
      throw new InputError(
        'That is not a Discord webhook URL (it should start https://discord.com/api/webhooks/).',
      );
    return { kind: 'webhook', ...webhook };
  }
  if (!ctx.botDelivery) throw new InputError(WEBHOOK_ONLY);
  if (place.channel?.type === ChannelType.GuildForum)
    return { kind: 'forum', channelId: place.channelId, ...forumTags(place.channel) };
  return { kind: 'channel', channelId: place.channelId };
}

export const subscribeCommand = {
  data: new SlashCommandBuilder()
    .setName('subscribe')
    .setDescription('Get alerts in this channel for the service areas you deliver')
    .setDefaultMemberPermissions(PermissionFlagsBits.ManageGuild)
    .addStringOption((o) =>
      o
        .setName('areas')
        .setDescription('Service areas, comma separated (or "all"); default all')
        .setAutocomplete(true)
        .setMaxLength(300),
    )
    .addStringOption((o) =>
      o
        .setName('regions')
        .setDescription('Regions, comma separated; default anywhere')
        .setAutocomplete(true)
        .setMaxLength(300),
    )
    .addNumberOption((o) =>
      o.setName('min_value').setDescription('Skip notices worth less than this (£)').setMinValue(0),
    )
    .addNumberOption((o) =>
      o.setName('max_value').setDescription('Skip notices worth more than this (£)').setMinValue(0),
    )
    .addBooleanOption((o) =>
      o
        .setName('reserved_only')
        .setDescription('Only contracts reserved for supported employment providers or mutuals'),
    )
    .addStringOption((o) =>
      o
        .setName('stages')
        .setDescription(
          'opportunities, early, awards, updates (comma separated); default opportunities, early, updates',
        )
        .setAutocomplete(true)
        .setMaxLength(100),
    )
    .addStringOption((o) =>
      o
        .setName('mode')
        .setDescription('When to post')
        .addChoices(
          { name: 'instant', value: 'instant' },
          { name: 'daily digest', value: 'daily' },
          { name: 'weekly digest', value: 'weekly' },
        ),
    )
    .addStringOption((o) =>
      o
        .setName('watchlists')
        .setDescription("This server's watchlists to follow, comma separated")
        .setMaxLength(300),
    )
    .addIntegerOption((o) =>
      o.setName('daily_cap').setDescription('Most alerts a day (default 20)').setMinValue(1).setMaxValue(100),
    )
    .addStringOption((o) =>
      o
        .setName('timezone')
        .setDescription('Time zone for digests and limits (default Europe/London)')
        .setMaxLength(60),
    )
    .addIntegerOption((o) =>
      o
        .setName('radar_months')
        .setDescription('Announce contracts this many months before they end (0: none; default 18)')
        .setMinValue(0)
        .setMaxValue(60),
    )
    .addStringOption((o) =>
      o
        .setName('webhook_url')
        .setDescription('Deliver through this webhook instead of the bot')
        .setMaxLength(300),
    )
    .addRoleOption((o) =>
      o
        .setName('mention_role')
        .setDescription('A role to mention on each alert (the only mention the bot ever makes)'),
    )
    .addChannelOption((o) =>
      channelOption(o, 'Where alerts go (default: here); name a forum here, as no command runs in one'),
    ),
  needsManageServer: true,
  async execute(interaction, ctx) {
    const guildId = requireGuild(interaction);
    requireManageServer(interaction);
    const areasText = interaction.options.getString('areas');
    const areas = areasText ? parseAreas(areasText, ctx.areas) : ctx.areas.map((a) => a.id);
    const watchlists = splitList(interaction.options.getString('watchlists'));
    for (const id of watchlists)
      if (!ctx.watchlists.get(guildId, id)) throw new InputError(noWatchlist(short(id)));
    if (areas.length === 0 && watchlists.length === 0)
      throw new InputError('Choose at least one service area or watchlist to follow.');
    const timezone = interaction.options.getString('timezone') ?? 'Europe/London';
    if (!IANAZone.isValidZone(timezone))
      throw new InputError(`"${short(timezone)}" is not a time zone name (for example Europe/London).`);
    const place = placeOf(interaction);
    refuseUnpostable(place);
    const target = targetOf(interaction, ctx, place);
    // A thread is held to what a thread needs (Send Messages in Threads; permissions.ts missingIn).
    if (target.kind === 'channel' || target.kind === 'forum')
      requirePermissions(ctx.missingPermissions?.(target.channelId, target.kind), place.named);
    const sub = ctx.subscriptions.upsert(
      {
        guildId,
        channelId: place.channelId,
        target,
        areas: AreaId.array().parse(areas),
        watchlists,
        regions: parseRegions(interaction.options.getString('regions')),
        ...parseMoney(interaction),
        reservedOnly: interaction.options.getBoolean('reserved_only') ?? false,
        stages: parseStages(interaction.options.getString('stages')),
        mode: modeOf(interaction.options.getString('mode')),
        timezone,
        dailyCap: interaction.options.getInteger('daily_cap') ?? 20,
        mentionRoleId: mentionRoleOf(interaction, guildId),
        radarMonths: radarMonthsOption(interaction),
      },
      interaction.user.id,
    );
    await interaction.reply(
      privateReply(
        `Subscribed.\n${describeSubscription(sub, ctx.areas, ctx.digestHour, ctx.radar.defaultMonths)}`,
      ),
    );
  },
  async autocomplete(interaction, ctx) {
    const focused = interaction.options.getFocused(true);
    const choices: Record<string, string[]> = { areas: ctx.areas.map((a) => a.id), regions: REGION_NAMES };
    await interaction.respond(completeList(focused.value, choices[focused.name] ?? [...STAGE_GROUPS]));
  },
} satisfies Command;

/**
 * The role to mention on alerts, if one was chosen. @everyone (the role whose id is the server's) is
 * refused: mentioning everyone is never something a feed should do.
 */
function mentionRoleOf(interaction: CommandInteraction, guildId: string): string | null {
  const role = interaction.options.getRole('mention_role');
  if (!role) return null;
  if (role.id === guildId) throw new InputError(NO_EVERYONE);
  return role.id;
}

/** The radar's lead time for this channel; out of range is a clear message (Discord checks too). */
function radarMonthsOption(interaction: CommandInteraction): number | null {
  const months = interaction.options.getInteger('radar_months');
  if (months !== null && (months < 0 || months > 60))
    throw new InputError('radar_months must be between 0 (no radar) and 60 months.');
  return months;
}

function modeOf(value: string | null): Subscription['mode'] {
  return value === 'daily' || value === 'weekly' ? value : 'instant';
}

export function labelFor(ctx: CommandContext): (id: string) => string {
  return (id) => ctx.areas.find((a) => a.id === id)?.label ?? id;
}

export const unsubscribeCommand = {
  data: new SlashCommandBuilder()
    .setName('unsubscribe')
    .setDescription('Stop alerts in this channel')
    .setDefaultMemberPermissions(PermissionFlagsBits.ManageGuild)
    .addChannelOption((o) => channelOption(o, 'The channel or forum to stop alerts in (default: here)')),
  needsManageServer: true,
  async execute(interaction, ctx) {
    const guildId = requireGuild(interaction);
    requireManageServer(interaction);
    const place = placeOf(interaction);
    const removed = ctx.subscriptions.remove(guildId, place.channelId);
    await interaction.reply(
      privateReply(removed ? unsubscribed(place.named) : nothingToUnsubscribe(place.named)),
    );
  },
} satisfies Command;

export const subscriptionsCommand = {
  data: new SlashCommandBuilder()
    .setName('subscriptions')
    .setDescription('What this channel is subscribed to, in plain words')
    .addChannelOption((o) => channelOption(o, 'The channel or forum to describe (default: here)')),
  needsManageServer: false,
  async execute(interaction, ctx) {
    const guildId = requireGuild(interaction);
    const place = placeOf(interaction);
    requireMemberSees(place);
    const sub = ctx.subscriptions.forChannel(guildId, place.channelId);
    const others = ctx.subscriptions.listGuild(guildId).length - (sub ? 1 : 0);
    const content = sub
      ? describeSubscription(sub, ctx.areas, ctx.digestHour, ctx.radar.defaultMonths)
      : noSubscriptionHere(place.named);
    await interaction.reply(privateReply(`${content}${otherChannels(others)}`));
  },
} satisfies Command;

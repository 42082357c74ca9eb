import type { CommandContext } from './context.js';
import { SlashCommandBuilder } from 'discord.js';
import { GLOSSARY } from '../../alerts/glossary.js';
import { noticeCalendar } from '../../guide/calendar.js';
import type { Profile } from '../../guide/profile.js';
import { guideBlocks } from '../dm-sender.js';
import { privateReply } from '../messages.js';
import { completeList, parseAreas, parseRegions, short } from './options.js';
import {
  CHANNEL_NUDGES_OFF,
  CHANNEL_NUDGES_ON,
  describeProfile,
  notInGlossary,
  nudgesOn,
  NO_CALENDAR,
  NUDGES_OFF,
} from './replies.js';
import { requireGuild, requireManageServer } from './subscribe.js';
import { InputError, type Command, type CommandInteraction } from './types.js';

export const nudgesCommand = {
  data: new SlashCommandBuilder()
    .setName('nudges')
    .setDescription('First-time bidder help: a plain-English guide with each matching opportunity')
    .addStringOption((o) =>
      o
        .setName('setting')
        .setDescription('on or off')
        .setRequired(true)
        .addChoices({ name: 'on', value: 'on' }, { name: 'off', value: 'off' }),
    )
    .addStringOption((o) =>
      o
        .setName('where')
        .setDescription('To me in direct messages (default), or in this channel')
        .addChoices(
          { name: 'me (direct messages)', value: 'me' },
          { name: 'this channel', value: 'channel' },
        ),
    ),
  needsManageServer: false,
  inDirectMessages: true,
  async execute(interaction, ctx) {
    const on = interaction.options.getString('setting') === 'on';
    if (interaction.options.getString('where') === 'channel') {
      const guildId = requireGuild(interaction);
      requireManageServer(interaction);
      ctx.bidders.setNudges('channel', `${guildId}:${interaction.channelId}`, on);
      await interaction.reply(privateReply(on ? CHANNEL_NUDGES_ON : CHANNEL_NUDGES_OFF));
      return;
    }
    ctx.bidders.setNudges('user', interaction.user.id, on);
    const profile = ctx.bidders.getProfile(interaction.user.id);
    await interaction.reply(privateReply(on ? nudgesOn(profile?.areas ?? []) : NUDGES_OFF));
  },
} satisfies Command;

export const profileCommand = {
  data: new SlashCommandBuilder()
    .setName('profile')
    .setDescription('Tell Tender Nudge about your organisation, so guides fit you')
    .addBooleanOption((o) =>
      o.setName('new_to_bidding').setDescription('Is your organisation new to bidding for contracts?'),
    )
    .addStringOption((o) =>
      o
        .setName('areas')
        .setDescription('Service areas you deliver, comma separated')
        .setAutocomplete(true)
        .setMaxLength(300),
    )
    .addStringOption((o) => o.setName('region').setDescription('Your region').setMaxLength(60))
    .addStringOption((o) =>
      o
        .setName('size')
        .setDescription('Roughly how big')
        .addChoices(
          { name: 'micro (under 10 people)', value: 'micro' },
          { name: 'small (10–49)', value: 'small' },
          { name: 'medium (50–249)', value: 'medium' },
        ),
    )
    .addBooleanOption((o) =>
      o
        .setName('disabled_workforce_30')
        .setDescription('Are at least 30% of your workers disabled or disadvantaged?'),
    ),
  needsManageServer: false,
  inDirectMessages: true,
  async execute(interaction, ctx) {
    const current: Profile = ctx.bidders.getProfile(interaction.user.id) ?? {
      newToBidding: true,
      areas: [],
      region: null,
      size: null,
      disabledWorkforce30: null,
    };
    const o = interaction.options;
    const size = o.getString('size');
    const region = o.getString('region');
    const next: Profile = {
      newToBidding: o.getBoolean('new_to_bidding') ?? current.newToBidding,
      areas: o.getString('areas') !== null ? parseAreas(o.getString('areas'), ctx.areas) : current.areas,
      region: region !== null ? (parseRegions(region)[0] ?? null) : current.region,
      size: size === 'micro' || size === 'small' || size === 'medium' ? size : current.size,
      disabledWorkforce30: o.getBoolean('disabled_workforce_30') ?? current.disabledWorkforce30,
    };
    ctx.bidders.setProfile(interaction.user.id, next);
    await interaction.reply(privateReply(`Your profile:\n${describeProfile(next)}`));
  },
  async autocomplete(interaction, ctx) {
    await interaction.respond(
      completeList(
        interaction.options.getFocused(true).value,
        ctx.areas.map((a) => a.id),
      ),
    );
  },
} satisfies Command;

/** Replies with the guide in as many private messages as it needs; optionally with the .ics calendar file. */
export async function replyWithGuide(
  interaction: Pick<CommandInteraction, 'reply' | 'user'>,
  ctx: CommandContext,
  reference: string,
  calendar: boolean,
): Promise<void> {
  const view =
    /^\d+$/.test(reference) && reference.length < 10
      ? ctx.notices.byRowId(Number(reference))
      : ctx.notices.findNotice(reference);
  if (!view) throw new InputError(`Tender Nudge has not stored a notice "${short(reference)}".`);
  const incumbentOf = (v: typeof view) => ctx.radar.incumbentOf(v);
  const blocks = guideBlocks({ ...ctx, incumbentOf }, view, interaction.user.id);
  const ics = calendar ? noticeCalendar(view.notice) : null;
  const files = ics
    ? [{ attachment: Buffer.from(ics), name: `${view.notice.releaseId.replace(/[^\w-]/g, '_')}.ics` }]
    : undefined;
  await interaction.reply(
    privateReply(calendar && !ics ? [...blocks, NO_CALENDAR] : blocks, files ? { files } : {}),
  );
}

export const guideCommand = {
  data: new SlashCommandBuilder()
    .setName('guide')
    .setDescription('A plain-English guide to bidding for one notice')
    .addStringOption((o) =>
      o
        .setName('notice')
        .setDescription('A notice id or its Find a Tender / Contracts Finder link')
        .setRequired(true)
        .setMaxLength(300),
    )
    .addBooleanOption((o) =>
      o.setName('calendar').setDescription('Attach a calendar file (.ics) with the deadlines'),
    ),
  needsManageServer: false,
  inDirectMessages: true,
  async execute(interaction, ctx) {
    await replyWithGuide(
      interaction,
      ctx,
      interaction.options.getString('notice') ?? '',
      interaction.options.getBoolean('calendar') ?? false,
    );
  },
} satisfies Command;

export const glossaryCommand = {
  data: new SlashCommandBuilder()
    .setName('glossary')
    .setDescription('Procurement jargon explained')
    .addStringOption((o) =>
      o
        .setName('term')
        .setDescription('For example CPV, ITT, lot, framework, TUPE')
        .setRequired(true)
        .setAutocomplete(true)
        .setMaxLength(60),
    ),
  needsManageServer: false,
  inDirectMessages: true,
  async execute(interaction) {
    const typed = (interaction.options.getString('term') ?? '').trim().toLowerCase();
    const entry = Object.entries(GLOSSARY).find(
      ([term]) => term.toLowerCase() === typed || term.toLowerCase().split(' / ').includes(typed),
    );
    await interaction.reply(
      privateReply(entry ? `${entry[0]}: ${entry[1]}` : notInGlossary(short(typed), Object.keys(GLOSSARY))),
    );
  },
  async autocomplete(interaction) {
    await interaction.respond(
      completeList(interaction.options.getFocused(true).value, Object.keys(GLOSSARY)),
    );
  },
} satisfies Command;

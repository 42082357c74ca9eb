import type { APIButtonComponentWithCustomId } from 'discord-api-types/v10';
import { ButtonStyle, ComponentType, SlashCommandBuilder } from 'discord.js';
import { checkSubscription } from '../../alerts/route.js';
import { reservedLine } from '../../alerts/alert-text.js';
import { noticeLine } from '../embeds.js';
import type { Block } from '../markdown.js';
import { ACTION_ROW, pageReply, privateReply, type OutgoingReply } from '../messages.js';
import {
  deliveryLine,
  feedbackLine,
  helpText,
  matchedLines,
  NAV_LABELS,
  NO_AREA,
  NO_POLL_YET,
  NO_SUBSCRIPTION,
  NO_VERDICT,
  noRecent,
  notStored,
  pausedLine,
  queueLine,
  deliveryPausedLine,
  missingLine,
  recentHeading,
  recentLine,
  rejectedLine,
  sourceStatusLine,
  verdictLine,
} from './info-text.js';
import { completeList, parseArea, short } from './options.js';
import { labelFor, requireGuild, requireManageServer } from './subscribe.js';
import type { CommandContext } from './context.js';
import { InputError, type Command, type CommandInteraction } from './types.js';
import {
  ALERTS_HERE,
  ALERTS_OFF,
  ALERTS_UNAVAILABLE,
  ALERTS_WERE_OFF,
  alertsChannelLine,
} from './info-text.js';

const PAGE_SIZE = 5;
const RECENT_DAYS = 30;

/** One page of /recent, with Previous/Next buttons whose ids survive restarts. */
export function recentPage(ctx: CommandContext, area: string | null, page: number): OutgoingReply {
  const { items, total } = ctx.notices.recent(area, page, PAGE_SIZE, RECENT_DAYS * 86_400_000);
  const label = labelFor(ctx);
  if (total === 0) return pageReply(noRecent(RECENT_DAYS, area && label(area)), [], []);
  const pages = Math.ceil(total / PAGE_SIZE);
  const lines = items.map((v, i) => {
    const areas = (v.match?.areas ?? []).map((a) => label(a.rule));
    return recentLine(
      page * PAGE_SIZE + i + 1,
      noticeLine(v.notice, ctx.clock.now()),
      areas,
      v.notice.releaseId,
    );
  });
  const nav = (label: string, target: number, disabled: boolean): APIButtonComponentWithCustomId => ({
    type: ComponentType.Button,
    style: ButtonStyle.Secondary,
    label,
    custom_id: `tn:recent:${area ?? 'all'}:${target}`,
    disabled,
  });
  const buttons = [
    nav(NAV_LABELS.previous, page - 1, page === 0),
    nav(NAV_LABELS.next, page + 1, page + 1 >= pages),
  ];
  return pageReply(
    recentHeading(page + 1, pages, total, RECENT_DAYS),
    lines,
    pages > 1 ? [{ type: ACTION_ROW, components: buttons }] : [],
  );
}

export const recentCommand = {
  data: new SlashCommandBuilder()
    .setName('recent')
    .setDescription('The latest matched notices')
    .addStringOption((o) =>
      o.setName('area').setDescription('Only this service area').setAutocomplete(true).setMaxLength(60),
    ),
  needsManageServer: false,
  async execute(interaction, ctx) {
    const typed = interaction.options.getString('area');
    const area = parseArea(typed, ctx.areas);
    await interaction.reply([recentPage(ctx, area, 0)]);
  },
  async autocomplete(interaction, ctx) {
    await interaction.respond(
      completeList(
        interaction.options.getFocused(true).value,
        ctx.areas.map((a) => a.id),
      ).slice(0, 25),
    );
  },
} satisfies Command;

export const explainCommand = {
  data: new SlashCommandBuilder()
    .setName('explain')
    .setDescription('Why a notice matched this channel, or why it was not posted')
    .addStringOption((o) =>
      o
        .setName('notice')
        .setDescription('A notice id or its Find a Tender / Contracts Finder link')
        .setRequired(true)
        .setMaxLength(300),
    ),
  needsManageServer: false,
  async execute(interaction, ctx) {
    const guildId = requireGuild(interaction);
    const reference = interaction.options.getString('notice') ?? '';
    const view = ctx.notices.findNotice(reference);
    if (!view) throw new InputError(notStored(short(reference)));
    const { notice, match } = view;
    const label = labelFor(ctx);
    const lines = [`${notice.title} (${ctx.sourceLabel(notice.source)}, ${notice.releaseId}).`];
    if (!match) lines.push(NO_VERDICT);
    else {
      lines.push(match.areas.length > 0 ? matchedLines(match.areas, label) : NO_AREA);
      for (const r of match.rejected.slice(0, 4)) lines.push(rejectedLine(label(r.rule), r.reasons));
      const reserved = reservedLine(match);
      if (reserved && match.reserved) lines.push(`${reserved} ${match.reserved.summary}`);
    }
    const sub = ctx.subscriptions.forChannel(guildId, interaction.channelId);
    if (!sub) lines.push(NO_SUBSCRIPTION);
    else if (match) {
      const delivery = ctx.status.deliveryOf(sub.id, view.source, view.ocid);
      const verdict = checkSubscription(notice, 'new', match, sub, ctx.clock.now());
      lines.push(delivery ? deliveryLine(delivery) : verdictLine(verdict.deliver, verdict.why));
    }
    await interaction.reply(privateReply(lines.join('\n')));
  },
} satisfies Command;

/** `/status alerts:here|off`: choose (or stop) this server's channel for feed and pause alerts. */
async function setAlertsChannel(interaction: CommandInteraction, ctx: CommandContext, choice: string) {
  const guildId = requireGuild(interaction);
  requireManageServer(interaction);
  const store = ctx.alertChannels;
  if (!store) throw new InputError(ALERTS_UNAVAILABLE);
  let content = ALERTS_HERE;
  if (choice === 'here') store.setAlertChannel(guildId, interaction.channelId, interaction.user.id);
  else content = store.clearAlertChannel(guildId) ? ALERTS_OFF : ALERTS_WERE_OFF;
  await interaction.reply(privateReply(content));
}

export const statusCommand = {
  data: new SlashCommandBuilder()
    .setName('status')
    .setDescription('When each feed was last read, failures, the queue, and paused channels')
    .addStringOption((o) =>
      o
        .setName('alerts')
        .setDescription('Manage Server: tell this channel when a feed fails or a subscription is paused')
        .addChoices({ name: 'here', value: 'here' }, { name: 'off', value: 'off' }),
    ),
  needsManageServer: false,
  async execute(interaction, ctx) {
    const choice = interaction.options.getString('alerts');
    if (choice) return setAlertsChannel(interaction, ctx, choice);
    const guildId = requireGuild(interaction);
    const now = ctx.clock.now();
    const runs = ctx.status.lastRuns();
    const lines: Block[] = runs.map((r) => sourceStatusLine(ctx.sourceLabel(r.source), r, now));
    if (runs.length === 0) lines.push(NO_POLL_YET);
    lines.push(queueLine(ctx.status.queueDepth()));
    const stopped = ctx.status.deliveryPause();
    if (stopped) lines.push(deliveryPausedLine(stopped));
    const paused = ctx.subscriptions.listGuild(guildId).filter((s) => s.pausedReason);
    for (const s of paused) lines.push(pausedLine(s.channelId, s.pausedReason ?? ''));
    for (const s of ctx.subscriptions.listGuild(guildId)) {
      if (s.target.kind !== 'channel' && s.target.kind !== 'forum') continue;
      const missing = ctx.missingPermissions?.(s.target.channelId, s.target.kind) ?? [];
      if (missing.length > 0) lines.push(missingLine(s.target.channelId, missing));
    }
    if (ctx.alertChannels) lines.push(alertsChannelLine(ctx.alertChannels.alertChannelFor(guildId)));
    const label = labelFor(ctx);
    const report = [...ctx.feedback.relevanceReport(guildId, RECENT_DAYS * 86_400_000)];
    const named = report.map(([area, counts]): [string, typeof counts] => [label(area), counts]);
    if (report.length > 0) lines.push(feedbackLine(RECENT_DAYS, named));
    await interaction.reply(privateReply(lines));
  },
} satisfies Command;

export const helpCommand = {
  data: new SlashCommandBuilder().setName('help').setDescription('What Tender Nudge does and how to use it'),
  needsManageServer: false,
  inDirectMessages: true,
  async execute(interaction, ctx) {
    const text = helpText(ctx.areas);
    await interaction.reply(privateReply(text));
  },
} satisfies Command;

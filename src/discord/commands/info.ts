import type { APIButtonComponentWithCustomId } from 'discord-api-types/v10';
import { ButtonStyle, ComponentType, MessageFlags, SlashCommandBuilder } from 'discord.js';
import { checkSubscription } from '../../alerts/route.js';
import { GLOSSARY } from '../../alerts/glossary.js';
import { reservedLine } from '../../alerts/alert-text.js';
import { sourceName } from '../../notices/format.js';
import { escapeText, noticeLine, trimTo } from '../embeds.js';
import { completeList, short } from './options.js';
import { labelFor, requireGuild } from './subscribe.js';
import type { CommandContext } from './context.js';
import { InputError, type Command, type Reply } from './types.js';

const EPHEMERAL = MessageFlags.Ephemeral;
const PAGE_SIZE = 5;
const RECENT_DAYS = 30;

/** One page of /recent, with Previous/Next buttons whose ids survive restarts. */
export function recentPage(ctx: CommandContext, area: string | null, page: number): Reply {
  const { items, total } = ctx.notices.recent(area, page, PAGE_SIZE, RECENT_DAYS * 86_400_000);
  if (total === 0)
    return {
      content: `No matched notices in the last ${RECENT_DAYS} days${area ? ` for ${labelFor(ctx)(area)}` : ''}.`,
      flags: EPHEMERAL,
    };
  const pages = Math.ceil(total / PAGE_SIZE);
  const lines = items.map(
    (v, i) =>
      `${page * PAGE_SIZE + i + 1}. ${noticeLine(v.notice, ctx.clock.now())} Areas: ${(v.match?.areas ?? []).map((a) => labelFor(ctx)(a.rule)).join(', ')}. Id for /explain: ${v.notice.releaseId}`,
  );
  const nav = (label: string, target: number, disabled: boolean): APIButtonComponentWithCustomId => ({
    type: ComponentType.Button,
    style: ButtonStyle.Secondary,
    label,
    custom_id: `tn:recent:${area ?? 'all'}:${target}`,
    disabled,
  });
  return {
    content: trimTo(
      `Matched notices, newest first (page ${page + 1} of ${pages}, ${total} in the last ${RECENT_DAYS} days):\n${lines.join('\n')}`,
      2000,
    ),
    flags: EPHEMERAL,
    components:
      pages > 1
        ? [
            {
              type: ComponentType.ActionRow,
              components: [
                nav('Previous page', page - 1, page === 0),
                nav('Next page', page + 1, page + 1 >= pages),
              ],
            },
          ]
        : [],
    allowedMentions: { parse: [] },
  };
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
    const area = typed
      ? ctx.areas.find(
          (a) => a.id === typed.trim().toLowerCase() || a.label.toLowerCase() === typed.trim().toLowerCase(),
        )?.id
      : null;
    if (area === undefined)
      throw new InputError(
        `"${short(typed ?? '')}" is not a service area. Choose from: ${ctx.areas.map((a) => a.id).join(', ')}.`,
      );
    await interaction.reply(recentPage(ctx, area, 0));
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
    if (!view)
      throw new InputError(
        `Tender Nudge has not stored a notice "${short(reference)}". It may be older than the first poll, or from another source.`,
      );
    const { notice, match } = view;
    const lines = [`${escapeText(notice.title)} (${sourceName(notice.source)}, ${notice.releaseId}).`];
    if (!match) lines.push('It was stored before matching was switched on, so it has no verdict.');
    else {
      lines.push(
        match.areas.length > 0
          ? `Matched: ${match.areas.map((a) => `${labelFor(ctx)(a.rule)} (${a.band}, score ${a.score}): ${a.reasons.join('; ')}`).join('\n')}`
          : 'It matched no service area.',
      );
      for (const r of match.rejected.slice(0, 4))
        lines.push(`Not ${labelFor(ctx)(r.rule)}: ${r.reasons.join('; ')}`);
      const reserved = reservedLine(match);
      if (reserved && match.reserved) lines.push(`${reserved} ${match.reserved.summary}`);
    }
    const sub = ctx.subscriptions.forChannel(guildId, interaction.channelId);
    if (!sub) lines.push('This channel has no subscription, so nothing is posted here.');
    else if (match) {
      const delivery = ctx.status.deliveryOf(sub.id, view.source, view.ocid);
      const verdict = checkSubscription(notice, 'new', match, sub);
      if (delivery?.status === 'sent')
        lines.push(
          `Already posted here${delivery.sentAt ? ` on <t:${Math.floor(delivery.sentAt / 1000)}:f>` : ''}.`,
        );
      else if (delivery)
        lines.push(
          `For this channel it is ${delivery.status === 'capped' ? 'held back by the daily limit (see /recent)' : delivery.status === 'digest' ? 'waiting for the next digest' : delivery.status === 'failed' ? `not delivered: ${delivery.lastError ?? 'unknown error'}` : 'queued to be posted'}.`,
        );
      else
        lines.push(
          verdict.deliver
            ? `It fits this channel (${verdict.why}), but it arrived before the subscription or as a first-run baseline, so it was not posted.`
            : `Not posted here because ${verdict.why}.`,
        );
    }
    await interaction.reply({
      content: trimTo(lines.join('\n'), 2000),
      flags: EPHEMERAL,
      allowedMentions: { parse: [] },
    });
  },
} satisfies Command;

const ago = (ms: number, now: number) => {
  const minutes = Math.round((now - ms) / 60_000);
  return minutes < 60
    ? `${minutes} minutes ago`
    : minutes < 2880
      ? `${Math.round(minutes / 60)} hours ago`
      : `${Math.round(minutes / 1440)} days ago`;
};

export const statusCommand = {
  data: new SlashCommandBuilder()
    .setName('status')
    .setDescription('When each feed was last read, failures, the queue, and paused channels'),
  needsManageServer: false,
  async execute(interaction, ctx) {
    const guildId = requireGuild(interaction);
    const now = ctx.clock.now();
    const runs = ctx.status.lastRuns();
    const lines =
      runs.length === 0
        ? ['No poll has finished yet.']
        : runs.map(
            (r) =>
              `${sourceName(r.source)}: last read ${ago(r.endedAt, now)} (${r.requests} requests, ${r.new} new, ${r.updated} updated${r.skipped ? `, ${r.skipped} unreadable skipped` : ''}). ${r.errors.length > 0 ? `Last run failed: ${r.errors.join('; ')}.` : 'Last run OK.'} Failures in the last day: ${r.failuresLastDay}.${r.lastSuccessAt === null ? ' No successful run yet.' : ''}`,
          );
    lines.push(`Alerts waiting to be sent (all servers): ${ctx.status.queueDepth()}.`);
    const paused = ctx.subscriptions.listGuild(guildId).filter((s) => s.pausedReason);
    for (const s of paused)
      lines.push(`Paused: <#${s.channelId}>: ${s.pausedReason}. Fix it and run /subscribe there again.`);
    const report = [...ctx.feedback.relevanceReport(guildId, RECENT_DAYS * 86_400_000)];
    if (report.length > 0)
      lines.push(
        `Feedback in the last ${RECENT_DAYS} days: ${report.map(([area, c]) => `${labelFor(ctx)(area)}: ${c.interested} interested, ${c['not-relevant']} not relevant, ${c.remind} reminders`).join('; ')}.`,
      );
    await interaction.reply({
      content: trimTo(lines.join('\n'), 2000),
      flags: EPHEMERAL,
      allowedMentions: { parse: [] },
    });
  },
} satisfies Command;

export const helpCommand = {
  data: new SlashCommandBuilder().setName('help').setDescription('What Tender Nudge does and how to use it'),
  needsManageServer: false,
  async execute(interaction, ctx) {
    const text = [
      "Tender Nudge tells disabled people's user-led organisations about public contracts they could win.",
      'Commands: /subscribe (choose areas, regions, value, stages, instant or digest; Manage Server), /unsubscribe, /subscriptions, /watchlist (shared lists of phrases, CPV codes and buyers; Manage Server), /recent, /explain, /status, /help.',
      `Service areas: ${ctx.areas.map((a) => `${a.id} (${a.label})`).join(', ')}.`,
      'Alert buttons: "Remind me", "Interested" and "Not relevant" are saved for you and feed the relevance report in /status.',
      `Words you will meet: ${['CPV', 'Lot', 'Light touch', 'Reserved contract'].map((k) => `${k}: ${GLOSSARY[k]}`).join(' ')}`,
    ];
    await interaction.reply({ content: trimTo(text.join('\n\n'), 2000), flags: EPHEMERAL });
  },
} satisfies Command;

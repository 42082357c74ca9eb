import { PermissionFlagsBits, SlashCommandBuilder } from 'discord.js';
import type { Notice } from '../../notices/notice.js';
import { suggestFromCorrections } from '../../matching/suggest.js';
import type { Suggestion } from '../../matching/corrections.js';
import { trimTo } from '../markdown.js';
import { privateReply } from '../messages.js';
import type { CommandContext } from './context.js';
import {
  alreadyMatches,
  NO_CORRECTIONS,
  NO_SUGGESTIONS,
  notStoredForReport,
  reportedMissed,
  SUGGESTION_DAYS,
  suggestionLine,
  suggestionsFooter,
  suggestionsHeading,
} from './corrections-text.js';
import { completeList, parseArea, short } from './options.js';
import { labelFor, requireGuild, requireManageServer } from './subscribe.js';
import { InputError, type Command } from './types.js';

const DAY_MS = 86_400_000;
/** How many kept alerts an exclusion is checked against. */
const KEPT_LIMIT = 500;

const titleOf = (title: string) => trimTo(title || 'a notice without a title', 120);

export const reportMissedCommand = {
  data: new SlashCommandBuilder()
    .setName('report-missed')
    .setDescription('Tell Tender Nudge about a relevant notice it did not alert, so it can learn')
    .setDefaultMemberPermissions(PermissionFlagsBits.ManageGuild)
    .addStringOption((o) =>
      o
        .setName('notice')
        .setDescription('A notice id or its Find a Tender / Contracts Finder link')
        .setRequired(true)
        .setMaxLength(300),
    )
    .addStringOption((o) =>
      o
        .setName('area')
        .setDescription('The service area it belongs to')
        .setAutocomplete(true)
        .setMaxLength(60),
    ),
  needsManageServer: true,
  async execute(interaction, ctx) {
    const guildId = requireGuild(interaction);
    requireManageServer(interaction);
    const reference = interaction.options.getString('notice') ?? '';
    const area = parseArea(interaction.options.getString('area'), ctx.areas);
    const view = ctx.notices.findNotice(reference);
    if (!view) throw new InputError(notStoredForReport(short(reference, 120)));
    const matched = (view.match?.areas ?? []).map((a) => a.rule);
    const fresh = ctx.corrections.record({
      guildId,
      userId: interaction.user.id,
      source: view.source,
      ocid: view.ocid,
      kind: 'missed',
      area,
      matched,
    });
    const label = labelFor(ctx);
    const title = titleOf(view.notice.title);
    const why = view.match?.rejected.find((r) => !area || r.rule === area)?.reasons[0] ?? null;
    const content =
      area && matched.includes(area)
        ? alreadyMatches(title, label(area))
        : reportedMissed(title, area && label(area), matched.map(label), why, fresh);
    await interaction.reply(privateReply(content));
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

/**
 * `/watchlist suggestions`: what this server's corrections imply, numbered (and stored, so `/watchlist
 * accept` takes exactly what was shown), as blocks of text the caller splits into messages.
 */
export function suggestionBlocks(ctx: CommandContext, guildId: string): string[] {
  const corrections = ctx.corrections.forGuild(guildId, SUGGESTION_DAYS * DAY_MS);
  if (corrections.length === 0) return [NO_CORRECTIONS];
  const notices = (kind: 'not-relevant' | 'missed') => {
    const byKey = new Map<string, Notice>();
    for (const c of corrections)
      if (c.kind === kind && c.notice) byKey.set(`${c.source}:${c.ocid}`, c.notice);
    return [...byKey.values()];
  };
  const notRelevant = notices('not-relevant');
  const missed = notices('missed');
  const kept = ctx.corrections
    .keptNotices(guildId, SUGGESTION_DAYS * DAY_MS, KEPT_LIMIT)
    .map((v) => v.notice);
  const suggestions: Suggestion[] = suggestFromCorrections({
    notRelevant,
    missed,
    kept,
    watchlists: ctx.watchlists.list(guildId),
  });
  ctx.corrections.saveSuggestions(guildId, suggestions);
  const heading = suggestionsHeading(notRelevant.length, missed.length, kept.length, SUGGESTION_DAYS);
  if (suggestions.length === 0) return [heading, NO_SUGGESTIONS];
  return [
    heading,
    ...suggestions.map((s, i) =>
      suggestionLine(
        i + 1,
        s.kind,
        s.phrase,
        s.notices.map((n) => titleOf(n.title)),
      ),
    ),
    suggestionsFooter(),
  ];
}

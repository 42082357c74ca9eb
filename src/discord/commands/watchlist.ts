import { PermissionFlagsBits, SlashCommandBuilder } from 'discord.js';
import { z } from 'zod';
import { Watchlist } from '../../matching/rules.js';
import { toRegionName } from '../../notices/regions.js';
import { suggestionBlocks } from './corrections.js';
import { accepted, noSuchSuggestion } from './corrections-text.js';
import { jsonValueLines, lineOf, syntaxErrorLine } from './json-lines.js';
import { short } from './options.js';
import { trimTo } from '../markdown.js';
import {
  describeWatchlist,
  invalidWatchlist,
  nothingImported,
  notJson,
  watchlistDeleted,
} from './replies.js';
import { requireGuild, requireManageServer } from './subscribe.js';
import type { CommandContext } from './context.js';
import { InputError, type Command, type CommandInteraction } from './types.js';
import { privateReply } from '../messages.js';

const KINDS = [
  'phrase',
  'exclusion',
  'acronym',
  'cpv',
  'buyer',
  'region',
  'stage',
  'min-value',
  'max-value',
] as const;
type Kind = (typeof KINDS)[number];
const LIST_FIELD = {
  phrase: 'phrases',
  exclusion: 'exclusions',
  acronym: 'acronyms',
  cpv: 'cpvPrefixes',
  buyer: 'buyers',
  region: 'regions',
  stage: 'stages',
} as const;

/** Validates a watchlist and turns the first problem into one sentence. */
function validated(candidate: unknown): Watchlist {
  const parsed = Watchlist.safeParse(candidate);
  if (parsed.success) return parsed.data;
  const issue = parsed.error.issues[0];
  throw new InputError(invalidWatchlist(issue?.message, issue?.path ?? []));
}

function must(ctx: CommandContext, guildId: string, id: string): Watchlist {
  const found = ctx.watchlists.get(guildId, id);
  if (!found)
    throw new InputError(`There is no watchlist "${short(id)}" on this server. See /watchlist list.`);
  return found;
}

/** A region as its ITL1 name, a CPV code without its check digit, anything else trimmed. */
function normalisedItem(kind: Kind, value: string): string {
  if (kind === 'region') return toRegionName(value) ?? value;
  return kind === 'cpv' ? value.replace(/-\d$/, '') : value.trim();
}

function change(w: Watchlist, kind: Kind, value: string, add: boolean): Watchlist {
  if (kind === 'min-value' || kind === 'max-value') {
    const amount = add ? Number(value.replace(/[£,\s]/g, '')) : null;
    if (amount !== null && (!Number.isFinite(amount) || amount < 0))
      throw new InputError(`"${short(value)}" is not an amount of money.`);
    return validated({ ...w, [kind === 'min-value' ? 'minValue' : 'maxValue']: amount });
  }
  const field = LIST_FIELD[kind];
  const item = normalisedItem(kind, value);
  const current: string[] = w[field];
  if (add && current.includes(item)) throw new InputError(`"${short(item)}" is already in ${field}.`);
  if (!add && !current.includes(item)) throw new InputError(`"${short(item)}" is not in ${field}.`);
  return validated({ ...w, [field]: add ? [...current, item] : current.filter((x) => x !== item) });
}

/** Reads an uploaded export: one watchlist or a list of them; every problem is reported with its line. */
export function parseImport(file: string): { watchlists: Watchlist[]; errors: string[] } {
  // Editors on Windows often save JSON with a byte-order mark, which JSON.parse refuses.
  const text = file.replace(/^\uFEFF/, '');
  let data: unknown;
  try {
    data = JSON.parse(text);
  } catch (err) {
    return {
      watchlists: [],
      errors: [notJson(syntaxErrorLine(text, err), err instanceof Error ? err.message : String(err))],
    };
  }
  const parsed = z.union([z.array(Watchlist), Watchlist.transform((w) => [w])]).safeParse(data);
  if (parsed.success) return { watchlists: parsed.data, errors: [] };
  const lines = jsonValueLines(text);
  const errors =
    (Array.isArray(data) ? z.array(Watchlist) : Watchlist).safeParse(data).error?.issues.map(
      (i) =>
        `line ${lineOf(
          lines,
          i.path.map((p) => (typeof p === 'symbol' ? String(p) : p)),
        )}: ${i.path.join('.') || 'file'}: ${i.message}`,
    ) ?? [];
  return { watchlists: [], errors };
}

type Answer =
  string | { content: string; files: { attachment: Buffer; name: string }[] } | { pages: string[] };

/** Accepts suggestion `number` (as /watchlist suggestions last showed it) into watchlist `id`. */
function accept(ctx: CommandContext, guildId: string, id: string, number: number): string {
  const suggestion = ctx.corrections.suggestion(guildId, number);
  if (!suggestion) throw new InputError(noSuchSuggestion(number));
  const updated = change(must(ctx, guildId, id), suggestion.kind, suggestion.phrase, true);
  ctx.watchlists.put(guildId, updated);
  const titles = suggestion.notices.map((n) => trimTo(n.title, 120));
  const sentence = accepted(suggestion.kind, suggestion.phrase, id, titles);
  return `${sentence}\n${describeWatchlist(updated)}`;
}

async function run(
  sub: string,
  interaction: CommandInteraction,
  ctx: CommandContext,
  guildId: string,
): Promise<Answer> {
  const id = interaction.options.getString('id') ?? '';
  switch (sub) {
    case 'create': {
      if (ctx.watchlists.get(guildId, id))
        throw new InputError(`A watchlist "${short(id)}" already exists. Use /watchlist add to change it.`);
      const first = interaction.options.getString('phrase');
      const w = validated({
        id,
        name: interaction.options.getString('name') ?? id,
        phrases: first ? [first] : [],
      });
      ctx.watchlists.put(guildId, w);
      return `Created.\n${describeWatchlist(w)}`;
    }
    case 'show':
      return describeWatchlist(must(ctx, guildId, id));
    case 'add':
    case 'remove': {
      const kind = KINDS.find((k) => k === interaction.options.getString('kind'));
      if (!kind) throw new InputError(`Choose what to change: ${KINDS.join(', ')}.`);
      const updated = change(
        must(ctx, guildId, id),
        kind,
        interaction.options.getString('value') ?? '',
        sub === 'add',
      );
      ctx.watchlists.put(guildId, updated);
      return `Saved.\n${describeWatchlist(updated)}`;
    }
    case 'delete': {
      const followers = ctx.subscriptions.listGuild(guildId).filter((s) => s.watchlists.includes(id)).length;
      if (!ctx.watchlists.remove(guildId, id))
        throw new InputError(`There is no watchlist "${short(id)}" on this server.`);
      return watchlistDeleted(id, followers);
    }
    case 'list': {
      const all = ctx.watchlists.list(guildId);
      return all.length > 0
        ? all
            .map(
              (w) => `"${w.id}": ${w.name} (${w.phrases.length} phrases, ${w.cpvPrefixes.length} CPV codes)`,
            )
            .join('\n')
        : 'This server has no watchlists yet. Start one with /watchlist create.';
    }
    case 'export': {
      const w = must(ctx, guildId, id);
      return {
        content: `Watchlist "${w.id}" as a file. Edit it and bring it back with /watchlist import.`,
        files: [{ attachment: Buffer.from(`${JSON.stringify(w, null, 2)}\n`), name: `${w.id}.json` }],
      };
    }
    case 'import': {
      const file = interaction.options.getAttachment('file');
      if (!file) throw new InputError('Attach the JSON file to import.');
      if (file.size > 200_000) throw new InputError('That file is too large for a watchlist (over 200 KB).');
      const { watchlists, errors } = parseImport(await ctx.fetchText(file.url));
      if (errors.length > 0) throw new InputError(nothingImported(errors));
      for (const w of watchlists) ctx.watchlists.put(guildId, w);
      return `Imported ${watchlists.map((w) => `"${w.id}"`).join(', ')}.`;
    }
    case 'suggestions':
      return { pages: suggestionBlocks(ctx, guildId) };
    case 'accept':
      return accept(ctx, guildId, id, interaction.options.getInteger('suggestion') ?? 0);
    default:
      throw new InputError('Unknown watchlist action.');
  }
}

export const watchlistCommand = {
  data: new SlashCommandBuilder()
    .setName('watchlist')
    .setDescription("Coordinators' shared watchlists: phrases, exclusions, CPV codes, buyers, regions")
    .setDefaultMemberPermissions(PermissionFlagsBits.ManageGuild)
    .addSubcommand((s) =>
      s
        .setName('create')
        .setDescription('Start a watchlist')
        .addStringOption((o) =>
          o
            .setName('id')
            .setDescription('Short id: lower-case letters, digits, dashes')
            .setRequired(true)
            .setMaxLength(40),
        )
        .addStringOption((o) =>
          o
            .setName('name')
            .setDescription('A name people will recognise')
            .setRequired(true)
            .setMaxLength(100),
        )
        .addStringOption((o) =>
          o.setName('phrase').setDescription('A first phrase to look for').setMaxLength(100),
        ),
    )
    .addSubcommand((s) =>
      s
        .setName('show')
        .setDescription('Show one watchlist')
        .addStringOption((o) =>
          o.setName('id').setDescription('Watchlist id').setRequired(true).setMaxLength(40),
        ),
    )
    .addSubcommand((s) =>
      s
        .setName('add')
        .setDescription('Add to a watchlist')
        .addStringOption((o) =>
          o.setName('id').setDescription('Watchlist id').setRequired(true).setMaxLength(40),
        )
        .addStringOption((o) =>
          o
            .setName('kind')
            .setDescription('What to add')
            .setRequired(true)
            .addChoices(...KINDS.map((k) => ({ name: k, value: k }))),
        )
        .addStringOption((o) =>
          o
            .setName('value')
            .setDescription('The phrase, code, buyer, region, stage or amount')
            .setRequired(true)
            .setMaxLength(200),
        ),
    )
    .addSubcommand((s) =>
      s
        .setName('remove')
        .setDescription('Remove from a watchlist')
        .addStringOption((o) =>
          o.setName('id').setDescription('Watchlist id').setRequired(true).setMaxLength(40),
        )
        .addStringOption((o) =>
          o
            .setName('kind')
            .setDescription('What to remove')
            .setRequired(true)
            .addChoices(...KINDS.map((k) => ({ name: k, value: k }))),
        )
        .addStringOption((o) =>
          o.setName('value').setDescription('The item to remove').setRequired(true).setMaxLength(200),
        ),
    )
    .addSubcommand((s) =>
      s
        .setName('delete')
        .setDescription('Delete a watchlist')
        .addStringOption((o) =>
          o.setName('id').setDescription('Watchlist id').setRequired(true).setMaxLength(40),
        ),
    )
    .addSubcommand((s) => s.setName('list').setDescription("This server's watchlists"))
    .addSubcommand((s) =>
      s
        .setName('export')
        .setDescription('Download a watchlist as a JSON file')
        .addStringOption((o) =>
          o.setName('id').setDescription('Watchlist id').setRequired(true).setMaxLength(40),
        ),
    )
    .addSubcommand((s) =>
      s.setName('suggestions').setDescription("What this server's corrections suggest for its watchlists"),
    )
    .addSubcommand((s) =>
      s
        .setName('accept')
        .setDescription('Add a suggestion to a watchlist')
        .addStringOption((o) =>
          o.setName('id').setDescription('Watchlist id').setRequired(true).setMaxLength(40),
        )
        .addIntegerOption((o) =>
          o
            .setName('suggestion')
            .setDescription('Its number in /watchlist suggestions')
            .setRequired(true)
            .setMinValue(1)
            .setMaxValue(50),
        ),
    )
    .addSubcommand((s) =>
      s
        .setName('import')
        .setDescription('Create or replace watchlists from a JSON file')
        .addAttachmentOption((o) =>
          o.setName('file').setDescription('A file from /watchlist export').setRequired(true),
        ),
    ),
  needsManageServer: true,
  // An import fetches the attached file first.
  slow: true,
  async execute(interaction, ctx) {
    const guildId = requireGuild(interaction);
    requireManageServer(interaction);
    const result = await run(interaction.options.getSubcommand(false) ?? '', interaction, ctx, guildId);
    if (typeof result === 'string') await interaction.reply(privateReply(result));
    else if ('pages' in result) await interaction.reply(privateReply(result.pages));
    else await interaction.reply(privateReply(result.content, { files: result.files }));
  },
} satisfies Command;

import type { APIButtonComponentWithCustomId } from 'discord-api-types/v10';
import { ButtonStyle, ComponentType, SlashCommandBuilder } from 'discord.js';
import { formatWhen } from '../../notices/date-text.js';
import { ITL1_REGIONS, NATIONWIDE, toRegionName } from '../../notices/regions.js';
import { buyerContractLine, buyerContractsHeading, buyerSummary } from '../../radar/buyer-text.js';
import { buyerKey } from '../../radar/contract.js';
import { planRadarReminders } from '../../radar/plan.js';
import {
  RADAR_GONE,
  RADAR_TOO_LATE,
  radarListEntry,
  radarRemindersScheduled,
} from '../../radar/radar-text.js';
import { ACTION_ROW, pageReply, type ButtonRow, type OutgoingReply } from '../messages.js';
import type { CommandContext } from './context.js';
import { NAV_LABELS } from './info-text.js';
import { completeList, parseArea, parseRegions, REGION_NAMES, short } from './options.js';
import {
  buyerNotFound,
  buyerPageGone,
  noAreaContracts,
  notMonths,
  noUpcoming,
  radarHeading,
} from './radar-command-text.js';
import { labelFor } from './subscribe.js';
import { InputError, type Command } from './types.js';
import { pageCount } from '../../shared/pages.js';

const PAGE_SIZE = 5;

export interface RadarScope {
  area: string | null;
  region: string | null;
  months: number;
}

/** A region name in a button id: its ITL1 code (UK for the whole country). */
function regionCode(region: string | null): string {
  if (!region) return 'all';
  if (region === NATIONWIDE) return 'UK';
  return Object.entries(ITL1_REGIONS).find(([, name]) => name === region)?.[0] ?? 'all';
}

const nav = (id: (page: number) => string, page: number, pages: number): ButtonRow[] => {
  const button = (label: string, target: number, disabled: boolean): APIButtonComponentWithCustomId => ({
    type: ComponentType.Button,
    style: ButtonStyle.Secondary,
    label,
    custom_id: id(target),
    disabled,
  });
  const buttons = [
    button(NAV_LABELS.previous, page - 1, page === 0),
    button(NAV_LABELS.next, page + 1, page + 1 >= pages),
  ];
  return pages > 1 ? [{ type: ACTION_ROW, components: buttons }] : [];
};

/** One page of /radar, with Previous/Next buttons whose ids survive restarts. */
export function radarPage(ctx: CommandContext, scope: RadarScope, page: number): OutgoingReply {
  const label = labelFor(ctx);
  const named = { area: scope.area && label(scope.area), region: scope.region };
  const {
    total,
    page: at,
    items,
  } = ctx.radar.upcoming({ area: scope.area, region: scope.region, months: scope.months }, page, PAGE_SIZE);
  if (total === 0) return pageReply(noUpcoming(scope.months, named), [], []);
  const pages = Math.ceil(total / PAGE_SIZE);
  const now = ctx.clock.now();
  const lines = items.map((item, i) => ({
    text: `${at * PAGE_SIZE + i + 1}. ${radarListEntry(item.contract, now, label)}`,
    link: item.contract.url,
  }));
  const id = (target: number) =>
    `tn:radar:${scope.area ?? 'all'}:${regionCode(scope.region)}:${scope.months}:${target}`;
  return pageReply(radarHeading(at + 1, pages, total, scope.months, named), lines, nav(id, at, pages));
}

/** Reads a /radar page's button id back into its scope. */
export function radarScopeOf(parts: string[], defaultMonths: number): { scope: RadarScope; page: number } {
  const [area, region, months, page] = parts;
  const n = Number(months);
  return {
    scope: {
      area: area && area !== 'all' ? area : null,
      region: region && region !== 'all' ? toRegionName(region) : null,
      months: Number.isInteger(n) && n >= 1 && n <= 60 ? n : defaultMonths,
    },
    page: Math.max(0, Number(page) || 0),
  };
}

export const radarCommand = {
  data: new SlashCommandBuilder()
    .setName('radar')
    .setDescription('Contracts coming to an end soon, which may be bought again: soonest first')
    .addStringOption((o) =>
      o.setName('area').setDescription('Only this service area').setAutocomplete(true).setMaxLength(60),
    )
    .addStringOption((o) =>
      o
        .setName('region')
        .setDescription('Only this region (or ITL ' + 'code)')
        .setAutocomplete(true)
        .setMaxLength(60),
    )
    .addIntegerOption((o) =>
      o
        .setName('months')
        .setDescription('Ending within this many months (default ' + '18)')
        .setMinValue(1)
        .setMaxValue(60),
    ),
  needsManageServer: false,
  async execute(interaction, ctx) {
    const area = parseArea(interaction.options.getString('area'), ctx.areas);
    const regions = parseRegions(interaction.options.getString('region'));
    const months = interaction.options.getInteger('months') ?? ctx.radar.defaultMonths;
    if (months < 1 || months > 60) throw new InputError(notMonths);
    await interaction.reply([radarPage(ctx, { area, region: regions[0] ?? null, months }, 0)]);
  },
  async autocomplete(interaction, ctx) {
    const focused = interaction.options.getFocused(true);
    const choices = focused.name === 'region' ? REGION_NAMES : ctx.areas.map((a) => a.id);
    await interaction.respond(completeList(focused.value.split(',').pop() ?? '', choices));
  },
} satisfies Command;

/** One page of /buyer: the summary and the first contracts, then more contracts a page. */
export function buyerPage(ctx: CommandContext, key: string, page: number): OutgoingReply {
  const profile = ctx.radar.buyerProfile(key, page, PAGE_SIZE);
  if (!profile) return pageReply(buyerPageGone, [], []);
  const label = labelFor(ctx);
  const now = ctx.clock.now();
  const pages = pageCount(profile.areaContracts.total, PAGE_SIZE);
  const at = profile.areaContracts.page;
  const contracts = profile.areaContracts.items.map((c) => ({
    text: buyerContractLine(c, label),
    link: c.url,
  }));
  const blocks = at === 0 ? buyerSummary(profile, now) : [];
  blocks.push(contracts.length > 0 ? buyerContractsHeading(at + 1, pages) : noAreaContracts);
  // A button id has at most 100 characters: a very long buyer name gets the first page only.
  const paged = `tn:buyer:${key}:99`.length <= 100;
  return pageReply(
    blocks.join('\n\n'),
    contracts,
    paged ? nav((target) => `tn:buyer:${key}:${target}`, at, pages) : [],
  );
}

export const buyerCommand = {
  data: new SlashCommandBuilder()
    .setName('buyer')
    .setDescription("A buyer's contracts in these service areas, who won them, and how to reach it")
    .addStringOption((o) =>
      o
        .setName('name')
        .setDescription('The buyer (start typing to choose)')
        .setRequired(true)
        .setAutocomplete(true)
        .setMaxLength(200),
    ),
  needsManageServer: false,
  async execute(interaction, ctx) {
    const typed = interaction.options.getString('name') ?? '';
    const key = [typed.trim(), buyerKey(typed)].find((k) => k && ctx.radar.isBuyer(k));
    const found = key ?? ctx.radar.findBuyers(typed, 1)[0]?.key;
    if (!found || !typed.trim()) throw new InputError(buyerNotFound(short(typed)));
    await interaction.reply([buyerPage(ctx, found, 0)]);
  },
  async autocomplete(interaction, ctx) {
    const typed = interaction.options.getFocused(true).value;
    const buyers = ctx.radar.findBuyers(typed, 25);
    await interaction.respond(buyers.map((b) => ({ name: short(b.name, 100), value: b.key.slice(0, 100) })));
  },
} satisfies Command;

/** "Remind me" on a radar announcement: direct messages 12 and 6 months before the contract ends. */
export function radarRemind(
  ctx: CommandContext,
  guildId: string | null,
  userId: string,
  rowId: number,
): string {
  const contract = ctx.radar.contractByNoticeRow(rowId);
  if (!contract) return RADAR_GONE;
  const now = ctx.clock.now();
  const planned = planRadarReminders(contract, now);
  ctx.feedback.record(guildId, userId, contract.source, contract.ocid, 'remind');
  if (planned.length === 0) return RADAR_TOO_LATE;
  ctx.radar.scheduleRadarReminders(userId, contract.source, contract.ocid, planned);
  const when = planned.map((p) => formatWhen(new Date(p.dueAt).toISOString(), now));
  return radarRemindersScheduled(when, ctx.bidders.nudges('user', userId) === false);
}

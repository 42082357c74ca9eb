import { sourceLabel } from '../../src/sources/registry.js';
import { ChannelType, PermissionFlagsBits } from 'discord.js';
import type { CommandContext } from '../../src/discord/commands/context.js';
import type { AutocompleteInteraction, CommandInteraction, Reply } from '../../src/discord/commands/types.js';
import type { ButtonInteraction } from '../../src/discord/dispatcher.js';
import { loadServiceAreas } from '../../src/config.js';
import { createSqliteBidderStore, type SqliteBidderStore } from '../../src/store/bidder-store.js';
import { createSqliteQueries } from '../../src/store/query-store.js';
import { createRadar } from '../../src/radar-wiring.js';
import type { deliveryWorld } from './delivery.js';

export const GUILD = '111111111111111111';
export const CHANNEL = '222222222222222222';

export interface FakeOptions {
  commandName: string;
  subcommand?: string;
  options?: Record<string, string | number | boolean | { url: string; name: string; size: number }>;
  manageServer?: boolean;
  channelType?: number;
  guildId?: string | null;
  channelId?: string;
  userId?: string;
  availableTags?: { id: string; name: string }[];
}

/** A hand-built chat-input interaction that records what the command answered. */
export function fakeInteraction(
  o: FakeOptions,
): CommandInteraction & { replies: Reply[]; deferrals: number } {
  const replies: Reply[] = [];
  const opts = o.options ?? {};
  const get = <T>(name: string, check: (v: unknown) => v is T): T | null =>
    check(opts[name]) ? opts[name] : null;
  const state = { deferred: false, replied: false };
  let deferrals = 0;
  return {
    commandName: o.commandName,
    guildId: o.guildId === undefined ? GUILD : o.guildId,
    channelId: o.channelId ?? CHANNEL,
    user: { id: o.userId ?? '444444444444444444' },
    channel: { type: o.channelType ?? ChannelType.GuildText, availableTags: o.availableTags },
    memberPermissions: {
      has: (p: bigint) => p === PermissionFlagsBits.ManageGuild && (o.manageServer ?? true),
    },
    options: {
      getString: (n) => get(n, (v): v is string => typeof v === 'string'),
      getNumber: (n) => get(n, (v): v is number => typeof v === 'number'),
      getInteger: (n) => get(n, (v): v is number => typeof v === 'number' && Number.isInteger(v)),
      getBoolean: (n) => get(n, (v): v is boolean => typeof v === 'boolean'),
      getSubcommand: () => o.subcommand ?? null,
      getAttachment: (n) =>
        get(
          n,
          (v): v is { url: string; name: string; size: number } =>
            typeof v === 'object' && v !== null && 'url' in v,
        ),
    },
    get deferred() {
      return state.deferred;
    },
    get replied() {
      return state.replied;
    },
    get deferrals() {
      return deferrals;
    },
    replies,
    async reply(r) {
      state.replied = true;
      replies.push(r);
    },
    async deferReply() {
      state.deferred = true;
      deferrals++;
    },
    async editReply(r) {
      state.replied = true;
      replies.push(r);
    },
    async followUp(r) {
      replies.push(r);
    },
  };
}

export function fakeAutocomplete(
  commandName: string,
  name: string,
  value: string,
): AutocompleteInteraction & { choices: { name: string; value: string }[] } {
  const result = { choices: [] as { name: string; value: string }[] };
  return Object.assign(result, {
    commandName,
    guildId: GUILD,
    options: { getFocused: () => ({ name, value }) },
    async respond(choices: { name: string; value: string }[]) {
      result.choices = choices;
    },
  });
}

export function fakeButton(
  customId: string,
  userId = '444444444444444444',
): ButtonInteraction & { replies: Reply[]; updates: Reply[] } {
  const replies: Reply[] = [];
  const updates: Reply[] = [];
  return {
    customId,
    guildId: GUILD,
    user: { id: userId },
    replies,
    updates,
    async reply(r) {
      replies.push(r);
    },
    async update(r) {
      updates.push(r);
    },
    async followUp(r) {
      replies.push(r);
    },
  };
}

/** The command context over a delivery world's real in-memory stores. */
export function commandContext(
  w: ReturnType<typeof deliveryWorld>,
  overrides: Partial<CommandContext> = {},
): CommandContext & { bidders: SqliteBidderStore } {
  const areas = loadServiceAreas({}).areas.map((a) => ({ id: a.id, label: a.label, summary: a.summary }));
  const queries = createSqliteQueries(w.db, w.clock.now);
  const bidders = createSqliteBidderStore(w.db, queries, w.clock.now);
  const labels = new Map(areas.map((a) => [a.id, a.label]));
  const radar = createRadar({
    db: w.db,
    subscriptions: w.subscriptions,
    notices: queries,
    dms: bidders,
    clock: w.clock,
    log: w.log,
    leadMonths: 18,
    dailyLimit: 5,
    areaLabel: (id) => labels.get(id) ?? id,
  });
  return {
    subscriptions: w.subscriptions,
    radar: radar.queries,
    watchlists: w.watchlists,
    notices: queries,
    status: queries,
    feedback: queries,
    areas,
    digestHour: 8,
    sourceLabel: sourceLabel(),
    clock: w.clock,
    log: w.log,
    fetchText: async () => '',
    botDelivery: true,
    ...overrides,
    bidders,
  };
}

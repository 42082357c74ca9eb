import { sourceLabel } from '../../src/sources/registry.js';
import { ChannelType, PermissionFlagsBits } from 'discord.js';
import type { CommandContext } from '../../src/discord/commands/context.js';
import type { AutocompleteInteraction, ChannelFacts } from '../../src/discord/commands/types.js';
import type { ButtonInteraction, RawCommandInteraction } from '../../src/discord/dispatcher.js';
import type { OutgoingEdit, OutgoingReply } from '../../src/discord/messages.js';
import { loadServiceAreas } from '../../src/config.js';
import { createSqliteBidderStore, type SqliteBidderStore } from '../../src/store/bidder-store.js';
import { createSqliteCorrectionStore } from '../../src/store/correction-store.js';
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
  availableTags?: { id: string; name: string; moderated: boolean }[];
  /** A forum that refuses posts without a tag. */
  requiresTag?: boolean;
  /** How long Discord takes to acknowledge a deferral, to test answers racing it. */
  deferDelayMs?: number;
  roles?: Record<string, { id: string; name: string }>;
  /**
   * The server's channels a channel option may name, by id (a text channel when not listed), each with the
   * member's permissions there as Discord sends them (View Channel unless a test says otherwise).
   */
  channels?: Record<string, ChannelFacts>;
}

/** The member's permissions in a named channel, as the API's decimal string: View Channel. */
const SEES = String(PermissionFlagsBits.ViewChannel);

/** What a fake interaction records of one answer, and whether the person alone sees it. */
export type FakeAnswer = (OutgoingReply | OutgoingEdit) & { seenPrivately: boolean };

/** The flags Discord's Edit Original Interaction Response takes: SUPPRESS_EMBEDS (4), IS_COMPONENTS_V2. */
const EDIT_FLAGS = 4 | 32768;

/** A hand-built chat-input interaction that records what the command answered. */
export function fakeInteraction(
  o: FakeOptions,
): RawCommandInteraction & { replies: FakeAnswer[]; deferrals: number; initialResponses: number } {
  const replies: FakeAnswer[] = [];
  const privately = (flags: number | undefined) => ((flags ?? 0) & 64) === 64;
  const opts = o.options ?? {};
  const get = <T>(name: string, check: (v: unknown) => v is T): T | null =>
    check(opts[name]) ? opts[name] : null;
  const state = { deferred: false, replied: false, deferredPrivately: false };
  let deferrals = 0;
  let initialResponses = 0;
  // Discord refuses a second initial response (40060) and an edit or follow-up before the first.
  const initial = () => {
    initialResponses++;
    if (initialResponses > 1) throw new Error('40060 Interaction has already been acknowledged');
  };
  return {
    commandName: o.commandName,
    guildId: o.guildId === undefined ? GUILD : o.guildId,
    channelId: o.channelId ?? CHANNEL,
    user: { id: o.userId ?? '444444444444444444' },
    channel: {
      type: o.channelType ?? ChannelType.GuildText,
      availableTags: o.availableTags,
      flags: { has: (bit: number) => bit === 16 && (o.requiresTag ?? false) },
    },
    memberPermissions: {
      has: (p: bigint) => p === PermissionFlagsBits.ManageGuild && (o.manageServer ?? true),
    },
    options: {
      getString: (n) => get(n, (v): v is string => typeof v === 'string'),
      getNumber: (n) => get(n, (v): v is number => typeof v === 'number'),
      getInteger: (n) => get(n, (v): v is number => typeof v === 'number' && Number.isInteger(v)),
      getBoolean: (n) => get(n, (v): v is boolean => typeof v === 'boolean'),
      getSubcommand: () => o.subcommand ?? null,
      getRole: (n) => {
        const id = opts[n];
        return typeof id === 'string' ? (o.roles?.[id] ?? { id, name: `role ${id}` }) : null;
      },
      getChannel: (n) => {
        const id = opts[n];
        return typeof id === 'string'
          ? { id, permissions: SEES, ...(o.channels?.[id] ?? { type: ChannelType.GuildText }) }
          : null;
      },
      getAttachment: (n) =>
        get(
          n,
          (v): v is { url: string; name: string; size: number } =>
            typeof v === 'object' && v !== null && 'url' in v,
        ),
    },
    get deferrals() {
      return deferrals;
    },
    get initialResponses() {
      return initialResponses;
    },
    replies,
    async reply(r) {
      initial();
      state.replied = true;
      replies.push({ ...r, seenPrivately: privately(r.flags) });
    },
    async deferReply({ flags }) {
      initial();
      deferrals++;
      if (o.deferDelayMs) await new Promise((done) => setTimeout(done, o.deferDelayMs));
      state.deferred = true;
      state.deferredPrivately = privately(flags);
    },
    async editReply(r) {
      if (!state.deferred) throw new Error('10008 editReply before the deferral was acknowledged');
      // Only the edit endpoint's documented flags (whether the answer is private was fixed by the deferral).
      // Whether a live Discord refuses Ephemeral here or ignores it was not observed: the fake refuses it.
      if ((r.flags ?? 0) & ~EDIT_FLAGS) throw new Error(`50035 Invalid Form Body: flags ${r.flags}`);
      state.replied = true;
      replies.push({ ...r, seenPrivately: state.deferredPrivately });
    },
    async followUp(r) {
      if (!state.replied && !state.deferred) throw new Error('10015 follow-up before any response');
      replies.push({ ...r, seenPrivately: privately(r.flags) });
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
): ButtonInteraction & { replies: OutgoingReply[]; updates: OutgoingEdit[] } {
  const replies: OutgoingReply[] = [];
  const updates: OutgoingEdit[] = [];
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
    corrections: createSqliteCorrectionStore(w.db, queries, w.clock.now),
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

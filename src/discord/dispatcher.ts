import type { CommandContext } from './commands/context.js';
import { MessageFlags } from 'discord.js';
import { formatWhen } from '../notices/date-text.js';
import { planReminders } from '../guide/reminders.js';
import type { StoredNoticeView } from '../alerts/stored-notice.js';
import { replyWithGuide } from './commands/bidders.js';
import { commands } from './commands/index.js';
import { recentPage } from './commands/info.js';
import { buyerPage, radarPage, radarRemind, radarScopeOf } from './commands/radar.js';
import {
  ALREADY_PRESSED,
  FEEDBACK_WORDS,
  NO_FUTURE_DEADLINES,
  NOT_STORED_BUTTON,
  OUR_PROBLEM,
  remindersScheduled,
  UNKNOWN_COMMAND,
} from './commands/replies.js';
import { InputError, type AutocompleteInteraction, type CommandInteraction } from './commands/types.js';
import { asEdit, privateReply, type OutgoingEdit, type OutgoingReply } from './messages.js';
import type { Logger } from '../shared/logger.js';

const EPHEMERAL = MessageFlags.Ephemeral;
/** Discord wants an answer within 3 s; anything slower is deferred first. */
const DEFER_AFTER_MS = 2_000;

/** The part of a discord.js ChatInputCommandInteraction the dispatcher drives. */
export interface RawCommandInteraction extends Omit<CommandInteraction, 'reply'> {
  reply(options: OutgoingReply): Promise<unknown>;
  deferReply(options: { flags: number }): Promise<unknown>;
  editReply(options: OutgoingEdit): Promise<unknown>;
  followUp(options: OutgoingReply): Promise<unknown>;
}

/** The part of a discord.js ButtonInteraction the dispatcher uses. */
export interface ButtonInteraction {
  customId: string;
  guildId: string | null;
  user: { id: string };
  reply(options: OutgoingReply): Promise<unknown>;
  /** Edits the message the button is on (UPDATE_MESSAGE), which takes the edit flags only (see asEdit). */
  update(options: OutgoingEdit): Promise<unknown>;
  followUp(options: OutgoingReply): Promise<unknown>;
}

/**
 * Answers one interaction exactly once. A deferral is awaited before the answer, never raced by it (two
 * initial responses are Discord's error 40060); after a deferral the first part fills the deferred answer
 * (as an edit, which may not carry Ephemeral: the deferral made it private), and every further part is a
 * follow-up.
 */
export function createResponder(
  raw: Pick<RawCommandInteraction, 'reply' | 'deferReply' | 'editReply' | 'followUp'>,
  log: Logger,
) {
  let state: 'open' | 'deferring' | 'deferred' | 'answered' = 'open';
  let deferral: Promise<void> = Promise.resolve();
  return {
    defer(): Promise<void> {
      if (state !== 'open') return deferral;
      state = 'deferring';
      deferral = raw.deferReply({ flags: EPHEMERAL }).then(
        () => void (state = 'deferred'),
        (err: unknown) => {
          state = 'open';
          log.warn({ err: err instanceof Error ? err.message : String(err) }, 'Could not defer reply');
        },
      );
      return deferral;
    },
    async send(parts: OutgoingReply[]): Promise<void> {
      await deferral;
      const [first, ...rest] = parts;
      if (!first) return;
      const was = state;
      state = 'answered';
      if (was === 'deferred') await raw.editReply(asEdit(first));
      else if (was === 'open') await raw.reply(first);
      else await raw.followUp(first);
      for (const part of rest) await raw.followUp(part);
    },
  };
}

/**
 * The one entry point for slash commands: find the command, defer first when its work is slow (or when it
 * takes longer than 2 s), run it, and turn input problems into one clear sentence.
 */
export async function handleCommand(interaction: RawCommandInteraction, ctx: CommandContext): Promise<void> {
  const responder = createResponder(interaction, ctx.log);
  const command = commands.find((c) => c.data.name === interaction.commandName);
  if (!command) {
    await responder.send(privateReply(UNKNOWN_COMMAND));
    return;
  }
  if (command.slow) await responder.defer();
  const timer = setTimeout(() => void responder.defer(), DEFER_AFTER_MS);
  const wrapped: CommandInteraction = {
    commandName: interaction.commandName,
    guildId: interaction.guildId,
    channelId: interaction.channelId,
    user: interaction.user,
    channel: interaction.channel,
    memberPermissions: interaction.memberPermissions,
    options: interaction.options,
    reply: (parts) => responder.send(parts),
  };
  try {
    await command.execute(wrapped, ctx);
  } catch (err) {
    if (err instanceof InputError) await responder.send(privateReply(err.message));
    else {
      ctx.log.error(
        {
          command: interaction.commandName,
          guild: interaction.guildId,
          err: err instanceof Error ? err.message : String(err),
        },
        'Command failed',
      );
      await responder.send(privateReply(OUR_PROBLEM)).catch(() => undefined);
    }
  } finally {
    clearTimeout(timer);
  }
}

export async function handleAutocomplete(
  interaction: AutocompleteInteraction,
  ctx: CommandContext,
): Promise<void> {
  const command = commands.find((c) => c.data.name === interaction.commandName);
  try {
    await (command?.autocomplete ? command.autocomplete(interaction, ctx) : interaction.respond([]));
  } catch (err) {
    ctx.log.warn(
      { command: interaction.commandName, err: err instanceof Error ? err.message : String(err) },
      'Autocomplete failed',
    );
  }
}

/**
 * "Remind me" and "Interested" schedule deadline reminders (7, 3, 1 days before; 2 before clarifications).
 */
function scheduleFor(ctx: CommandContext, userId: string, view: StoredNoticeView): string {
  const planned = planReminders(view.notice, ctx.clock.now());
  if (planned.length === 0) return NO_FUTURE_DEADLINES;
  ctx.bidders.scheduleReminders(userId, view.source, view.ocid, planned);
  const when = planned.map((p) => formatWhen(new Date(p.dueAt).toISOString(), ctx.clock.now()));
  return remindersScheduled(when, ctx.bidders.nudges('user', userId) === false);
}

/** A button's answer in parts: the first replies, the rest follow up. */
function buttonReplier(interaction: ButtonInteraction): Pick<CommandInteraction, 'reply' | 'user'> {
  return {
    user: interaction.user,
    async reply(parts) {
      const [first, ...rest] = parts;
      if (first) await interaction.reply(first);
      for (const part of rest) await interaction.followUp(part);
    },
  };
}

/**
 * Buttons with persistent ids (`tn:<action>:<notice row>`, `tn:recent:<area>:<page>`,
 * `tn:radar:<area>:<region>:<months>:<page>`, `tn:buyer:<buyer>:<page>`), so they work after restarts.
 */
export async function handleButton(interaction: ButtonInteraction, ctx: CommandContext): Promise<void> {
  const [prefix, action, ...rest] = interaction.customId.split(':');
  if (prefix !== 'tn') return;
  try {
    if (action === 'recent') {
      const [area, page] = rest;
      await interaction.update(
        asEdit(recentPage(ctx, area && area !== 'all' ? area : null, Math.max(0, Number(page) || 0))),
      );
      return;
    }
    if (action === 'radar') {
      const { scope, page } = radarScopeOf(rest, ctx.radar.defaultMonths);
      await interaction.update(asEdit(radarPage(ctx, scope, page)));
      return;
    }
    if (action === 'buyer') {
      await interaction.update(asEdit(buyerPage(ctx, rest[0] ?? '', Math.max(0, Number(rest[1]) || 0))));
      return;
    }
    if (action === 'radar-remind') {
      const text = radarRemind(ctx, interaction.guildId, interaction.user.id, Number(rest[0]));
      await buttonReplier(interaction).reply(privateReply(text));
      return;
    }
    if (action === 'guide' || action === 'ics') {
      await replyWithGuide(buttonReplier(interaction), ctx, rest[0] ?? '', action === 'ics');
      return;
    }
    const feedback =
      action === 'remind' || action === 'interested' || action === 'not-relevant' ? action : null;
    const view = feedback ? ctx.notices.byRowId(Number(rest[0])) : null;
    if (!feedback || !view) {
      await buttonReplier(interaction).reply(privateReply(NOT_STORED_BUTTON));
      return;
    }
    const fresh = ctx.feedback.record(
      interaction.guildId,
      interaction.user.id,
      view.source,
      view.ocid,
      feedback,
    );
    // "Not relevant" is also a correction to the matcher, kept per server (issue 17).
    if (feedback === 'not-relevant' && interaction.guildId)
      ctx.corrections.record({
        guildId: interaction.guildId,
        userId: interaction.user.id,
        source: view.source,
        ocid: view.ocid,
        kind: 'not-relevant',
        area: null,
        matched: (view.match?.areas ?? []).map((a) => a.rule),
      });
    const reminders = feedback === 'not-relevant' ? '' : ` ${scheduleFor(ctx, interaction.user.id, view)}`;
    await buttonReplier(interaction).reply(
      privateReply(`${fresh ? FEEDBACK_WORDS[feedback] : ALREADY_PRESSED}${reminders}`),
    );
  } catch (err) {
    if (err instanceof InputError)
      await buttonReplier(interaction)
        .reply(privateReply(err.message))
        .catch(() => undefined);
    else
      ctx.log.error(
        { customId: interaction.customId, err: err instanceof Error ? err.message : String(err) },
        'Button failed',
      );
  }
}

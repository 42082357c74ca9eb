import type { FeedbackAction } from '../alerts/feedback.js';
import type { CommandContext } from './commands/context.js';
import { MessageFlags } from 'discord.js';
import { formatWhen } from '../notices/date-text.js';
import { planReminders } from '../guide/reminders.js';
import type { StoredNoticeView } from '../alerts/stored-notice.js';
import { replyWithGuide } from './commands/bidders.js';
import { commands } from './commands/index.js';
import { recentPage } from './commands/info.js';
import { buyerPage, radarPage, radarRemind, radarScopeOf } from './commands/radar.js';
import { ALREADY_PRESSED, NO_FUTURE_DEADLINES, remindersScheduled } from './commands/replies.js';
import { short } from './commands/options.js';
import {
  InputError,
  type AutocompleteInteraction,
  type CommandInteraction,
  type Reply,
} from './commands/types.js';

const EPHEMERAL = MessageFlags.Ephemeral;
/** Discord wants an answer within 3 s; anything slower is deferred first. */
const DEFER_AFTER_MS = 2_000;

/** The part of a discord.js ButtonInteraction the dispatcher uses. */
export interface ButtonInteraction {
  customId: string;
  guildId: string | null;
  user: { id: string };
  reply(options: Reply): Promise<unknown>;
  update(options: Reply): Promise<unknown>;
  followUp(options: Reply): Promise<unknown>;
}

/** Replies the right way whether or not the interaction was deferred in the meantime. */
function answer(interaction: CommandInteraction, reply: Reply): Promise<unknown> {
  const safe: Reply = { ...reply, allowedMentions: { parse: [] } };
  if (interaction.deferred) return interaction.editReply(safe);
  if (interaction.replied) return Promise.resolve();
  return interaction.reply(safe);
}

/**
 * The one entry point for slash commands: find the command, run it, turn input problems into one clear
 * sentence.
 */
export async function handleCommand(interaction: CommandInteraction, ctx: CommandContext): Promise<void> {
  const command = commands.find((c) => c.data.name === interaction.commandName);
  if (!command) {
    await interaction.reply({
      content: 'That command is not known to this version of Tender Nudge.',
      flags: EPHEMERAL,
    });
    return;
  }
  const timer = setTimeout(() => {
    if (!interaction.replied && !interaction.deferred)
      void interaction
        .deferReply({ flags: EPHEMERAL })
        .catch((err: unknown) => ctx.log.warn({ err: String(err) }, 'Could not defer reply'));
  }, DEFER_AFTER_MS);
  // The command always calls reply(); once the timer has deferred, that becomes an edit of the deferred
  // reply.
  const wrapped: CommandInteraction = {
    commandName: interaction.commandName,
    guildId: interaction.guildId,
    channelId: interaction.channelId,
    user: interaction.user,
    channel: interaction.channel,
    memberPermissions: interaction.memberPermissions,
    options: interaction.options,
    get deferred() {
      return interaction.deferred;
    },
    get replied() {
      return interaction.replied;
    },
    reply: (reply) => answer(interaction, reply),
    deferReply: (options) => interaction.deferReply(options),
    editReply: (reply) => interaction.editReply(reply),
    followUp: (reply) => interaction.followUp({ ...reply, allowedMentions: { parse: [] } }),
  };
  try {
    await command.execute(wrapped, ctx);
  } catch (err) {
    if (err instanceof InputError)
      await answer(interaction, {
        content: short(err.message, 1900),
        flags: EPHEMERAL,
        allowedMentions: { parse: [] },
      });
    else {
      ctx.log.error(
        {
          command: interaction.commandName,
          guild: interaction.guildId,
          err: err instanceof Error ? err.message : String(err),
        },
        'Command failed',
      );
      await answer(interaction, {
        content: 'Sorry, that did not work because of a problem on our side. Please try again in a minute.',
        flags: EPHEMERAL,
      }).catch(() => undefined);
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

const FEEDBACK_WORDS: Record<FeedbackAction, string> = {
  remind: 'Saved.',
  interested: 'Saved: you are interested. Your coordinator sees this in the relevance report (/status).',
  'not-relevant': 'Saved: not relevant. Thank you; this helps tune what the channel receives (see /status).',
};

/**
 * "Remind me" and "Interested" schedule deadline reminders (7, 3, 1 days before; 2 before clarifications).
 */
function scheduleFor(ctx: CommandContext, userId: string, view: StoredNoticeView): string {
  const planned = planReminders(view.notice, ctx.clock.now());
  if (planned.length === 0) return NO_FUTURE_DEADLINES;
  ctx.bidders.scheduleReminders(userId, view.source, view.ocid, planned);
  const when = planned.map((p) => formatWhen(new Date(p.dueAt).toISOString(), ctx.clock.now(), 'discord'));
  return remindersScheduled(when, ctx.bidders.nudges('user', userId) === false);
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
        recentPage(ctx, area && area !== 'all' ? area : null, Math.max(0, Number(page) || 0)),
      );
      return;
    }
    if (action === 'radar') {
      const { scope, page } = radarScopeOf(rest, ctx.radar.defaultMonths);
      await interaction.update(radarPage(ctx, scope, page));
      return;
    }
    if (action === 'buyer') {
      await interaction.update(buyerPage(ctx, rest[0] ?? '', Math.max(0, Number(rest[1]) || 0)));
      return;
    }
    if (action === 'radar-remind') {
      const text = radarRemind(ctx, interaction.guildId, interaction.user.id, Number(rest[0]));
      await interaction.reply({ content: text, flags: EPHEMERAL, allowedMentions: { parse: [] } });
      return;
    }
    if (action === 'guide' || action === 'ics') {
      await replyWithGuide(interaction, ctx, rest[0] ?? '', action === 'ics');
      return;
    }
    const feedback =
      action === 'remind' || action === 'interested' || action === 'not-relevant' ? action : null;
    const view = feedback ? ctx.notices.byRowId(Number(rest[0])) : null;
    if (!feedback || !view) {
      await interaction.reply({
        content: 'That notice is no longer stored, so the button does nothing.',
        flags: EPHEMERAL,
      });
      return;
    }
    const fresh = ctx.feedback.record(
      interaction.guildId,
      interaction.user.id,
      view.source,
      view.ocid,
      feedback,
    );
    const reminders = feedback === 'not-relevant' ? '' : ` ${scheduleFor(ctx, interaction.user.id, view)}`;
    await interaction.reply({
      content: `${fresh ? FEEDBACK_WORDS[feedback] : ALREADY_PRESSED}${reminders}`,
      flags: EPHEMERAL,
    });
  } catch (err) {
    if (err instanceof InputError)
      await interaction.reply({ content: short(err.message, 1900), flags: EPHEMERAL }).catch(() => undefined);
    else
      ctx.log.error(
        { customId: interaction.customId, err: err instanceof Error ? err.message : String(err) },
        'Button failed',
      );
  }
}

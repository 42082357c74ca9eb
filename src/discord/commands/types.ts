import type { APIActionRowComponent, APIComponentInMessageActionRow } from 'discord-api-types/v10';
import type { SlashCommandOptionsOnlyBuilder, SlashCommandSubcommandsOnlyBuilder } from 'discord.js';
import type { CommandContext } from './context.js';

/** The reply shapes the commands use; discord.js interactions accept all of them. */
export interface Reply {
  content: string;
  flags?: number;
  components?: APIActionRowComponent<APIComponentInMessageActionRow>[];
  files?: { attachment: Buffer; name: string }[];
  allowedMentions?: { parse: [] };
}

/** The part of a discord.js ChatInputCommandInteraction the commands use (so tests can build one by hand). */
export interface CommandInteraction {
  commandName: string;
  guildId: string | null;
  channelId: string;
  user: { id: string };
  channel: { type: number; availableTags?: { id: string; name: string }[] } | null;
  memberPermissions: { has(permission: bigint): boolean } | null;
  options: {
    getString(name: string): string | null;
    getNumber(name: string): number | null;
    getInteger(name: string): number | null;
    getBoolean(name: string): boolean | null;
    getSubcommand(required: false): string | null;
    getAttachment(name: string): { url: string; name: string; size: number } | null;
  };
  deferred: boolean;
  replied: boolean;
  reply(options: Reply): Promise<unknown>;
  deferReply(options: { flags: number }): Promise<unknown>;
  editReply(options: Reply): Promise<unknown>;
  followUp(options: Reply): Promise<unknown>;
}

export interface AutocompleteInteraction {
  commandName: string;
  guildId: string | null;
  options: { getFocused(withName: true): { name: string; value: string } };
  respond(choices: { name: string; value: string }[]): Promise<unknown>;
}

export interface Command {
  data: SlashCommandOptionsOnlyBuilder | SlashCommandSubcommandsOnlyBuilder;
  /** Configuration commands need Manage Server, checked again in the handler. */
  needsManageServer: boolean;
  execute(interaction: CommandInteraction, ctx: CommandContext): Promise<void>;
  autocomplete?(interaction: AutocompleteInteraction, ctx: CommandContext): Promise<void>;
}

/** A problem with what someone typed: shown to them as one clear sentence, nothing changed. */
export class InputError extends Error {
  override name = 'InputError';
}

import type { SlashCommandOptionsOnlyBuilder, SlashCommandSubcommandsOnlyBuilder } from 'discord.js';
import type { OutgoingReply } from '../messages.js';
import type { CommandContext } from './context.js';

/** What the commands read of a channel: its type, a forum's tags and flags, the member's permissions. */
export interface ChannelFacts {
  type: number;
  availableTags?: { id: string; name: string; moderated: boolean }[];
  /** A forum's flags: REQUIRE_TAG (16) means every post must carry a tag. */
  flags?: { has(bit: number): boolean } | null;
  /**
   * A channel named in an option: the member's permissions in it, which Discord sends with it (discord.js
   * gives them as a bit field, or as the API's decimal string when the server is not in its cache).
   */
  permissions?: { has(bit: bigint): boolean } | string | null;
}

/** The part of a discord.js ChatInputCommandInteraction the commands use (so tests can build one by hand). */
export interface CommandInteraction {
  commandName: string;
  guildId: string | null;
  channelId: string;
  user: { id: string };
  channel: ChannelFacts | null;
  memberPermissions: { has(permission: bigint): boolean } | null;
  options: {
    getString(name: string): string | null;
    getNumber(name: string): number | null;
    getInteger(name: string): number | null;
    getBoolean(name: string): boolean | null;
    getSubcommand(required: false): string | null;
    getAttachment(name: string): { url: string; name: string; size: number } | null;
    getRole(name: string): { id: string; name: string } | null;
    /** A channel option: the server's cached channel (a forum with its tags), as discord.js resolves it. */
    getChannel(name: string): (ChannelFacts & { id: string }) | null;
  };
  /**
   * Answers with the first part and follows up with the rest (after a deferral, the first part fills the
   * deferred answer). Built by messages.ts, so the text is escaped and fits.
   */
  reply(parts: OutgoingReply[]): Promise<void>;
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
  /** Work that may take more than a moment (fetching a file): the answer is deferred before it starts. */
  slow?: boolean;
  /**
   * Also offered in a direct message with the bot (help, the glossary, guides, a person's own profile and
   * nudges); every other command needs a server, and Discord only offers it there.
   */
  inDirectMessages?: boolean;
  execute(interaction: CommandInteraction, ctx: CommandContext): Promise<void>;
  autocomplete?(interaction: AutocompleteInteraction, ctx: CommandContext): Promise<void>;
}

/** A problem with what someone typed: shown to them as one clear sentence, nothing changed. */
export class InputError extends Error {
  override name = 'InputError';
}

import type { REST } from '@discordjs/rest';
import { ApplicationIntegrationType, InteractionContextType, Routes } from 'discord-api-types/v10';
import { commands } from './commands/index.js';

/**
 * The JSON Discord receives for every command (the same static list the bot runs), with the contexts it may
 * be used in: installed to servers only, and in direct messages only where the command works without one.
 */
export function commandJson(scope: 'global' | 'guild' = 'global'): unknown[] {
  // Discord takes integration_types and contexts "only for globally-scoped commands" (a server's commands
  // are offered in that server alone, and "Guild commands don't support the BOT_DM interaction context").
  if (scope === 'guild') return commands.map((c) => c.data.toJSON());
  return commands.map((c) => ({
    ...c.data.toJSON(),
    integration_types: [ApplicationIntegrationType.GuildInstall],
    contexts: c.inDirectMessages
      ? [InteractionContextType.Guild, InteractionContextType.BotDM]
      : [InteractionContextType.Guild],
  }));
}

/**
 * Registers every command globally, or to one server (instant, for testing). Returns how many were
 * registered.
 */
export async function deployCommands(
  rest: REST,
  applicationId: string,
  guildId: string | null,
): Promise<number> {
  await rest.put(
    guildId
      ? Routes.applicationGuildCommands(applicationId, guildId)
      : Routes.applicationCommands(applicationId),
    { body: commandJson(guildId ? 'guild' : 'global') },
  );
  return commands.length;
}

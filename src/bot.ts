import axios from 'axios';
import { Events } from 'discord.js';
import { createGatewayClient } from './discord/client.js';
import type { CommandContext } from './discord/commands/context.js';
import { handleAutocomplete, handleButton, handleCommand } from './discord/dispatcher.js';
import { connectGateway } from './discord/gateway.js';
import { missingIn } from './discord/permissions.js';
import type { Logger } from './shared/logger.js';

/** A file a coordinator attached (a watchlist), fetched with a size cap and the worker's abort signal. */
export function fetchAttachment(signal: AbortSignal) {
  return async (url: string) =>
    String(
      (
        await axios.get<string>(url, {
          responseType: 'text',
          timeout: 15_000,
          maxContentLength: 200_000,
          signal,
        })
      ).data,
    );
}

/**
 * The bot's gateway side: slash commands, autocomplete and buttons, answered through the dispatcher. The
 * connection is made in the background with retries, so a Discord that is down at start-up never stops
 * polling; a refused token is reported through `onTokenRefused`.
 */
export function startBot(
  token: string,
  ctx: CommandContext,
  log: Logger,
  signal: AbortSignal,
  onTokenRefused: (err: Error) => void,
) {
  const client = createGatewayClient();
  ctx.missingPermissions = (channelId, kind) => {
    const channel = client.channels.cache.get(channelId);
    const me = client.user;
    if (!channel || !me || !('permissionsFor' in channel)) return null;
    return missingIn(channel, me, kind);
  };
  client.on(Events.InteractionCreate, (interaction) => {
    if (interaction.isChatInputCommand()) void handleCommand(interaction, ctx);
    else if (interaction.isAutocomplete()) void handleAutocomplete(interaction, ctx);
    else if (interaction.isButton()) void handleButton(interaction, ctx);
  });
  client.once(Events.ClientReady, (ready) =>
    log.info({ user: ready.user.tag, guilds: ready.guilds.cache.size }, 'Connected to Discord'),
  );
  client.on(Events.Error, (err) => log.error({ err: err.message }, 'Discord client error'));
  const connected = connectGateway(client, token, log, signal).catch((err: unknown) => {
    onTokenRefused(err instanceof Error ? err : new Error(String(err)));
    return false;
  });
  return { client, connected };
}

import { DefaultRestOptions, DiscordAPIError } from '@discordjs/rest';
import { runCli } from './run.js';
import { parseArgs } from 'node:util';
import { startCommand } from '../app.js';
import { createRest } from '../discord/client.js';
import { commandJson, deployCommands } from '../discord/deploy.js';

const USAGE = 'Usage: npm run deploy-commands [-- --guild <server id>] [--print]';

/**
 * Why nothing was registered, in words: Discord out of reach (the fetch said only "fetch failed", its cause
 * inside), or Discord's own refusal.
 */
function deployFailed(api: string, err: unknown): string {
  const cause =
    err instanceof Error ? (err.cause as { code?: string; message?: string } | undefined) : undefined;
  const reason = cause?.code ?? cause?.message ?? 'no answer';
  if (err instanceof TypeError && err.message === 'fetch failed')
    return (
      `No commands were registered: cannot reach Discord at ${api} (${reason}): check the network, DNS, ` +
      'proxy or firewall.'
    );
  if (err instanceof DiscordAPIError && err.status === 401)
    return 'No commands were registered: Discord refused the token (401). Check DISCORD_TOKEN.';
  const why = err instanceof Error ? err.message : String(err);
  return `No commands were registered: ${why}`;
}

async function main(): Promise<number> {
  const { values } = parseArgs({
    args: process.argv.slice(2),
    options: { print: { type: 'boolean', default: false }, guild: { type: 'string' } },
    strict: true,
  });
  if (values.print) {
    // No network and no token: shows exactly what would be registered.
    console.log(JSON.stringify(commandJson(), null, 2));
    return 0;
  }
  const { config } = startCommand();
  const { token, applicationId } = config.discord;
  if (!token || !applicationId) {
    console.error(
      `DISCORD_TOKEN and DISCORD_APPLICATION_ID are needed to register commands (or use --print). ${USAGE}`,
    );
    return 2;
  }
  const guild = values.guild ?? config.discord.guildId;
  if (guild && !/^\d{15,25}$/.test(guild)) {
    console.error(`--guild must be a server id (a number). ${USAGE}`);
    return 2;
  }
  const api = config.discord.apiBase ?? DefaultRestOptions.api;
  const rest = createRest(token, config.discord.apiBase ? { api: config.discord.apiBase } : {});
  let count: number;
  try {
    count = await deployCommands(rest, applicationId, guild);
  } catch (err) {
    console.error(deployFailed(api, err));
    return 2;
  }
  console.log(
    `Registered ${count} commands ` +
      `${guild ? `to server ${guild} (available now)` : 'globally (may take up to an hour to appear)'}.`,
  );
  return 0;
}

runCli(main);

import { runCli } from './run.js';
import { parseArgs } from 'node:util';
import { startCommand } from '../app.js';
import { createRest } from '../discord/client.js';
import { commandJson, deployCommands } from '../discord/deploy.js';

const USAGE = 'Usage: npm run deploy-commands [-- --guild <server id>] [--print]';

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
  const rest = createRest(token, config.discord.apiBase ? { api: config.discord.apiBase } : {});
  const count = await deployCommands(rest, applicationId, guild);
  console.log(
    `Registered ${count} commands ` +
      `${guild ? `to server ${guild} (available now)` : 'globally (may take up to an hour to appear)'}.`,
  );
  return 0;
}

runCli(main);

import { DiscordAPIError, HTTPError, type REST } from '@discordjs/rest';
import { Routes } from 'discord-api-types/v10';
import { z } from 'zod';
import type { Subscription } from '../../alerts/subscription.js';
import { commandJson } from '../../discord/deploy.js';
import { channelPermissions, missingPermissions } from '../../discord/permissions.js';
import { T, type Check } from './doctor-text.js';

const User = z.object({ id: z.string(), username: z.string() });
const Application = z.object({ id: z.string() });
const Option: z.ZodType<NormalOption> = z.lazy(() =>
  z.object({
    name: z.string(),
    type: z.number(),
    description: z.string().default(''),
    required: z.boolean().default(false),
    autocomplete: z.boolean().default(false),
    choices: z.array(z.object({ name: z.string(), value: z.union([z.string(), z.number()]) })).default([]),
    options: z.array(Option).default([]),
  }),
);
interface NormalOption {
  name: string;
  type: number;
  description: string;
  required: boolean;
  autocomplete: boolean;
  choices: { name: string; value: string | number }[];
  options: NormalOption[];
}
const RegisteredCommand = z.object({
  name: z.string(),
  description: z.string().default(''),
  options: z.array(Option).default([]),
});
const Channel = z.object({
  id: z.string(),
  type: z.number(),
  guild_id: z.string().optional(),
  parent_id: z.string().nullable().optional(),
  permission_overwrites: z
    .array(z.object({ id: z.string(), type: z.number(), allow: z.string(), deny: z.string() }))
    .default([]),
});
const Role = z.object({ id: z.string(), permissions: z.string() });
const Member = z.object({ roles: z.array(z.string()) });
const FORUM = 15;
// Announcement, public and private threads (discord-api-docs, channel types 10, 11 and 12).
const THREADS: readonly number[] = [10, 11, 12];

/** A Discord failure in words: the API's error, an HTTP status, or the network. */
export function describeDiscordError(err: unknown): {
  reachable: boolean;
  text: string;
  status: number | null;
} {
  if (err instanceof DiscordAPIError)
    return { reachable: true, text: `${err.status} ${err.message}`, status: err.status };
  if (err instanceof HTTPError) return { reachable: true, text: `HTTP ${err.status}`, status: err.status };
  const cause = err instanceof Error && err.cause instanceof Error ? err.cause : null;
  const code = cause && 'code' in cause ? String(cause.code) : '';
  return { reachable: false, text: code || (err instanceof Error ? err.message : String(err)), status: null };
}

/** A registered command reduced to what this version defines, to compare with commandJson(). */
const normal = (raw: unknown) => {
  const parsed = RegisteredCommand.safeParse(raw);
  return parsed.success ? { key: parsed.data.name, json: JSON.stringify(parsed.data) } : null;
};

async function checkCommands(rest: REST, applicationId: string, guildId: string | null): Promise<Check> {
  const where = guildId ? T.where.guild(guildId) : T.where.global;
  const route = guildId
    ? Routes.applicationGuildCommands(applicationId, guildId)
    : Routes.applicationCommands(applicationId);
  const registered = new Map(
    z
      .array(z.unknown())
      .parse(await rest.get(route))
      .map(normal)
      .flatMap((c) => (c ? [[c.key, c.json] as const] : [])),
  );
  const wanted = commandJson()
    .map(normal)
    .flatMap((c) => (c ? [c] : []));
  const missing = wanted.filter((c) => !registered.has(c.key)).map((c) => c.key);
  const differ = wanted
    .filter((c) => registered.has(c.key) && registered.get(c.key) !== c.json)
    .map((c) => c.key);
  if (missing.length > 0)
    return { status: 'fix', what: 'slash commands', detail: T.commandsMissing(missing, where) };
  if (differ.length > 0)
    return { status: 'fix', what: 'slash commands', detail: T.commandsDiffer(differ, where) };
  return { status: 'ok', what: 'slash commands', detail: T.commandsOk(wanted.length, where) };
}

const kindOf = (type: number) => (type === FORUM ? 'forum' : 'channel');

/** Whether the bot can post in each subscribed channel, forum or thread, with what it lacks. */
async function checkChannels(rest: REST, botId: string, subscriptions: Subscription[]): Promise<Check[]> {
  const targets = subscriptions.filter((s) => s.target.kind === 'channel' || s.target.kind === 'forum');
  if (targets.length === 0) return [{ status: 'ok', what: 'channels', detail: T.noChannels }];
  const guilds = new Map<string, Promise<{ roles: z.infer<typeof Role>[]; memberRoles: string[] }>>();
  const guildFacts = (guildId: string) => {
    const known = guilds.get(guildId);
    if (known) return known;
    const facts = (async () => ({
      roles: z.array(Role).parse(await rest.get(Routes.guildRoles(guildId))),
      memberRoles: Member.parse(await rest.get(Routes.guildMember(guildId, botId))).roles,
    }))();
    guilds.set(guildId, facts);
    return facts;
  };
  const checks: Check[] = [];
  for (const sub of targets) {
    const channelId = 'channelId' in sub.target ? sub.target.channelId : sub.channelId;
    const what = `channel <#${channelId}> (server ${sub.guildId})`;
    try {
      const channel = Channel.parse(await rest.get(Routes.channel(channelId)));
      const guildId = channel.guild_id ?? sub.guildId;
      const facts = await guildFacts(guildId);
      // A thread has no overwrites of its own: its parent channel's apply, and it needs what a thread does.
      const thread = THREADS.includes(channel.type) && channel.parent_id ? channel.parent_id : null;
      const from = thread ? Channel.parse(await rest.get(Routes.channel(thread))) : channel;
      const permissions = channelPermissions({
        guildId,
        roles: facts.roles,
        memberId: botId,
        memberRoles: facts.memberRoles,
        overwrites: from.permission_overwrites,
      });
      const kind = thread ? 'thread' : kindOf(channel.type);
      const missing = missingPermissions(permissions, kind);
      if (missing.length > 0)
        checks.push({ status: 'fix', what, detail: T.channelMissing(missing, thread !== null) });
      else if (sub.pausedReason) checks.push({ status: 'fix', what, detail: T.paused(sub.pausedReason) });
      else checks.push({ status: 'ok', what, detail: T.channelOk(kind) });
    } catch (err) {
      const failure = describeDiscordError(err);
      checks.push({
        status: 'fix',
        what,
        detail: failure.reachable ? T.channelGone(failure.text) : T.discordUnreachable(failure.text),
      });
    }
  }
  return checks;
}

/** The bot token, the application id, the registered commands and each subscribed channel's permissions. */
export async function checkBot(
  rest: REST,
  config: { applicationId: string | null; guildId: string | null },
  subscriptions: Subscription[],
): Promise<Check[]> {
  let bot: z.infer<typeof User>;
  try {
    bot = User.parse(await rest.get(Routes.user('@me')));
  } catch (err) {
    const failure = describeDiscordError(err);
    if (failure.status === 401) return [{ status: 'fix', what: 'Discord token', detail: T.tokenRefused }];
    const detail = failure.reachable ? T.discordError(failure.text) : T.discordUnreachable(failure.text);
    return [{ status: 'fix', what: 'Discord token', detail }];
  }
  const checks: Check[] = [{ status: 'ok', what: 'Discord token', detail: T.tokenOk(bot.username, bot.id) }];
  try {
    const app = Application.parse(await rest.get(Routes.currentApplication()));
    if (!config.applicationId) checks.push({ status: 'fix', what: 'application id', detail: T.appMissing });
    else if (config.applicationId !== app.id)
      checks.push({
        status: 'fix',
        what: 'application id',
        detail: T.appMismatch(config.applicationId, app.id),
      });
    else checks.push(await checkCommands(rest, app.id, config.guildId));
  } catch (err) {
    checks.push({
      status: 'fix',
      what: 'slash commands',
      detail: T.discordError(describeDiscordError(err).text),
    });
  }
  checks.push(...(await checkChannels(rest, bot.id, subscriptions)));
  return checks;
}

/** Each webhook (from the config file and from /subscribe webhook_url): does Discord still know it? */
export async function checkWebhooks(
  rest: REST,
  webhooks: { label: string; where: string; id: string; token: string }[],
): Promise<Check[]> {
  if (webhooks.length === 0) return [{ status: 'ok', what: 'webhooks', detail: T.noWebhooks }];
  const checks: Check[] = [];
  for (const hook of webhooks) {
    const what = `webhook ${hook.label}`;
    try {
      await rest.get(Routes.webhook(hook.id, hook.token), { auth: false });
      checks.push({ status: 'ok', what, detail: T.webhookOk });
    } catch (err) {
      const failure = describeDiscordError(err);
      if (failure.status === 404 || failure.status === 401)
        checks.push({ status: 'fix', what, detail: T.webhookGone(hook.where) });
      else
        checks.push({
          status: 'fix',
          what,
          detail: failure.reachable ? T.discordError(failure.text) : T.discordUnreachable(failure.text),
        });
    }
  }
  return checks;
}

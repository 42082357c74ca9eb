import { CONFIG_GUILD } from '../../app.js';
import type { Subscription } from '../../alerts/subscription.js';
import { parseWebhookUrl } from '../../alerts/subscription.js';
import { ConfigError, loadSettings, type Config } from '../../config.js';
import { createRest } from '../../discord/client.js';
import { createSqliteSubscriptionStore } from '../../store/delivery-store.js';
import type { Db } from '../../store/db.js';
import { checkBot, checkWebhooks } from './discord.js';
import { line, summary, T, type Check } from './doctor-text.js';
import { checkFeeds } from './feeds.js';
import { checkDatabase } from './local.js';

export interface DoctorOptions {
  /** Skip everything that needs the network (feeds, Discord), reporting it as not checked. */
  offline?: boolean;
  env?: NodeJS.ProcessEnv;
  dotenv?: string | null;
  now?: number;
}

export interface DoctorReport {
  checks: Check[];
  lines: string[];
  /** 1 when something needs fixing. */
  exitCode: number;
}

function subscriptionsIn(db: Db | null): Subscription[] {
  if (!db) return [];
  try {
    return createSqliteSubscriptionStore(db).list();
  } catch {
    return [];
  }
}

/** The webhooks to check: from the config file (named by key) and from /subscribe (named by channel). */
function webhooksOf(config: Config, subscriptions: Subscription[]) {
  const fromConfig = config.discord.webhooks.flatMap((hook, i) => {
    const parsed = parseWebhookUrl(hook.url);
    return parsed
      ? [
          {
            label: `"${hook.name}"`,
            where: `discord.webhooks.${i}.url`,
            id: parsed.webhookId,
            token: parsed.webhookToken,
          },
        ]
      : [];
  });
  const fromChat = subscriptions.flatMap((s) =>
    s.target.kind === 'webhook' && s.guildId !== CONFIG_GUILD
      ? [
          {
            label: `of <#${s.channelId}> (server ${s.guildId})`,
            where: 'the subscription (/subscribe webhook_url: there)',
            id: s.target.webhookId,
            token: s.target.webhookToken,
          },
        ]
      : [],
  );
  return [...fromConfig, ...fromChat];
}

/**
 * `npm run doctor`: configuration; database (writable, mode, schema version, size); each feed over a tiny
 * window; the Discord token, application id, registered commands and the bot's permissions in each
 * subscribed channel; every webhook. One line each, with what to do; exit code 1 when something needs
 * fixing. Offline, everything that needs the network says it was not checked (or, without --offline, what
 * it could not reach).
 */
export async function runDoctor(options: DoctorOptions = {}): Promise<DoctorReport> {
  const checks: Check[] = [];
  let config: Config;
  try {
    const settings = loadSettings({ env: options.env, dotenv: options.dotenv });
    config = settings.config;
    checks.push({ status: 'ok', what: 'configuration', detail: T.configOk(settings.files) });
    for (const warning of settings.warnings)
      checks.push({ status: 'warn', what: 'configuration', detail: warning });
  } catch (err) {
    if (!(err instanceof ConfigError)) throw err;
    for (const problem of err.problems)
      checks.push({ status: 'fix', what: 'configuration', detail: problem });
    for (const warning of err.warnings)
      checks.push({ status: 'warn', what: 'configuration', detail: warning });
    checks.push({ status: 'skip', what: 'everything else', detail: T.configStops });
    return report(checks, []);
  }
  // No line may repeat a secret, whatever an error message quotes (a network error can carry headers).
  const secrets = [
    config.discord.token ?? '',
    ...config.discord.webhooks.map((h) => parseWebhookUrl(h.url)?.webhookToken ?? ''),
  ];
  const database = checkDatabase(config);
  checks.push(...database.checks);
  const subscriptions = subscriptionsIn(database.db);
  database.db?.close();
  if (options.offline) {
    for (const what of ['feeds', 'Discord', 'webhooks'])
      checks.push({ status: 'skip', what, detail: T.offline });
    return report(checks, secrets);
  }
  checks.push(...(await checkFeeds(config, options.now)));
  const rest = createRest(config.discord.token, {
    ...(config.discord.apiBase ? { api: config.discord.apiBase } : {}),
    retries: 0,
    timeoutMs: 10_000,
  });
  if (config.discord.token) checks.push(...(await checkBot(rest, config.discord, subscriptions)));
  else checks.push({ status: 'skip', what: 'Discord bot', detail: T.noToken });
  const webhooks = webhooksOf(config, subscriptions);
  secrets.push(...webhooks.map((h) => h.token));
  checks.push(...(await checkWebhooks(rest, webhooks)));
  return report(checks, secrets);
}

function report(found: Check[], secrets: string[]): DoctorReport {
  const hide = (text: string) =>
    secrets.filter((s) => s.length >= 8).reduce((t, secret) => t.split(secret).join('[redacted]'), text);
  const checks = found.map((c) => ({ ...c, detail: hide(c.detail) }));
  return {
    checks,
    lines: [...checks.map(line), summary(checks)],
    exitCode: checks.some((c) => c.status === 'fix') ? 1 : 0,
  };
}

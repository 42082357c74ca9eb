import {
  ConfigError,
  loadMatcherRulesFromEnv,
  loadSettings,
  type Config,
  type MatcherRules,
  type Settings,
} from './config.js';
import { databaseLabel } from './config/config-text.js';
import { createLogger } from './log.js';
import { existsSync } from 'node:fs';
import { resolve } from 'node:path';
import { DatabaseOpenError, openDb, openDbReadOnly, watchFileIdentity, type Db } from './store/db.js';
import { createdText } from './store/store-text.js';
import { classifyReservation } from './reserved/reservation.js';
import { compileMatcher } from './matching/compile.js';
import type { MatchResult } from './matching/match-result.js';
import { matchNotice } from './matching/match.js';
import { alertSummary } from './alerts/alert-text.js';
import type { Notice } from './notices/notice.js';
import type { NoticeSource, SavedNotice } from './pipeline/ports.js';
import { abortableClock, type Clock } from './shared/clock.js';
import type { Logger } from './shared/logger.js';
import type { SubscriptionStore } from './discord/commands/context.js';
import type { StoredWatchlist } from './matching/rules.js';
import { parseWebhookUrl } from './alerts/subscription.js';
import { createCfSource } from './sources/cf/index.js';
import { createFtsSource } from './sources/fts/index.js';
import { createHostGates, createHttpClient, createPoliteFetcher } from './sources/http.js';
import { createPcsSource } from './sources/pcs/index.js';
import { sourceLabel } from './sources/registry.js';
import { createS2wSource } from './sources/s2w/index.js';
import { createRssSource } from './sources/rss/index.js';

/**
 * Builds every enabled source from config, sharing one HTTP client and one set of per-host gates. With a
 * `signal`, shutdown aborts the requests in flight and every wait (spacing, Retry-After, back-off).
 */
export function createSources(
  config: Config,
  systemClock: Clock,
  log: Logger,
  only?: string[],
  signal?: AbortSignal,
): NoticeSource[] {
  const clock = signal ? abortableClock(systemClock, signal) : systemClock;
  const http = createHttpClient({
    userAgent: config.http.userAgent,
    timeoutMs: config.http.timeoutMs,
    signal,
  });
  const gates = createHostGates(clock);
  const limits = {
    maxBodyBytes: config.http.maxBodyBytes,
    maxInflatedBytes: config.http.maxInflatedBytes,
    deadlineMs: config.http.deadlineMs,
    maxRetryAfterMs: config.http.maxRetryAfterMs,
  };
  const fetcher = () => createPoliteFetcher({ http, gates, clock, log, limits, signal });
  const policy = (
    feed: { requestIntervalMs: number; rateLimitWaitMs: number },
    forbiddenMeansRateLimit = false,
  ) => ({
    requestIntervalMs: feed.requestIntervalMs,
    rateLimitWaitMs: feed.rateLimitWaitMs,
    forbiddenMeansRateLimit,
    maxAttempts: config.http.maxAttempts,
    backoffBaseMs: config.http.backoffBaseMs,
    backoffMaxMs: config.http.backoffMaxMs,
  });
  const { fts, cf, pcs, s2w, rss } = config.sources;
  const sources: NoticeSource[] = [];
  if (fts.enabled) sources.push(createFtsSource({ ...fts, policy: policy(fts) }, fetcher(), log));
  // Contracts Finder answers "too many requests" with 403.
  if (cf.enabled) sources.push(createCfSource({ ...cf, policy: policy(cf, true) }, fetcher()));
  if (pcs.enabled) sources.push(createPcsSource({ ...pcs, policy: policy(pcs) }, fetcher()));
  if (s2w.enabled) sources.push(createS2wSource({ ...s2w, policy: policy(s2w) }, fetcher()));
  for (const feed of rss) {
    const feedPolicy = policy({
      requestIntervalMs: feed.requestIntervalMs,
      rateLimitWaitMs: fts.rateLimitWaitMs,
    });
    sources.push(createRssSource({ ...feed, policy: feedPolicy }, fetcher()));
  }
  return only ? sources.filter((s) => only.includes(s.id)) : sources;
}

/** The name people see for each source id, RSS feeds by their configured names. */
export function sourceLabels(config: Config): (id: string) => string {
  return sourceLabel(new Map(config.sources.rss.map((f) => [f.id, f.name ?? `feed ${f.id}`])));
}

export interface AreaMatcher {
  match: (notice: Notice) => MatchResult;
  labelOf: (rule: string) => string;
  areas: { id: string; label: string; summary: string }[];
  /** Recompiles with the current watchlists if any changed (called before each poll cycle). */
  refresh: () => void;
}

/** Where the matcher reads the coordinators' watchlists from, and how it knows they changed. */
export interface WatchlistSource {
  all(): StoredWatchlist[];
  /** Changes whenever any watchlist changes, so the matcher knows to recompile. */
  version(): number;
}

/**
 * The service-area matcher from the loaded rules (config/service-areas.json, or SERVICE_AREAS_FILE; plus the
 * coordinators' watchlists, when a store is given) and the reserved-contract classifier, as one verdict per
 * notice, stored with it.
 */
export function createAreaMatcher(
  rules: MatcherRules = loadMatcherRulesFromEnv(),
  watchlists?: WatchlistSource,
): AreaMatcher {
  const { areas, tables } = rules;
  let version = watchlists?.version() ?? 0;
  let compiled = compileMatcher(areas, watchlists?.all().map((w) => ({ ...w.watchlist, key: w.key })) ?? []);
  const labels = new Map(areas.areas.map((a) => [a.id, a.label]));
  return {
    match: (notice) => {
      const result = matchNotice(notice, compiled);
      return {
        ...result,
        reserved: classifyReservation(
          notice,
          result.areas.map((a) => a.rule),
          tables,
        ),
      };
    },
    labelOf: (rule) => labels.get(rule) ?? rule,
    areas: areas.areas.map((a) => ({ id: a.id, label: a.label, summary: a.summary })),
    refresh: () => {
      if (!watchlists || watchlists.version() === version) return;
      version = watchlists.version();
      compiled = compileMatcher(
        areas,
        watchlists.all().map((w) => ({ ...w.watchlist, key: w.key })),
      );
    },
  };
}

/** Brings the webhook subscriptions listed in config into the store (and drops ones no longer listed). */
export function syncConfigWebhooks(
  config: Config,
  subscriptions: Pick<SubscriptionStore, 'upsert' | 'listGuild' | 'remove'>,
  areaIds: string[],
): number {
  const unknown = config.discord.webhooks.flatMap((hook, index) =>
    hook.areas
      .filter((area) => !areaIds.includes(area))
      .map(
        (area) => `discord.webhooks.${index}.areas: "${area}" is not a service area (${areaIds.join(', ')})`,
      ),
  );
  if (unknown.length > 0) throw new ConfigError(unknown);
  const wanted = new Set<string>();
  for (const hook of config.discord.webhooks) {
    const target = parseWebhookUrl(hook.url);
    if (!target) continue;
    const channelId = `webhook-${hook.name}`;
    wanted.add(channelId);
    subscriptions.upsert(
      {
        guildId: CONFIG_GUILD,
        channelId,
        target: { kind: 'webhook', ...target },
        areas: hook.areas.length > 0 ? hook.areas : areaIds,
        watchlists: [],
        regions: hook.regions,
        minValue: hook.minValue,
        maxValue: hook.maxValue,
        reservedOnly: hook.reservedOnly,
        stages: hook.stages,
        mode: hook.mode,
        timezone: hook.timezone,
        dailyCap: hook.dailyCap,
      },
      'config',
    );
  }
  for (const sub of subscriptions.listGuild(CONFIG_GUILD))
    if (!wanted.has(sub.channelId)) subscriptions.remove(CONFIG_GUILD, sub.channelId);
  return wanted.size;
}

/** The pseudo-server that holds subscriptions defined in the config file rather than in chat. */
export const CONFIG_GUILD = 'config';

/**
 * Without Discord, the console is the one subscriber: every area, every stage, no filter, no daily limit
 * worth the name. With Discord set up it is removed (its unsent rows with it).
 */
export function syncConsoleSubscription(
  subscriptions: Pick<SubscriptionStore, 'upsert' | 'remove'>,
  wanted: boolean,
  areaIds: string[],
): void {
  if (!wanted) {
    subscriptions.remove(CONFIG_GUILD, 'console');
    return;
  }
  subscriptions.upsert(
    {
      guildId: CONFIG_GUILD,
      channelId: 'console',
      target: { kind: 'console' },
      areas: areaIds,
      watchlists: [],
      regions: [],
      minValue: null,
      maxValue: null,
      reservedOnly: false,
      stages: ['opportunities', 'early', 'awards', 'updates'],
      mode: 'instant',
      timezone: 'Europe/London',
      dailyCap: 100_000,
    },
    'config',
  );
}

/** What a console line needs: the names of areas and sources, and whether to print unmatched notices too. */
export interface ConsoleOptions {
  areaLabel: (rule: string) => string;
  sourceLabel: (id: string) => string;
  /**
   * Print every new or updated notice, not only the ones that matched an area, a watchlist or a reservation.
   */
  all: boolean;
}

/** Whether a saved notice is one a person would want to hear of: it matched, or it is reserved. */
export function isRelevant(saved: SavedNotice): boolean {
  const match = saved.match;
  return (
    !!match && (match.areas.length > 0 || match.watchlists.length > 0 || match.reserved?.kind === 'explicit')
  );
}

/**
 * With `all` (CONSOLE_ALL_NOTICES, `npm run poll -- --all`), the notices that matched nothing are printed
 * too, as they are saved, in the same words as an alert lead. The matched ones are alerts: the console sink
 * prints those, once each.
 */
export function printUnmatched(saved: SavedNotice, options: ConsoleOptions, now = Date.now()): void {
  if (!options.all || isRelevant(saved)) return;
  const kind = saved.outcome === 'new' ? 'new' : 'update';
  const lead = alertSummary(saved.notice, saved.match, kind, saved.changes, now, options.areaLabel);
  const link = saved.notice.url ? ` ${saved.notice.url}` : '';
  console.log(`${lead} (${options.sourceLabel(saved.notice.source)})${link}`);
}

/** What every command starts from: the settings (one loader for all) and a logger. */
export interface Startup {
  settings: Settings;
  config: Config;
  log: Logger;
}

/**
 * Loads the settings the same way for every command (.env, the environment, the config files, the rules),
 * creates the logger at the configured level (or the one `level` picks), and logs each near-miss warning.
 */
export function startCommand(level: (configured: string) => string = (l) => l): Startup {
  const settings = loadSettings();
  const log = createLogger(level(settings.config.logLevel));
  for (const warning of settings.warnings) log.warn({}, warning);
  return { settings, config: settings.config, log };
}

/**
 * The worker's database: opened (and checked) as openConfiguredDb does, saying loudly when there was none
 * and an empty one was created, with `fileProblem()` telling whether the file at the path is still the one
 * opened (null) or was deleted or replaced since (a sentence saying so).
 */
export function openWatchedDb(
  config: Pick<Config, 'databasePath'>,
  log: Logger,
): { db: Db; fileProblem: () => string | null } {
  const memory = config.databasePath === ':memory:';
  const existed = memory || existsSync(config.databasePath);
  const db = openConfiguredDb(config);
  if (!existed)
    log.warn({ database: resolve(config.databasePath) }, createdText(resolve(config.databasePath)));
  const identity = memory ? null : watchFileIdentity(config.databasePath);
  return { db, fileProblem: () => identity?.check() ?? null };
}

/** Opens the configured database; a path it cannot use is a configuration error naming DATABASE_PATH. */
export function openConfiguredDb(config: Pick<Config, 'databasePath'>, readOnly = false): Db {
  try {
    return readOnly ? openDbReadOnly(config.databasePath) : openDb(config.databasePath);
  } catch (err) {
    if (err instanceof DatabaseOpenError)
      throw new ConfigError([`${databaseLabel(undefined)}: ${err.message}`]);
    throw err;
  }
}

import { readFileSync } from 'node:fs';
import { z } from 'zod';
import { AreaId, ServiceAreasFile } from './matching/rules.js';
import { ReservableCpvFile, ThresholdsFile, type ReservationTables } from './reserved/tables.js';
import { FtsFeed, MonthlyFeed, WindowedFeed } from './sources/registry.js';

const PositiveInt = z.coerce.number().int().positive();
const NonNegativeInt = z.coerce.number().int().nonnegative();

const RssFeed = z.object({
  id: z.string().regex(/^[a-z0-9][a-z0-9-]*$/, 'use lower-case letters, digits and dashes'),
  url: z.url(),
  name: z.string().min(1).optional(),
  requestIntervalMs: NonNegativeInt.default(5000),
});

const WebhookSubscription = z.object({
  name: z.string().regex(/^[a-z0-9][a-z0-9-]{0,39}$/, 'use lower-case letters, digits and dashes'),
  url: z
    .string()
    .refine(
      (u) =>
        /^https:\/\/(?:(?:ptb|canary)\.)?discord(?:app)?\.com\/api(?:\/v\d+)?\/webhooks\/\d{15,25}\/[\w-]{20,100}\/?$/.test(
          u,
        ),
      'must be a Discord webhook URL (https://discord.com/api/webhooks/…)',
    ),
  areas: z.array(AreaId).default([]),
  regions: z.array(z.string()).default([]),
  minValue: z.number().nonnegative().nullable().default(null),
  maxValue: z.number().nonnegative().nullable().default(null),
  reservedOnly: z.boolean().default(false),
  stages: z
    .array(z.enum(['opportunities', 'early', 'awards', 'updates']))
    .default(['opportunities', 'early', 'updates']),
  mode: z.enum(['instant', 'daily', 'weekly']).default('instant'),
  dailyCap: z.number().int().positive().default(20),
  timezone: z.string().default('Europe/London'),
});

export const Config = z.object({
  databasePath: z.string().min(1),
  logLevel: z.enum(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent']),
  poll: z.object({
    cron: z.string().min(1),
    timezone: z.string().min(1),
    firstRunLookbackHours: z.coerce.number().nonnegative(),
    overlapMinutes: NonNegativeInt,
    /** Read open, matched notices again every this many hours (to catch a missed amendment). */
    recheckHours: z.coerce.number().int().min(1).max(24).default(6),
    /** At most this many notices read again per run (each is one polite request). */
    recheckLimit: z.coerce.number().int().min(0).max(1000).default(30),
  }),
  http: z.object({
    userAgent: z.string().min(1),
    timeoutMs: PositiveInt,
    maxAttempts: PositiveInt.max(20),
    backoffBaseMs: NonNegativeInt,
    backoffMaxMs: NonNegativeInt,
  }),
  sources: z.object({
    fts: FtsFeed,
    cf: WindowedFeed,
    pcs: MonthlyFeed,
    s2w: MonthlyFeed,
    rss: z.array(RssFeed),
  }),
  radar: z
    .object({
      /**
       * How many months before a contract's end (or extension limit) the radar announces it
       * (RADAR_LEAD_MONTHS).
       */
      leadMonths: z.coerce.number().int().min(1).max(60).default(18),
      /** At most this many radar announcements a day per subscription (RADAR_DAILY_LIMIT). */
      dailyLimit: z.coerce.number().int().min(1).max(100).default(5),
    })
    .default({ leadMonths: 18, dailyLimit: 5 }),
  console: z
    .object({
      /** Without Discord, print every new or updated notice, not only matched ones (CONSOLE_ALL_NOTICES). */
      allNotices: z.boolean().default(false),
    })
    .default({ allNotices: false }),
  discord: z.object({
    token: z.string().min(1).nullable(),
    applicationId: z
      .string()
      .regex(/^\d{15,25}$/, 'a Discord application id is a number of 15–25 digits')
      .nullable(),
    /** Register commands to this one server only (instant, for testing); global otherwise. */
    guildId: z
      .string()
      .regex(/^\d{15,25}$/, 'a Discord server id is a number of 15–25 digits')
      .nullable()
      .default(null),
    /** REST API base, for a local mock in demos and crash tests; Discord itself by default. */
    apiBase: z.url().nullable().default(null),
    /**
     * Connect to the gateway for slash commands and buttons; false runs a send-only worker (crash tests,
     * second workers).
     */
    gateway: z.boolean().default(true),
    digestHour: z.coerce.number().int().min(0).max(23).default(8),
    sendIntervalSeconds: z.coerce.number().int().min(5).max(3600).default(30),
    /** Channels fed through webhooks, for coordinators who cannot host a bot. */
    webhooks: z.array(WebhookSubscription).default([]),
  }),
});
export type Config = z.infer<typeof Config>;

/** Environment variables and the config key each one overrides (documented in .env.example). */
const ENV_KEYS: Record<string, string[]> = {
  DATABASE_PATH: ['databasePath'],
  LOG_LEVEL: ['logLevel'],
  POLL_CRON: ['poll', 'cron'],
  POLL_TIMEZONE: ['poll', 'timezone'],
  FIRST_RUN_LOOKBACK_HOURS: ['poll', 'firstRunLookbackHours'],
  POLL_OVERLAP_MINUTES: ['poll', 'overlapMinutes'],
  RECHECK_HOURS: ['poll', 'recheckHours'],
  RECHECK_LIMIT: ['poll', 'recheckLimit'],
  HTTP_TIMEOUT_MS: ['http', 'timeoutMs'],
  HTTP_MAX_ATTEMPTS: ['http', 'maxAttempts'],
  BACKOFF_BASE_MS: ['http', 'backoffBaseMs'],
  BACKOFF_MAX_MS: ['http', 'backoffMaxMs'],
  FTS_BASE_URL: ['sources', 'fts', 'baseUrl'],
  FTS_ENABLED: ['sources', 'fts', 'enabled'],
  FTS_RATE_LIMIT_WAIT_MS: ['sources', 'fts', 'rateLimitWaitMs'],
  CF_BASE_URL: ['sources', 'cf', 'baseUrl'],
  CF_ENABLED: ['sources', 'cf', 'enabled'],
  CF_RATE_LIMIT_WAIT_MS: ['sources', 'cf', 'rateLimitWaitMs'],
  PCS_BASE_URL: ['sources', 'pcs', 'baseUrl'],
  PCS_ENABLED: ['sources', 'pcs', 'enabled'],
  S2W_BASE_URL: ['sources', 's2w', 'baseUrl'],
  S2W_ENABLED: ['sources', 's2w', 'enabled'],
  CONSOLE_ALL_NOTICES: ['console', 'allNotices'],
  RADAR_LEAD_MONTHS: ['radar', 'leadMonths'],
  RADAR_DAILY_LIMIT: ['radar', 'dailyLimit'],
  DISCORD_TOKEN: ['discord', 'token'],
  DISCORD_APPLICATION_ID: ['discord', 'applicationId'],
  DISCORD_GUILD_ID: ['discord', 'guildId'],
  DISCORD_API_BASE: ['discord', 'apiBase'],
  DIGEST_HOUR: ['discord', 'digestHour'],
  DISCORD_GATEWAY: ['discord', 'gateway'],
  SEND_INTERVAL_SECONDS: ['discord', 'sendIntervalSeconds'],
};

const FEEDS = ['fts', 'cf', 'pcs', 's2w'];

export class ConfigError extends Error {
  override name = 'ConfigError';
  constructor(readonly problems: string[]) {
    super(`Configuration is not valid:\n${problems.map((p) => `  - ${p}`).join('\n')}`);
  }
}

type Json = Record<string, unknown>;
const isObject = (v: unknown): v is Json => typeof v === 'object' && v !== null && !Array.isArray(v);

function deepMerge(base: Json, over: Json): Json {
  const out: Json = { ...base };
  for (const [key, value] of Object.entries(over)) {
    const current = out[key];
    out[key] = isObject(current) && isObject(value) ? deepMerge(current, value) : value;
  }
  return out;
}

function setPath(target: Json, path: string[], value: unknown): void {
  let node = target;
  for (const key of path.slice(0, -1)) {
    const next = node[key];
    node = isObject(next) ? next : (node[key] = {});
  }
  node[path[path.length - 1] ?? ''] = value;
}

function readJson(path: string, problems: string[]): Json {
  try {
    const parsed: unknown = JSON.parse(readFileSync(path, 'utf8'));
    if (isObject(parsed)) return parsed;
    problems.push(`${path}: must hold a JSON object`);
  } catch (err) {
    problems.push(`${path}: ${err instanceof Error ? err.message : String(err)}`);
  }
  return {};
}

function envValue(raw: string): unknown {
  if (raw === 'true' || raw === 'false') return raw === 'true';
  return raw === '' ? null : raw;
}

/**
 * Loads config/default.json, then the JSON file named by CONFIG_FILE (if any), then environment overrides,
 * and validates the result. Throws one ConfigError that lists every problem with the key (and variable) it
 * came from.
 */
export function loadConfig(
  env: NodeJS.ProcessEnv = process.env,
  defaultsPath = new URL('../config/default.json', import.meta.url).pathname,
): Config {
  const problems: string[] = [];
  let raw = readJson(defaultsPath, problems);
  if (env.CONFIG_FILE) raw = deepMerge(raw, readJson(env.CONFIG_FILE, problems));
  const fromEnv = new Map<string, string>();
  for (const [name, path] of Object.entries(ENV_KEYS)) {
    const value = env[name];
    if (value === undefined) continue;
    setPath(raw, path, envValue(value));
    fromEnv.set(path.join('.'), name);
  }
  if (env.REQUEST_INTERVAL_MS !== undefined) {
    // One knob for every source's spacing: 0 for a local replay, never for the live services.
    const sources = isObject(raw.sources) ? raw.sources : {};
    for (const key of FEEDS) setPath(raw, ['sources', key, 'requestIntervalMs'], env.REQUEST_INTERVAL_MS);
    for (const feed of Array.isArray(sources.rss) ? sources.rss : [])
      if (isObject(feed)) feed.requestIntervalMs = env.REQUEST_INTERVAL_MS;
    for (const key of FEEDS) fromEnv.set(`sources.${key}.requestIntervalMs`, 'REQUEST_INTERVAL_MS');
  }
  const parsed = Config.safeParse(raw);
  if (!parsed.success) {
    for (const issue of parsed.error.issues) {
      const key = issue.path.join('.');
      const variable = fromEnv.get(key);
      problems.push(`${key}${variable ? ` (from ${variable})` : ''}: ${issue.message}`);
    }
  }
  if (problems.length > 0 || !parsed.success) throw new ConfigError(problems);
  return parsed.data;
}

/**
 * Reads config/service-areas.json (or SERVICE_AREAS_FILE): the matcher's rules, editable without code
 * changes. Throws one ConfigError listing every problem with its path in the file.
 */
export function loadServiceAreas(
  env: NodeJS.ProcessEnv = process.env,
  path = env.SERVICE_AREAS_FILE ?? new URL('../config/service-areas.json', import.meta.url).pathname,
): ServiceAreasFile {
  const problems: string[] = [];
  const raw = readJson(path, problems);
  if (problems.length > 0) throw new ConfigError(problems);
  const parsed = ServiceAreasFile.safeParse(raw);
  if (!parsed.success)
    throw new ConfigError(parsed.error.issues.map((i) => `${path} ${i.path.join('.')}: ${i.message}`));
  return parsed.data;
}

/**
 * Reads config/thresholds.json and config/reservable-cpv.json: versioned, sourced data for reserved
 * contracts.
 */
export function loadReservationTables(env: NodeJS.ProcessEnv = process.env): ReservationTables {
  const problems: string[] = [];
  const dir = env.RESERVATION_TABLES_DIR ?? new URL('../config/', import.meta.url).pathname;
  const thresholds = ThresholdsFile.safeParse(readJson(`${dir}/thresholds.json`, problems));
  const cpv = ReservableCpvFile.safeParse(readJson(`${dir}/reservable-cpv.json`, problems));
  if (!thresholds.success)
    problems.push(...thresholds.error.issues.map((i) => `thresholds.json ${i.path.join('.')}: ${i.message}`));
  if (!cpv.success)
    problems.push(...cpv.error.issues.map((i) => `reservable-cpv.json ${i.path.join('.')}: ${i.message}`));
  if (problems.length > 0 || !thresholds.success || !cpv.success) throw new ConfigError(problems);
  return { thresholds: thresholds.data, cpv: cpv.data };
}

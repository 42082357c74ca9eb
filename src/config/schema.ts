import { z } from 'zod';
import { AreaId } from '../matching/rules.js';
import { toRegionName } from '../notices/regions.js';
import { FtsFeed, MonthlyFeed, WindowedFeed } from '../sources/registry.js';
import { settingFlag, settingInt, settingNumber, settingPositive } from '../shared/setting-values.js';

// The shape of the configuration. Every object is strict: a key the app does not know is an error (with a
// "did you mean" for a near miss), never silently ignored. A new source is one more slice under `sources`
// built by `httpSource()` (and one line in variables.ts for its environment variables).

const PositiveInt = settingInt(1);
const NonNegativeInt = settingInt(0);
/** http or https only: these are fetched by the worker. */
const HttpUrl = z.url({ protocol: /^https?$/, error: 'must be an http:// or https:// URL' });

const RssFeed = z.strictObject({
  id: z.string().regex(/^[a-z0-9][a-z0-9-]*$/, 'use lower-case letters, digits and dashes'),
  url: HttpUrl,
  name: z.string().min(1).optional(),
  requestIntervalMs: NonNegativeInt.default(5000),
});

export const WEBHOOK_URL =
  /^https:\/\/(?:(?:ptb|canary)\.)?discord(?:app)?\.com\/api(?:\/v\d+)?\/webhooks\/\d{15,25}\/[\w-]{20,100}\/?$/;

/**
 * A region as /subscribe reads it (an ITL1 name or code, or a nation), kept as its ITL1 name, the form
 * alerts are routed by: a region written any other way would hold back every notice with a region.
 */
const Region = z.string().transform((value, ctx) => {
  const name = toRegionName(value);
  if (name) return name;
  ctx.addIssue({
    code: 'custom',
    message:
      `"${value.slice(0, 60)}" is not a UK region: use an English region (for example "North West"), ` +
      'Scotland, Wales or Northern Ireland, or an ITL code such as "UKD"',
  });
  return z.NEVER;
});

const WebhookSubscription = z
  .strictObject({
    name: z.string().regex(/^[a-z0-9][a-z0-9-]{0,39}$/, 'use lower-case letters, digits and dashes'),
    // The message never repeats the value: a webhook URL is a secret.
    url: z
      .string()
      .refine(
        (u) => WEBHOOK_URL.test(u),
        'must be a Discord webhook URL (https://discord.com/api/webhooks/…)',
      ),
    areas: z.array(AreaId).default([]),
    regions: z
      .array(Region)
      .default([])
      .transform((regions) => [...new Set(regions)]),
    minValue: z.number().nonnegative().nullable().default(null),
    maxValue: z.number().nonnegative().nullable().default(null),
    reservedOnly: settingFlag().default(false),
    stages: z
      .array(z.enum(['opportunities', 'early', 'awards', 'updates']))
      .default(['opportunities', 'early', 'updates']),
    mode: z.enum(['instant', 'daily', 'weekly']).default('instant'),
    dailyCap: z.number().int().positive().default(20),
    timezone: z.string().default('Europe/London'),
  })
  .refine(
    (w) => typeof w.minValue !== 'number' || typeof w.maxValue !== 'number' || w.minValue <= w.maxValue,
    {
      message: 'maxValue is below minValue: no notice that states a value would reach this webhook',
      path: ['maxValue'],
      // Checked whenever both values are numbers, also when another of the webhook's settings is wrong: it
      // was said only once they were all put right (found by an outside walkthrough).
      when: (payload) => !payload.issues.some((i) => ['minValue', 'maxValue'].includes(String(i.path?.[0]))),
    },
  );

/**
 * The polled sources, each with the config slice its entry in sources/registry.ts defines (the one place a
 * feed is described); a new feed adds its slice here and its variables in variables.ts.
 */
export const Sources = z.strictObject({
  fts: FtsFeed,
  cf: WindowedFeed,
  pcs: MonthlyFeed,
  s2w: MonthlyFeed,
  rss: z.array(RssFeed).default([]),
});

const DiscordId = (what: string) =>
  z.string().regex(/^\d{15,25}$/, `a Discord ${what} id is a number of 15–25 digits`);

export const Config = z.strictObject({
  databasePath: z.string().min(1),
  logLevel: z.enum(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent']),
  poll: z.strictObject({
    cron: z.string().min(1),
    timezone: z.string().min(1),
    firstRunLookbackHours: settingNumber(0),
    overlapMinutes: NonNegativeInt,
    /** Read open, matched notices again every this many hours (to catch a missed amendment). */
    recheckHours: settingInt(1, 24).default(6),
    /** At most this many notices read again per run (each is one polite request). */
    recheckLimit: settingInt(0, 1000).default(30),
    /** A window needing more pages than this is a bound hit (a cursor that is new on every page). */
    maxPagesPerWindow: settingInt(1, 100_000),
    /** Each source's cycle stops after this many seconds; its windows resume on a later cycle. */
    cycleDeadlineSeconds: settingInt(5, 86_400),
  }),
  http: z.strictObject({
    userAgent: z.string().min(1),
    timeoutMs: PositiveInt,
    maxAttempts: settingInt(1, 20),
    backoffBaseMs: NonNegativeInt,
    backoffMaxMs: NonNegativeInt,
    /** Most bytes read from the wire for one response. */
    maxBodyBytes: PositiveInt,
    /** Most bytes a response may inflate to (gzip, deflate, br). */
    maxInflatedBytes: PositiveInt,
    /** The whole request, body included, must end within this (HTTP_TIMEOUT_MS is the idle timeout). */
    deadlineMs: PositiveInt,
    /** No Retry-After (or other wait) is honoured for longer than this. */
    maxRetryAfterMs: NonNegativeInt,
  }),
  sources: Sources,
  /** The re-procurement radar: contracts coming to an end, announced ahead of time. */
  radar: z
    .strictObject({
      /**
       * How many months before a contract's end (or extension limit) the radar announces it
       * (RADAR_LEAD_MONTHS).
       */
      leadMonths: settingInt(1, 60).default(18),
      /** At most this many radar announcements a day per subscription (RADAR_DAILY_LIMIT). */
      dailyLimit: settingInt(1, 100).default(5),
    })
    .default({ leadMonths: 18, dailyLimit: 5 }),
  console: z
    .strictObject({
      /** Without Discord, print every new or updated notice, not only matched ones (CONSOLE_ALL_NOTICES). */
      allNotices: settingFlag().default(false),
    })
    .default({ allNotices: false }),
  discord: z.strictObject({
    token: z.string().min(1).nullable(),
    applicationId: DiscordId('application').nullable(),
    /** Register commands to this one server only (instant, for testing); global otherwise. */
    guildId: DiscordId('server').nullable().default(null),
    /** REST API base, for a local mock in demos and crash tests; Discord itself by default. */
    apiBase: HttpUrl.nullable().default(null),
    /**
     * Connect to the gateway for slash commands and buttons; false runs a send-only worker (crash tests,
     * second workers).
     */
    gateway: settingFlag().default(true),
    digestHour: settingInt(0, 23).default(8),
    sendIntervalSeconds: settingInt(5, 3600).default(30),
    /** Channels fed through webhooks, for coordinators who cannot host a bot. */
    webhooks: z.array(WebhookSubscription).default([]),
  }),
  /** `/healthz` and `/metrics` on a local port; off (null) by default. */
  health: z
    .strictObject({
      port: settingInt(1, 65535).nullable().default(null),
      host: z.string().min(1).default('127.0.0.1'),
    })
    .default({ port: null, host: '127.0.0.1' }),
  /** When the coordinators' alerts channel (`/status alerts here`) hears that a feed is failing. */
  alerts: z
    .strictObject({
      feedFailureHours: settingPositive(24 * 30).default(6),
    })
    .default({ feedFailureHours: 6 }),
  /** Release history older than this many years is pruned (current notices are kept); null keeps all. */
  retention: z
    .strictObject({ releaseHistoryYears: settingPositive(100).nullable().default(null) })
    .default({ releaseHistoryYears: null }),
  /** Where the matcher's rules and the reserved-contract tables are read from; null: the bundled config/. */
  matching: z
    .strictObject({
      serviceAreasFile: z.string().min(1).nullable().default(null),
      reservationTablesDir: z.string().min(1).nullable().default(null),
    })
    .default({ serviceAreasFile: null, reservationTablesDir: null }),
});
export type Config = z.infer<typeof Config>;

/** Config keys whose values are secrets: no message ever repeats them. */
export const SECRET_KEYS = [/^discord\.token$/, /^discord\.webhooks\.\d+\.url$/];

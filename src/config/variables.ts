// The environment variables Tender Nudge reads, and the config key each one sets (documented in
// .env.example). A new source adds one `...sourceVariables('PCS', 'pcs')` line.

/** Variables every polled HTTP source has, named by its prefix: FTS_BASE_URL, CF_ENABLED… */
function sourceVariables(prefix: string, id: string): Record<string, string[]> {
  return {
    [`${prefix}_BASE_URL`]: ['sources', id, 'baseUrl'],
    [`${prefix}_ENABLED`]: ['sources', id, 'enabled'],
    [`${prefix}_RATE_LIMIT_WAIT_MS`]: ['sources', id, 'rateLimitWaitMs'],
  };
}

/** Each variable and the config key (path) it overrides. */
export const VARIABLES: Record<string, string[]> = {
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
  HTTP_MAX_BODY_BYTES: ['http', 'maxBodyBytes'],
  HTTP_MAX_INFLATED_BYTES: ['http', 'maxInflatedBytes'],
  HTTP_DEADLINE_MS: ['http', 'deadlineMs'],
  HTTP_MAX_RETRY_AFTER_MS: ['http', 'maxRetryAfterMs'],
  POLL_MAX_PAGES_PER_WINDOW: ['poll', 'maxPagesPerWindow'],
  POLL_CYCLE_DEADLINE_SECONDS: ['poll', 'cycleDeadlineSeconds'],
  ...sourceVariables('FTS', 'fts'),
  ...sourceVariables('CF', 'cf'),
  ...sourceVariables('PCS', 'pcs'),
  ...sourceVariables('S2W', 's2w'),
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
  HEALTH_PORT: ['health', 'port'],
  HEALTH_HOST: ['health', 'host'],
  FEED_FAILURE_ALERT_HOURS: ['alerts', 'feedFailureHours'],
  RELEASE_HISTORY_YEARS: ['retention', 'releaseHistoryYears'],
  SERVICE_AREAS_FILE: ['matching', 'serviceAreasFile'],
  RESERVATION_TABLES_DIR: ['matching', 'reservationTablesDir'],
};

/** Variables that are not one key: the extra config file, and one spacing for every source. */
export const META_VARIABLES = ['CONFIG_FILE', 'REQUEST_INTERVAL_MS'] as const;

export const ALL_VARIABLES = [...Object.keys(VARIABLES), ...META_VARIABLES];

/** Variables whose values are secrets. */
export const SECRET_VARIABLES = new Set(['DISCORD_TOKEN']);

/**
 * Prefixes that only Tender Nudge uses, so an unknown name with one is almost surely a typo
 * (DISCORD_BOT_TOKEN). HTTP_ and CF_ are left out: HTTP_PROXY and Cloudflare's CF_* are common.
 */
export const OWN_PREFIXES = [
  'DISCORD_',
  'FTS_',
  'PCS_',
  'S2W_',
  'POLL_',
  'RECHECK_',
  'RADAR_',
  'TENDER_NUDGE_',
];

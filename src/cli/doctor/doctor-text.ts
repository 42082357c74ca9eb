import { plural } from '../../shared/plural.js';

// The words of `npm run doctor`: one line per check, saying what was found and, when something needs
// fixing, what to do.

export type Status = 'ok' | 'warn' | 'fix' | 'skip';

/** One finding: what was checked, what was found (and what to do). */
export interface Check {
  status: Status;
  what: string;
  detail: string;
}

const MARK: Record<Status, string> = { ok: 'OK  ', warn: 'WARN', fix: 'FIX ', skip: 'SKIP' };

export const line = (c: Check) => `${MARK[c.status]}  ${c.what}: ${c.detail}`;

export function summary(checks: Check[]): string {
  const fix = checks.filter((c) => c.status === 'fix').length;
  const warn = checks.filter((c) => c.status === 'warn').length;
  if (fix === 1) return '1 thing needs fixing (the FIX line above).';
  if (fix > 0) return `${fix} things need fixing (FIX lines above).`;
  return warn > 0
    ? `Nothing needs fixing; ${warn} to look at (WARN lines above).`
    : 'Everything checked is fine.';
}

const mb = (bytes: number) => `${(bytes / 1_048_576).toFixed(1)} MB`;
const n = (count: number) => count.toLocaleString('en-GB');

export const T = {
  configOk: (files: string[]) => `valid (${files.join(', ')})`,
  configProblem: (problem: string) => `${problem}`,
  configStops: 'the other checks need a valid configuration; fix the lines above and run it again',
  memoryDb: 'in memory (:memory:): nothing is kept between runs',
  dbWillBeCreated: (path: string) => `${path} does not exist yet; the worker creates it at start (mode 0600)`,
  dbWritable: (path: string) => `${path} is writable`,
  dbNotWritable: (path: string) =>
    `${path} cannot be written by this user: fix its owner or mode (chmod 600)`,
  dbUnreadable: (path: string, reason: string) => `${path} cannot be opened (${reason}); restore a backup`,
  dbOpenToOthers: (path: string, mode: string) =>
    `${path} has mode ${mode}: others can read webhook tokens; the worker sets 600 at start (or chmod 600)`,
  schemaCurrent: (v: number) => `version ${v}, as this code expects`,
  schemaBehind: (v: number, latest: number) =>
    `version ${v}; the next start migrates it to ${latest} (take a backup first: npm run backup -- <file>)`,
  schemaAhead: (v: number, latest: number) =>
    `version ${v} is newer than this code (${latest}): run the newer version, or restore the backup taken ` +
    'before the upgrade (see Upgrades in the README)',
  size: (bytes: number, releases: number, notices: number, years: number | null) =>
    `${mb(bytes)}: ${n(releases)} releases of ${n(notices)} notices; ` +
    (years === null
      ? 'history kept for ever (RELEASE_HISTORY_YEARS)'
      : `history pruned after ${plural(years, 'year')}`),
  offline: 'not checked (--offline)',
  feedOk: (count: number, minutes: number) =>
    `reachable; answered a ${minutes}-minute window (${count} releases)`,
  cfDateOk: (param: string) => `the date form sent is accepted (publishedFrom=${param})`,
  cfDateRefused: (status: number) =>
    `refused the date form sent (HTTP ${status}): the API may have changed; report it with this line`,
  feedUnreachable: (host: string, code: string) =>
    `cannot reach ${host} (${code}): check the network, DNS, proxy or firewall (or use --offline)`,
  feedRateLimited: (status: number) =>
    `rate limited right now (HTTP ${status}); the worker waits and retries`,
  feedDown: (status: number) => `answered HTTP ${status}: the service may be down; the worker retries`,
  feedRefused: (status: number) => `answered HTTP ${status}: check its base URL in the configuration`,
  feedUnreadable: (reason: string) => `answered something that is not a release package (${reason})`,
  feedFailed: (reason: string) => `failed: ${reason}`,
  noToken: 'no DISCORD_TOKEN: alerts go to config webhooks or the console; nothing to check',
  tokenOk: (name: string, id: string) => `valid, for the bot ${name} (${id})`,
  tokenRefused:
    'refused (401): copy the bot token again from the Discord developer portal into DISCORD_TOKEN',
  discordUnreachable: (reason: string) =>
    `cannot reach Discord (${reason}): check the network (or use --offline)`,
  discordError: (reason: string) => `Discord answered ${reason}`,
  appMissing:
    'DISCORD_APPLICATION_ID is not set: deploy-commands needs it (the application id in the portal)',
  appMismatch: (configured: string, actual: string) =>
    `DISCORD_APPLICATION_ID is ${configured} but this token belongs to application ${actual}: use ${actual}`,
  commandsOk: (count: number, where: string) =>
    `all ${count} registered ${where}, as this version defines them`,
  commandsMissing: (names: string[], where: string) =>
    `not registered ${where}: /${names.join(', /')}; run npm run deploy-commands`,
  commandsDiffer: (names: string[], where: string) =>
    `registered ${where} but different from this version: /${names.join(', /')}; run npm run deploy-commands`,
  noChannels: 'no channel subscriptions yet',
  channelOk: (kind: string) => `the bot can post here (${kind})`,
  channelMissing: (missing: string[], thread: boolean) =>
    `the bot lacks ${missing.join(', ')} here: grant them to its role in ` +
    (thread
      ? "the permissions of the channel this thread is in (a thread has that channel's)"
      : "this channel's permissions"),
  channelGone: (reason: string) => `${reason}: /unsubscribe there, or give the bot access again`,
  paused: (reason: string) => `paused (${reason}); after fixing it, run /subscribe for the channel again`,
  webhookOk: 'alive',
  webhookGone: (where: string) =>
    `deleted or its token changed (Unknown Webhook): make a new webhook and update ${where}`,
  noWebhooks: 'no webhooks configured or subscribed',
  where: {
    global: 'globally',
    guild: (id: string) => `in server ${id}`,
  },
} as const;

import { join } from 'node:path';
import { plural } from '../shared/plural.js';
// The sentences of `npm run backup`, `npm run prune`, `npm run replay` and the lines `npm run poll` adds.

const mb = (bytes: number) => `${(bytes / 1_048_576).toFixed(1)} MB`;

export const BACKUP_USAGE =
  'Usage: npm run backup -- <file> [--force]   (an online copy while the worker runs)';
export const PRUNE_USAGE =
  'Usage: npm run prune -- [--years N] [--dry-run]   (default: RELEASE_HISTORY_YEARS)';

export const backupExists = (file: string) =>
  `${file} already exists; choose another name, or add --force to replace it.`;
export const backupIsDatabase = 'That is the database itself; give the backup another name.';
export const backupIsFolder = (file: string) =>
  `${file} is a folder; give the backup a file name inside it ` +
  `(for example ${join(file, 'tender-nudge.db')}).`;
export const backupNoFolder = (dir: string) => `The folder ${dir} does not exist; create it first.`;

export const backupFailed = (reason: string) => `The backup failed: ${reason}. The database is unchanged.`;

export function backupDone(facts: {
  database: string;
  file: string;
  bytes: number;
  schema: number;
  notices: number;
  seconds: number;
  integrity: string;
}): string {
  return [
    `Backed up ${facts.database} to ${facts.file}: ${mb(facts.bytes)}, schema version ${facts.schema}, ` +
      `${facts.notices.toLocaleString('en-GB')} notices, in ${facts.seconds.toFixed(1)} s; ` +
      `integrity check: ${facts.integrity}.`,
    'To restore: stop the worker, copy this file over the database (DATABASE_PATH), delete any -wal and ' +
      '-shm files beside it, and start the worker again.',
  ].join('\n');
}

/** A command that reads an existing database, given a path where there is none (a typo, a fresh checkout). */
export const noDatabaseAt = (path: string, what: string) =>
  `There is no database at ${path}, so ${what}. Give the worker's SQLite file as DATABASE_PATH ` +
  '(npm run doctor says which file the configuration names).';

export const retentionOff =
  'Release history is kept for ever (RELEASE_HISTORY_YEARS is not set); give --years N to prune now.';

const count = (n: number) => n.toLocaleString('en-GB');

export function pruneDone(years: number, dryRun: boolean, releases: number, events = 0, runs = 0): string {
  const cut = `release history older than ${plural(years, 'year')}`;
  if (dryRun) return `${count(releases)} releases of ${cut} would be pruned (nothing changed).`;
  return (
    `Pruned ${cut}: ${count(releases)} releases, ${count(events)} events, ${count(runs)} poll runs. ` +
    'Current notices were kept. The file keeps its size; SQLite reuses the space.'
  );
}

/** After `npm run poll` sent what it queued. */
export function deliveredLine(s: {
  sent: number;
  found: number;
  retried: number;
  failed: number;
  capped: number;
}) {
  const parts = [`${s.sent} alerts sent`];
  if (s.found > 0) parts.push(`${s.found} already posted`);
  if (s.retried > 0) parts.push(`${s.retried} to retry`);
  if (s.failed > 0) parts.push(`${s.failed} failed`);
  if (s.capped > 0) parts.push(`${s.capped} over a daily limit`);
  return `${parts.join(', ')}.`;
}

/** When a worker holds the database, `npm run poll` leaves sending to it. */
export const workerWillSend = (pid: number, host: string) =>
  `A worker (pid ${pid} on ${host}) is running on this database: it sends the alerts this poll queued.`;

export const DEMO_USAGE =
  'Usage: npm run demo   (no options: it replays the recorded feeds offline, matches, and prints the ' +
  'alerts it would post; README: "Try it first")';
export const demoNoOptions = (given: string) =>
  `npm run demo takes no options, not "${given}". ${DEMO_USAGE}`;

export const REPLAY_USAGE =
  'Usage: npm run replay [-- --port N] [--fixtures <folder>]   (default: port 8787, test/fixtures)';

export const replayEmpty = (folder: string) =>
  `${folder} holds no recorded releases (JSON files in fts, cf, pcs, s2w or reserved folders in it, or in ` +
  'contracts-finder and reserved-other-portals as ../shared/fixtures has them).';

export const replayNoFolder = (folder: string, resolved: string) =>
  `There is no folder ${folder} (${resolved}). ${REPLAY_USAGE}`;

export const replayBadPort = (given: string) =>
  `--port must be a whole number from 0 to 65535 (0 picks a free one); "${given}" is not. ${REPLAY_USAGE}`;

export const replayPortInUse = (port: number) =>
  `Port ${port} on 127.0.0.1 is already in use (another replay?); stop it or give another with --port N.`;

/** What `npm run replay` serves, and the command that polls it. */
export function replayServing(
  url: string,
  folder: string,
  data: Record<'fts' | 'cf' | 'pcs' | 's2w', unknown[]>,
) {
  const env = [
    `FTS_BASE_URL=${url}`,
    `CF_BASE_URL=${url}`,
    `PCS_BASE_URL=${url}/pcs`,
    `S2W_BASE_URL=${url}/s2w`,
    'REQUEST_INTERVAL_MS=0',
    'DATABASE_PATH=/tmp/tender-nudge-replay.db',
  ];
  return [
    `Serving the releases recorded in ${folder} at ${url}: ${count(data.fts.length)} as Find a Tender, ` +
      `${count(data.cf.length)} as Contracts Finder, ` +
      `${count(data.pcs.length)} as Public Contracts Scotland and ${count(data.s2w.length)} as Sell2Wales. ` +
      'Ctrl+C stops it.',
    'To poll it into a throwaway database, in another terminal:',
    `${env.join(' ')} npm run poll`,
  ].join('\n');
}

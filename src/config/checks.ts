import { accessSync, constants, statSync, statfsSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import cron from 'node-cron';
import { DB_REASONS } from './config-text.js';

// Checks zod cannot make alone, run with the schema before anything is opened or created.

/** The field errors node-cron gives for an expression; null when it is valid. */
export function cronErrors(expression: string): string[] | null {
  const result = cron.validateDetailed(expression);
  if (result.valid) return null;
  return result.errors.map((e) => `${e.field}: ${e.message}`);
}

/**
 * The gaps between the next `runs` runs of a (valid) cron expression in `timezone`, as the worker's schedule
 * would run it, in ms.
 */
export function cronGapsMs(expression: string, timezone: string, runs = 100): number[] {
  const task = cron.createTask(expression, () => undefined, { timezone });
  try {
    const times = task.getNextRuns(runs).map((d) => d.getTime());
    return times.slice(1).map((time, i) => time - (times[i] ?? time));
  } finally {
    void task.destroy();
  }
}

/** Whether the runtime knows this IANA time zone. */
export function isTimeZone(zone: string): boolean {
  try {
    new Intl.DateTimeFormat('en-GB', { timeZone: zone });
    return true;
  } catch {
    return false;
  }
}

// statfs magic numbers of the kernel's pseudo file systems, where mkdir or open fails (or, for mkdir's
// recursive mode on /proc, loops for ever in Node 20–24).
const PSEUDO_FS = new Set([0x9fa0 /* proc */, 0x62656572 /* sysfs */]);

const has = (path: string, mode: number) => {
  try {
    accessSync(path, mode);
    return true;
  } catch (err) {
    return err instanceof Error && 'code' in err && err.code === 'EROFS' ? 'read-only' : false;
  }
};

/**
 * Why the database file at `path` could not be created or opened, without creating anything: the file is a
 * folder or not writable, or its nearest existing folder is a file, not writable, read-only or /proc. Null
 * when it looks usable (`:memory:` always does).
 */
export function databasePathReason(path: string): string | null {
  if (path === ':memory:') return null;
  const file = resolve(path);
  const existing = statOrNull(file);
  if (existing?.isDirectory()) return DB_REASONS.isFolder;
  let parent = existing ? dirname(file) : file;
  while (!existing && statOrNull(parent) === null && dirname(parent) !== parent) parent = dirname(parent);
  if (!existing) {
    const stat = statOrNull(parent);
    if (stat && !stat.isDirectory()) return DB_REASONS.parentIsFile(parent);
  }
  if (isPseudoFs(parent)) return DB_REASONS.pseudoFs(parent);
  const target = existing ? file : parent;
  const writable = has(target, constants.W_OK | (existing ? constants.R_OK : constants.X_OK));
  if (writable === 'read-only') return DB_REASONS.readOnly(parent);
  if (!writable) return existing ? DB_REASONS.notWritable : DB_REASONS.parentNotWritable(parent);
  return null;
}

function statOrNull(path: string) {
  try {
    return statSync(path);
  } catch {
    return null;
  }
}

function isPseudoFs(path: string): boolean {
  try {
    return PSEUDO_FS.has(statfsSync(path).type);
  } catch {
    return false;
  }
}

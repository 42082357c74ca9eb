import { closeSync, existsSync, openSync, renameSync, rmSync, statSync } from 'node:fs';
import { basename, dirname, join, resolve } from 'node:path';
import { parseArgs } from 'node:util';
import { openConfiguredDb, startCommand } from '../app.js';
import { openDbReadOnly, toSingleFile } from '../store/db.js';
import {
  backupDone,
  backupExists,
  backupFailed,
  backupIsDatabase,
  backupIsFolder,
  backupNoFolder,
  BACKUP_USAGE,
  noDatabaseAt,
} from './ops-text.js';
import { runCli } from './run.js';

/** A copy that failed, with whatever SQLite left beside it. */
function removeCopy(partial: string): void {
  for (const file of [partial, `${partial}-wal`, `${partial}-shm`]) rmSync(file, { force: true });
}

/**
 * `npm run backup -- <file>`: an online copy of the database through SQLite's backup API, safe while the
 * worker runs (in WAL mode the copy reads one consistent snapshot and never blocks the worker's writes).
 * The copy is written beside the target as one self-contained file (no -wal or -shm) and renamed into place,
 * with mode 0600, then checked.
 */
async function main(): Promise<number> {
  const { values, positionals } = parseArgs({
    args: process.argv.slice(2),
    options: { force: { type: 'boolean', default: false } },
    allowPositionals: true,
    strict: true,
  });
  const target = positionals[0];
  if (!target || positionals.length > 1) {
    console.error(BACKUP_USAGE);
    return 2;
  }
  const { config } = startCommand();
  const file = resolve(target);
  if (config.databasePath === ':memory:' || file === resolve(config.databasePath)) {
    console.error(backupIsDatabase);
    return 2;
  }
  if (!existsSync(config.databasePath)) {
    console.error(noDatabaseAt(config.databasePath, 'there is nothing to back up'));
    return 2;
  }
  if (!existsSync(dirname(file))) {
    console.error(backupNoFolder(dirname(file)));
    return 2;
  }
  if (existsSync(file) && statSync(file).isDirectory()) {
    console.error(backupIsFolder(target));
    return 2;
  }
  if (existsSync(file) && !values.force) {
    console.error(backupExists(target));
    return 2;
  }
  const started = Date.now();
  const db = openConfiguredDb(config, true);
  const partial = join(dirname(file), `.${basename(file)}.partial`);
  try {
    rmSync(partial, { force: true });
    // Created first so the copy (which holds webhook tokens) is never readable by others, even briefly.
    closeSync(openSync(partial, 'wx', 0o600));
    // After the first (empty) step, all pages in one step: one consistent snapshot the worker never restarts.
    await db.backup(partial, { progress: () => 0x7fffffff });
    // One file, as the message says: no -wal or -shm beside the copy, now or whenever it is opened.
    toSingleFile(partial);
  } catch (err) {
    removeCopy(partial);
    throw new Error(backupFailed(err instanceof Error ? err.message : String(err)), { cause: err });
  } finally {
    db.close();
  }
  try {
    renameSync(partial, file);
  } catch (err) {
    // The copy holds webhook tokens: never left behind under a hidden name.
    removeCopy(partial);
    throw new Error(backupFailed(err instanceof Error ? err.message : String(err)), { cause: err });
  }
  const copy = openDbReadOnly(file);
  try {
    const integrity = String(copy.pragma('quick_check', { simple: true }));
    console.log(
      backupDone({
        database: config.databasePath,
        file: target,
        bytes: statSync(file).size,
        schema: Number(copy.pragma('user_version', { simple: true })),
        notices: Number(copy.prepare('SELECT COUNT(*) FROM notices').pluck().get()),
        seconds: (Date.now() - started) / 1000,
        integrity,
      }),
    );
    return integrity === 'ok' ? 0 : 1;
  } finally {
    copy.close();
  }
}

runCli(main);

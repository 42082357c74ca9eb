import {
  chmodSync,
  closeSync,
  mkdirSync,
  openSync,
  readdirSync,
  readFileSync,
  rmSync,
  statSync,
} from 'node:fs';
import { dirname, resolve } from 'node:path';
import { createRequire } from 'node:module';
import type BetterSqlite3 from 'better-sqlite3';
import { copyKey, radarEndOf } from '../radar/contract.js';
import { checkIntegrity, DatabaseCorruptError, NotADatabaseError } from './db-guard.js';

export { DatabaseCorruptError, NotADatabaseError, watchFileIdentity } from './db-guard.js';

export type Db = BetterSqlite3.Database;

// better-sqlite3 12 builds on node::ObjectWrap, which on Node >= 24.19 aborts the process when a statement is
// garbage-collected outside a JS context (WiseLibs/better-sqlite3#1515). 13 moved to N-API and fixes that,
// but needs Node >= 22 (it crashes on 20). Same API, so load whichever works on this runtime.
const NODE_MAJOR = Number(process.versions.node.split('.')[0]);
export const SQLITE_DRIVER = NODE_MAJOR >= 22 ? 'better-sqlite3-napi' : 'better-sqlite3';
// eslint-disable-next-line @typescript-eslint/no-unsafe-assignment -- require() returns any; one API
const Database: typeof BetterSqlite3 = createRequire(import.meta.url)(SQLITE_DRIVER);

const MIGRATIONS_DIR = new URL('./migrations/', import.meta.url);

/** The database file and its -wal/-shm hold webhook tokens: only the worker's user may read them. */
const FILE_MODE = 0o600;
const DIR_MODE = 0o700;

/** The database file could not be created or opened; `reason` says why in plain words. */
export class DatabaseOpenError extends Error {
  override name = 'DatabaseOpenError';
  constructor(
    readonly path: string,
    readonly reason: string,
  ) {
    super(`cannot open the database "${path}": ${reason}`);
  }
}

/** A database a newer Tender Nudge migrated: this code would not use it safely, so it is not used. */
export class DatabaseNewerError extends Error {
  override name = 'DatabaseNewerError';
  constructor(
    readonly path: string,
    readonly version: number,
    readonly latest: number,
  ) {
    super(
      `The database "${path}" has schema version ${version}, newer than this code's (${latest}): a newer ` +
        'Tender Nudge wrote it, and this one would not use it safely, so nothing was read or changed. Run ' +
        'the newer version, or restore the backup taken before the upgrade (README: Upgrades and rollback).',
    );
  }
}

export interface Migration {
  version: number;
  name: string;
  sql: string;
}

/** The numbered migrations, in order; the number is the schema version it brings the database to. */
export function loadMigrations(): Migration[] {
  const migrations = readdirSync(MIGRATIONS_DIR)
    .filter((file) => /^\d{3}-.*\.sql$/.test(file))
    .sort()
    .map((file) => ({
      version: Number(file.slice(0, 3)),
      name: file,
      sql: readFileSync(new URL(file, MIGRATIONS_DIR), 'utf8'),
    }));
  // Two branches that each add "004-…" would otherwise skip one of them on databases already at 4.
  const numbers = migrations.map((m) => m.version);
  const twice = numbers.find((n, i) => numbers.indexOf(n) !== i);
  if (twice !== undefined) throw new Error(`two migrations are numbered ${String(twice).padStart(3, '0')}`);
  return migrations;
}

/** The schema version this code brings a database to. */
export function latestSchemaVersion(): number {
  return Math.max(0, ...loadMigrations().map((m) => m.version));
}

const codeOf = (err: unknown) => (err instanceof Error && 'code' in err ? String(err.code) : '');

/**
 * Creates the missing folders above `file` one at a time. (mkdirSync's recursive mode never returns for a
 * path under /proc on Node 20–24, so it is not used.)
 */
function makeFolders(file: string): void {
  const missing: string[] = [];
  let dir = dirname(file);
  for (;;) {
    try {
      if (!statSync(dir).isDirectory()) throw new DatabaseOpenError(file, `${dir} is not a folder`);
      break;
    } catch (err) {
      if (err instanceof DatabaseOpenError) throw err;
      if (codeOf(err) !== 'ENOENT' || dirname(dir) === dir) throw new DatabaseOpenError(file, describe(err));
      missing.unshift(dir);
      dir = dirname(dir);
    }
  }
  for (const folder of missing) {
    try {
      mkdirSync(folder, { mode: DIR_MODE });
    } catch (err) {
      if (codeOf(err) !== 'EEXIST')
        throw new DatabaseOpenError(file, `cannot create ${folder}: ${describe(err)}`);
    }
  }
}

function describe(err: unknown): string {
  const code = codeOf(err);
  const words: Record<string, string> = {
    EACCES: 'permission denied',
    EPERM: 'operation not permitted',
    EROFS: 'read-only file system',
    ENOENT: 'no such file or folder',
    ENOTDIR: 'a part of the path is a file, not a folder',
    EISDIR: 'it is a folder, not a file',
    ENOSPC: 'no space left on the disk',
  };
  return words[code] ?? (err instanceof Error ? err.message : String(err));
}

/** Creates the file with mode 0600 (SQLite gives -wal and -shm the same mode), or tightens an old one. */
function prepareFile(file: string): void {
  try {
    closeSync(openSync(file, 'wx', FILE_MODE));
    return;
  } catch (err) {
    if (codeOf(err) !== 'EEXIST') throw new DatabaseOpenError(file, describe(err));
  }
  const stat = statSync(file);
  if (stat.isDirectory())
    throw new DatabaseOpenError(file, describe(Object.assign(new Error(), { code: 'EISDIR' })));
  if ((stat.mode & 0o077) !== 0) {
    try {
      chmodSync(file, FILE_MODE);
    } catch {
      // Not ours to change (another owner): opening still works, and doctor reports the mode.
    }
  }
}

/**
 * Opens (creating if needed, with mode 0600) the SQLite database, sets the pragmas, checks the file
 * (`PRAGMA quick_check`: a damaged file throws DatabaseCorruptError with its path and what to do), and
 * applies any migration newer than `user_version`, each in its own immediate transaction. `:memory:` gives
 * a private in-memory database for tests. A path that cannot be created or opened throws a
 * DatabaseOpenError at once.
 */
export function openDb(path: string): Db {
  let db: Db;
  if (path === ':memory:') db = new Database(path);
  else {
    const file = resolve(path);
    makeFolders(file);
    prepareFile(file);
    try {
      db = new Database(file);
      // First, so that a second process starting at the same moment waits for the first one's locks.
      db.pragma('busy_timeout = 5000');
      // Reading the header makes SQLite notice a file that is not a database now, not at the first query.
      db.pragma('schema_version');
    } catch (err) {
      if (codeOf(err).startsWith('SQLITE_CORRUPT'))
        throw new DatabaseCorruptError(file, err instanceof Error ? err.message : String(err));
      if (codeOf(err) === 'SQLITE_NOTADB') throw new NotADatabaseError(file);
      throw new DatabaseOpenError(file, err instanceof Error ? err.message : String(err));
    }
    try {
      checkIntegrity(db, file);
    } catch (err) {
      db.close();
      throw err;
    }
  }
  db.pragma('busy_timeout = 5000');
  // 16 KiB pages hold a whole notice (a few KB of JSON) without overflow chains; only takes effect on a new
  // file.
  db.pragma('page_size = 16384');
  // SQLite does not wait on the busy timeout for a journal-mode change: a second process opening the same
  // fresh file at the same moment gets "database is locked" here (1 in 80 measured), so it retries.
  whileBusy(() => db.pragma('journal_mode = WAL'));
  db.pragma('synchronous = NORMAL');
  db.pragma('foreign_keys = ON');
  // SQLite's own default page cache (2 MB) rather than better-sqlite3's 16 MB: storing 20,000 notices took
  // the process to 198 MB with 16 MB and held it at 141 MB with 2 MB (measured 2026-12-02); the operating
  // system's file cache still holds the pages, so a miss costs a copy, not a disk read.
  db.pragma('cache_size = -2000');
  registerFunctions(db);
  try {
    migrate(db);
  } catch (err) {
    db.close();
    throw err;
  }
  return db;
}

/**
 * The SQL functions the migrations call: copy_key(buyer key, title, end) is radar/contract.ts copyKey, which
 * folds titles with a regular expression that SQL has not got (migration 018 fills each contract's with it);
 * instant_ms(text) is Date.parse, NULL for text that is not a date (as the stores bind NaN), so that a
 * column filled by a migration holds what the store writes (019); radar_end_ms(ms) is radar/contract.ts
 * radarEndOf, how the radar compares a contract's end (020).
 */
export function registerFunctions(db: Db): void {
  db.function('copy_key', { deterministic: true }, (key: unknown, title: unknown, end: unknown) =>
    copyKey({
      buyer: { key: typeof key === 'string' ? key : '' },
      title: typeof title === 'string' ? title : '',
      end: typeof end === 'string' ? end : null,
    }),
  );
  db.function('radar_end_ms', { deterministic: true }, (at: unknown) =>
    typeof at === 'number' || typeof at === 'bigint' ? radarEndOf(Number(at)) : null,
  );
  db.function('instant_ms', { deterministic: true }, (text: unknown) => {
    const at = typeof text === 'string' && text !== '' ? Date.parse(text) : Number.NaN;
    return Number.isNaN(at) ? null : at;
  });
}

/** Runs `task`, retrying for up to 5 s while SQLite answers SQLITE_BUSY (a synchronous 10 ms pause each). */
function whileBusy<T>(task: () => T): T {
  const pause = new Int32Array(new SharedArrayBuffer(4));
  for (const started = Date.now(); ;) {
    try {
      return task();
    } catch (err) {
      if (codeOf(err) !== 'SQLITE_BUSY' || Date.now() - started > 5_000) throw err;
      Atomics.wait(pause, 0, 0, 10);
    }
  }
}

/**
 * Applies every migration newer than the database's `user_version`. Two processes may start together on a
 * fresh file: each migration runs in an immediate transaction (the write lock is taken before anything is
 * read) and reads `user_version` again inside it, so the second process waits, then finds it applied.
 */
function migrate(db: Db): void {
  const version = () => Number(db.pragma('user_version', { simple: true }));
  const latest = latestSchemaVersion();
  if (version() > latest) throw new DatabaseNewerError(db.name, version(), latest);
  if (version() === latest) return;
  for (const migration of loadMigrations()) {
    db.transaction(() => {
      if (migration.version <= version()) return;
      db.exec(migration.sql);
      db.pragma(`user_version = ${migration.version}`);
    }).immediate();
  }
}

/**
 * Makes a backup copy one self-contained file. The backup API copies the header too, so the copy says it is
 * in WAL mode, and every later open of it (a read-only one included) leaves -wal and -shm files beside it.
 * Switched to a rollback journal on a connection of its own, it is a plain file that opens without them;
 * openDb switches a restored copy back to WAL. The switch checkpoints the WAL and SQLite removes its files
 * (measured); nothing else has the copy open, so any still there are removed all the same.
 */
export function toSingleFile(path: string): void {
  const file = resolve(path);
  const db = new Database(file, { fileMustExist: true });
  try {
    db.pragma('journal_mode = DELETE');
  } finally {
    db.close();
  }
  for (const suffix of ['-wal', '-shm']) rmSync(`${file}${suffix}`, { force: true });
}

/** Opens an existing database read-only, without migrating it (backup, doctor). */
export function openDbReadOnly(path: string): Db {
  try {
    return new Database(resolve(path), { readonly: true, fileMustExist: true });
  } catch (err) {
    throw new DatabaseOpenError(resolve(path), describe(err));
  }
}

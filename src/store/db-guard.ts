import { statSync } from 'node:fs';
import { resolve } from 'node:path';
import type BetterSqlite3 from 'better-sqlite3';
import { corruptText, fileGoneText, notADatabaseText } from './store-text.js';

// The store's two checks against a broken disk: the file is sound when the worker starts (quick_check), and
// it is still the same file while it runs (its device and inode), so nothing is ever "stored" in a deleted or
// replaced file.

/** The database file fails SQLite's integrity check: start-up stops with its path and what to do. */
export class DatabaseCorruptError extends Error {
  override name = 'DatabaseCorruptError';
  constructor(
    readonly path: string,
    readonly problem: string,
  ) {
    super(corruptText(path, problem));
  }
}

/** The file at the path is something else (a text file, a backup archive): not opened, not overwritten. */
export class NotADatabaseError extends Error {
  override name = 'NotADatabaseError';
  constructor(readonly path: string) {
    super(notADatabaseText(path));
  }
}

const codeOf = (err: unknown) => (err instanceof Error && 'code' in err ? String(err.code) : '');

/**
 * Runs `PRAGMA quick_check` (every page and index, not the cross-checks of integrity_check: seconds on a
 * large file, not minutes) and throws DatabaseCorruptError naming the first problem.
 */
export function checkIntegrity(db: BetterSqlite3.Database, path: string): void {
  let rows: unknown;
  try {
    rows = db.pragma('quick_check(20)');
  } catch (err) {
    if (codeOf(err).startsWith('SQLITE_CORRUPT') || codeOf(err) === 'SQLITE_NOTADB')
      throw new DatabaseCorruptError(path, err instanceof Error ? err.message : String(err));
    throw err;
  }
  const problems = (Array.isArray(rows) ? (rows as unknown[]) : [])
    .map((row): unknown => (typeof row === 'object' && row !== null ? Object.values(row)[0] : row))
    .map(String);
  if (problems.length === 1 && problems[0] === 'ok') return;
  throw new DatabaseCorruptError(path, problems[0] ?? 'no answer');
}

export interface FileIdentity {
  /** Null while the file at the path is the one opened; else a sentence saying it was deleted or replaced. */
  check(): string | null;
}

/**
 * Remembers the database file's device, inode and birth time now, to tell later whether it is still the same
 * file.
 */
export function watchFileIdentity(path: string): FileIdentity {
  const file = resolve(path);
  const opened = statSync(file);
  return {
    check() {
      try {
        const now = statSync(file);
        // An inode freed by a deletion can be given to the next file created: its birth time tells them
        // apart.
        const same =
          now.dev === opened.dev && now.ino === opened.ino && now.birthtimeMs === opened.birthtimeMs;
        return same ? null : fileGoneText(file, 'replaced');
      } catch (err) {
        return codeOf(err) === 'ENOENT' ? fileGoneText(file, 'deleted') : null;
      }
    },
  };
}

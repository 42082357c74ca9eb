import { chmodSync, existsSync, mkdtempSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import {
  DatabaseNewerError,
  DatabaseOpenError,
  latestSchemaVersion,
  loadMigrations,
  openDb,
  openDbReadOnly,
} from './db.js';

const modeOf = (file: string) => statSync(file).mode & 0o777;

describe('openDb', () => {
  it('creates the folders and the file with mode 0600, and SQLite gives -wal and -shm the same mode', () => {
    const dir = mkdtempSync(join(tmpdir(), 'tn-db-'));
    const file = join(dir, 'a', 'b', 'tender.db');
    const db = openDb(file);
    db.prepare('INSERT INTO poll_state (source, high_water, updated_at) VALUES (?, ?, ?)').run('fts', 1, 1);
    expect(modeOf(file)).toBe(0o600);
    expect(modeOf(`${file}-wal`)).toBe(0o600);
    expect(modeOf(`${file}-shm`)).toBe(0o600);
    expect(modeOf(join(dir, 'a'))).toBe(0o700);
    expect(Number(db.pragma('user_version', { simple: true }))).toBe(latestSchemaVersion());
    db.close();
  });

  it('tightens an existing database file that others could read', () => {
    const file = join(mkdtempSync(join(tmpdir(), 'tn-db-')), 'old.db');
    openDb(file).close();
    chmodSync(file, 0o644);
    openDb(file).close();
    expect(modeOf(file)).toBe(0o600);
  });

  it('refuses a path under /proc at once instead of hanging', () => {
    const started = Date.now();
    expect(() => openDb('/proc/nope/x.db')).toThrow(DatabaseOpenError);
    expect(Date.now() - started).toBeLessThan(1_000);
  });

  it('refuses a file that is not a database, and a path under a file, with the reason', () => {
    const dir = mkdtempSync(join(tmpdir(), 'tn-db-'));
    writeFileSync(join(dir, 'notes.txt'), 'x'.repeat(4096));
    expect(() => openDb(join(dir, 'notes.txt'))).toThrow(/is not a SQLite database/);
    expect(() => openDb(join(dir, 'notes.txt', 'x.db'))).toThrow(/is not a folder/);
  });

  it('refuses a database a newer version migrated, changing nothing (found by an outside walkthrough)', () => {
    // After a rollback without restoring the backup: the worker ran on it with no word, though an older
    // version does not use a newer schema safely (npm run doctor flags it; it opens read-only).
    const file = join(mkdtempSync(join(tmpdir(), 'tn-db-')), 'newer.db');
    const db = openDb(file);
    db.pragma(`user_version = ${latestSchemaVersion() + 6}`);
    db.close();
    expect(() => openDb(file)).toThrow(DatabaseNewerError);
    expect(() => openDb(file)).toThrow(
      `The database "${file}" has schema version ${latestSchemaVersion() + 6}, newer than this code's ` +
        `(${latestSchemaVersion()})`,
    );
    const still = openDbReadOnly(file);
    expect(still.pragma('user_version', { simple: true })).toBe(latestSchemaVersion() + 6);
    still.close();
  });

  it('opens read-only without creating or migrating', () => {
    const missing = join(mkdtempSync(join(tmpdir(), 'tn-db-')), 'missing.db');
    expect(() => openDbReadOnly(missing)).toThrow(DatabaseOpenError);
    expect(existsSync(missing)).toBe(false);
  });

  it('has one migration per number, in order', () => {
    const versions = loadMigrations().map((m) => m.version);
    expect(versions).toEqual([...new Set(versions)].sort((a, b) => a - b));
    expect(versions[versions.length - 1]).toBe(latestSchemaVersion());
  });
});

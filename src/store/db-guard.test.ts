import {
  closeSync,
  mkdtempSync,
  openSync,
  readFileSync,
  renameSync,
  rmSync,
  writeFileSync,
  writeSync,
} from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { DatabaseCorruptError, NotADatabaseError, openDb, watchFileIdentity } from './db.js';

const PAGE = 16_384;

/** A real database with some history, then a few page headers overwritten (a disk that lost writes). */
function damagedDatabase(): string {
  const file = join(mkdtempSync(join(tmpdir(), 'tn-corrupt-')), 'tender.db');
  const db = openDb(file);
  const insert = db.prepare(
    `INSERT INTO poll_runs (source, kind, started_at, ended_at, requests, seen, new, updated, unchanged,
    skipped, errors) VALUES (?, 'poll', ?, ?, 1, 1, 1, 1, 1, 1, ?)`,
  );
  for (let i = 0; i < 5_000; i++) insert.run(`fts${i}`, i, i, 'x'.repeat(100));
  db.pragma('wal_checkpoint(TRUNCATE)');
  db.close();
  const fd = openSync(file, 'r+');
  for (const page of [20, 40, 60]) writeSync(fd, Buffer.alloc(64, 0xff), 0, 64, PAGE * page);
  closeSync(fd);
  return file;
}

describe('the database file is checked when it is opened', () => {
  // Found by an outside walkthrough: `npm run prune` on a file that is not a database said "Configuration is
  // not valid", which sends people looking for a typo.
  it('a file that is not a database is named as one, with what to check, and left as it was', () => {
    const file = join(mkdtempSync(join(tmpdir(), 'tn-notdb-')), 'notes.txt');
    writeFileSync(file, 'not a database at all, just some text\n'.repeat(200));
    expect(() => openDb(file)).toThrow(NotADatabaseError);
    expect(() => openDb(file)).toThrow(
      `${file} is not a SQLite database: Tender Nudge will not use it or write to it. Check DATABASE_PATH`,
    );
    expect(readFileSync(file, 'utf8')).toBe('not a database at all, just some text\n'.repeat(200));
  });

  it('a file that fails quick_check stops start-up with its path and what to do', () => {
    const file = damagedDatabase();
    const error = (() => {
      try {
        openDb(file).close();
      } catch (err) {
        return err;
      }
      return null;
    })();
    expect(error).toBeInstanceOf(DatabaseCorruptError);
    // What quick_check names depends on which pages the overwrite hit (the schema's indexes move them): a
    // malformed image, or the first damaged trees.
    const message = (error as Error).message;
    expect(message.startsWith(`The database ${file} is damaged (PRAGMA quick_check: `)).toBe(true);
    expect(message).toMatch(/malformed|btreeInitPage|never used/);
    expect(
      message.endsWith(
        '). Tender Nudge will not run on it: stop the worker and restore the backup (made with npm run ' +
          'backup; the restore steps are in the README, "Backups and restore").',
      ),
    ).toBe(true);
  });

  it('a sound file opens as before', () => {
    const file = join(mkdtempSync(join(tmpdir(), 'tn-sound-')), 'tender.db');
    openDb(file).close();
    expect(() => openDb(file).close()).not.toThrow();
  });
});

describe("the database file's identity", () => {
  it('is the same file while nothing happens to it', () => {
    const file = join(mkdtempSync(join(tmpdir(), 'tn-id-')), 'tender.db');
    const db = openDb(file);
    const identity = watchFileIdentity(file);
    db.prepare('INSERT INTO poll_state VALUES (?, ?, ?)').run('fts', 1, 1);
    expect(identity.check()).toBeNull();
    db.close();
  });

  it('says the file was deleted, or replaced by another, naming it', () => {
    const dir = mkdtempSync(join(tmpdir(), 'tn-id-'));
    const file = join(dir, 'tender.db');
    openDb(file).close();
    const identity = watchFileIdentity(file);
    rmSync(file);
    expect(identity.check()).toMatch(new RegExp(`^The database file ${file} was deleted while the worker`));
    writeFileSync(join(dir, 'other.db'), '');
    renameSync(join(dir, 'other.db'), file);
    expect(identity.check()).toMatch(/was replaced while the worker was running/);
  });
});

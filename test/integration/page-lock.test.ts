import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { openDb } from '../../src/store/db.js';
import { createSqliteNoticeStore } from '../../src/store/notice-store.js';
import { fixtureRelease, readNotice } from '../support/radar.js';

// Second outside review: a page's transaction was deferred, so a second process (npm run poll or backfill
// beside the worker) committing between the page's first read and its first write made the page fail with
// SQLITE_BUSY_SNAPSHOT. A page now takes the write lock before it reads anything.

describe('a page of notices against another process writing the same database', () => {
  it('holds the write lock from its first read: the other writer waits, the page is stored', () => {
    const file = join(mkdtempSync(join(tmpdir(), 'tn-lock-')), 'tender.db');
    const worker = openDb(file);
    const other = openDb(file);
    other.pragma('busy_timeout = 0');
    const store = createSqliteNoticeStore(worker);
    const notice = readNotice(fixtureRelease('fts/fts-uk7-contract-028961-2025.json'));
    let otherWrite: unknown = 'not tried';
    // Asked for the release's original bytes after the page has read the database and before it writes.
    const originals = new (class extends Map<string, string> {
      override get(key: string) {
        try {
          other.prepare("INSERT INTO poll_state (source, high_water, updated_at) VALUES ('x', 1, 1)").run();
          otherWrite = 'committed';
        } catch (err) {
          otherWrite = (err as { code?: string }).code;
        }
        return super.get(key);
      }
    })();
    const saved = store.savePage('fts', [notice], { baseline: false, originals });
    expect(otherWrite).toBe('SQLITE_BUSY');
    expect(saved.map((s) => s.outcome)).toEqual(['new']);
    // Once the page is committed, the other process writes.
    other.prepare("INSERT INTO poll_state (source, high_water, updated_at) VALUES ('x', 1, 1)").run();
    expect(store.countNotices()).toBe(1);
    worker.close();
    other.close();
  });

  it('a page with nothing in it opens no transaction, so it never waits for the other writer', () => {
    const file = join(mkdtempSync(join(tmpdir(), 'tn-lock-')), 'tender.db');
    const worker = openDb(file);
    worker.pragma('busy_timeout = 0');
    const other = openDb(file);
    other.exec('BEGIN IMMEDIATE');
    const store = createSqliteNoticeStore(worker);
    expect(store.savePage('fts', [], { baseline: false })).toEqual([]);
    const notice = readNotice(fixtureRelease('fts/fts-uk7-contract-028961-2025.json'));
    expect(() => store.savePage('fts', [notice], { baseline: false })).toThrow(/busy|locked/i);
    other.exec('COMMIT');
    expect(store.savePage('fts', [notice], { baseline: false }).map((s) => s.outcome)).toEqual(['new']);
    worker.close();
    other.close();
  });
});

import { describe, expect, it } from 'vitest';
import { openDb } from '../../src/store/db.js';
import { createSqliteNoticeStore } from '../../src/store/notice-store.js';
import { createSqliteQueries } from '../../src/store/query-store.js';
import { buildNotice } from '../support/builders.js';
import { realMatch } from '../support/matcher.js';
import { databaseAtVersion } from '../support/old-db.js';

// Migration 013 drops the notice_areas triggers (the store keeps the table itself) and adds
// releases.raw_hash.
describe('migration 013', () => {
  it('keeps the areas an older database holds, and the store keeps them from then on', () => {
    const { file, old } = databaseAtVersion(12);
    // A matched notice stored before, its areas written by the triggers of migration 012.
    const notice = buildNotice({ ocid: 'ocds-h6vhtk-1', releaseId: 'r-1', title: 'Independent advocacy' });
    old
      .prepare(
        `INSERT INTO releases (source, release_id, ocid, content_hash, notice_json, fetched_at)
        VALUES ('fts', 'r-1', 'ocds-h6vhtk-1', 'h1', ?, 1000)`,
      )
      .run(JSON.stringify(notice));
    old
      .prepare(
        `INSERT INTO notices (source, ocid, release_id, content_hash, match_json, first_seen_at, updated_at)
        VALUES ('fts', 'ocds-h6vhtk-1', 'r-1', 'h1', ?, 1000, 1000)`,
      )
      .run(JSON.stringify(realMatch(notice)));
    expect(old.prepare('SELECT area FROM notice_areas').pluck().all()).toEqual(['advocacy']);
    old.close();

    const db = openDb(file);
    expect(db.prepare("SELECT name FROM sqlite_master WHERE type = 'trigger'").all()).toEqual([]);
    expect(db.prepare("SELECT raw_hash FROM releases WHERE release_id = 'r-1'").pluck().get()).toBeNull();
    let at = 2_000;
    const queries = createSqliteQueries(db, () => at);
    const recent = () => queries.recent('advocacy', 0, 5, 10_000).items.map((v) => v.notice.releaseId);
    expect(recent()).toEqual(['r-1']);
    // The store now keeps the areas: a later release that is no longer advocacy takes the notice out.
    const store = createSqliteNoticeStore(db, () => at);
    const later = { ...notice, releaseId: 'r-2', title: 'Road resurfacing works', description: null };
    at = 3_000;
    expect(store.savePage('fts', [later], { baseline: false, match: realMatch })[0]?.outcome).toBe('updated');
    expect(recent()).toEqual([]);
    db.close();
  });
});

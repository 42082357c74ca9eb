import { describe, expect, it } from 'vitest';
import { indexContracts } from '../../src/pipeline/radar-index.js';
import { openDb } from '../../src/store/db.js';
import { createSqliteRadarStore } from '../../src/store/radar-store.js';
import { buildNotice } from '../support/builders.js';
import { createCapturingLogger } from '../support/log.js';
import { databaseAtVersion } from '../support/old-db.js';

// Migration 015 adds buyer_notices.buyer_id, filled from the stored notices, so that a contract arriving
// later links a planning notice that gave the same buyer identifier under another name.
describe('migration 015', () => {
  it('fills the identifier of the planning and tender notices already indexed from their stored JSON', async () => {
    const { file, old } = databaseAtVersion(14);
    const rows = [
      { ocid: 'ocds-h6vhtk-1', stage: 'planning', buyer: { id: 'GB-PPON-TEST-1', name: 'Dorset Council' } },
      { ocid: 'ocds-h6vhtk-2', stage: 'award', buyer: { id: 'GB-PPON-TEST-1', name: 'Dorset Council' } },
      { ocid: 'ocds-h6vhtk-3', stage: 'tender', buyer: { id: null, name: 'Dorset Council' } },
    ];
    for (const row of rows) {
      const notice = buildNotice({ ocid: row.ocid, releaseId: `${row.ocid}-r` });
      const json = JSON.stringify({ ...notice, buyer: { ...notice.buyer, ...row.buyer } });
      old
        .prepare(
          `INSERT INTO releases (source, release_id, ocid, content_hash, notice_json, fetched_at)
          VALUES ('fts', ?, ?, 'h', ?, 1000)`,
        )
        .run(`${row.ocid}-r`, row.ocid, json);
      old
        .prepare(
          `INSERT INTO notices (source, ocid, release_id, content_hash, first_seen_at, updated_at)
          VALUES ('fts', ?, ?, 'h', 1000, 1000)`,
        )
        .run(row.ocid, `${row.ocid}-r`);
      old
        .prepare(
          `INSERT INTO buyer_notices (source, ocid, buyer_key, stage, facts_json, updated_at)
          VALUES ('fts', ?, 'dorset', ?, '{}', 1000)`,
        )
        .run(row.ocid, row.stage);
    }
    old.close();

    const db = openDb(file);
    const ids = db.prepare('SELECT ocid, buyer_id FROM buyer_notices ORDER BY ocid').all();
    expect(ids).toEqual([
      { ocid: 'ocds-h6vhtk-1', buyer_id: 'GB-PPON-TEST-1' },
      // Only the stages the link reads.
      { ocid: 'ocds-h6vhtk-2', buyer_id: null },
      { ocid: 'ocds-h6vhtk-3', buyer_id: null },
    ]);
    const radar = createSqliteRadarStore(db, () => 2000);
    expect(radar.earlyNoticesOfBuyer('no such name', 'GB-PPON-TEST-1').map((n) => n.ocid)).toEqual([
      'ocds-h6vhtk-1',
    ]);
    expect((await indexContracts({ store: radar, log: createCapturingLogger() })).notices).toBe(3);
    db.close();
  });
});

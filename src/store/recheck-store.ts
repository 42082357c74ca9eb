import { z } from 'zod';
import type { Db } from './db.js';
import { NOTICE_FROM_SQL, NOTICE_JSON_SQL } from './rows.js';

const DueRow = z.object({ source: z.string(), ocid: z.string() });

/** Open, matched notices to read again, least recently read first. */
export function createSqliteRecheckStore(db: Db) {
  const stmt = {
    due: db.prepare(`
      SELECT n.source, n.ocid
      FROM ${NOTICE_FROM_SQL}
      LEFT JOIN rechecks c ON c.source = n.source AND c.ocid = n.ocid
      WHERE n.match_json IS NOT NULL AND json_array_length(n.match_json, '$.areas') > 0
        AND json_extract(${NOTICE_JSON_SQL}, '$.stage') IN ('tender', 'planning')
        AND json_extract(${NOTICE_JSON_SQL}, '$.dates.tenderDeadline') > ?
        AND COALESCE(c.checked_at, 0) < ?
      ORDER BY COALESCE(c.checked_at, 0), n.rowid
      LIMIT ?
    `),
    mark: db.prepare(`
      INSERT INTO rechecks (source, ocid, checked_at) VALUES (?, ?, ?)
      ON CONFLICT (source, ocid) DO UPDATE SET checked_at = excluded.checked_at
    `),
  };
  return {
    /** Notices whose deadline is after `now` and which were not read again since `before`. */
    dueForRecheck(now: number, before: number, limit: number): { source: string; ocid: string }[] {
      return stmt.due.all(new Date(now).toISOString(), before, limit).map((row) => DueRow.parse(row));
    },
    markRechecked(source: string, ocid: string, at: number): void {
      stmt.mark.run(source, ocid, at);
    },
  };
}

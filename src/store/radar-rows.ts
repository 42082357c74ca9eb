import { z } from 'zod';
import type { IndexedNotice } from '../pipeline/ports.js';
import { BuyerNotice } from '../radar/buyer.js';
import { ContractRecord } from '../radar/contract.js';
import { NOTICE_FROM_SQL, NOTICE_JSON_SQL, toStoredMatch, toStoredNotice } from './rows.js';

// The radar store's rows (radar-store.ts) and how each is read back through its schema.

const NoticeRow = z.object({
  rowid: z.number(),
  source: z.string(),
  ocid: z.string(),
  updated_at: z.number(),
  notice_json: z.string(),
  match_json: z.string().nullable(),
  only_release: z.number(),
});
const ContractRow = z.object({ record_json: z.string(), indexed_at: z.number(), rowid: z.number() });

// only_release: the process has one stored release and the notice is it (no merged copy), so its releases
// are the notice itself and need not be read again (an index look-up on releases_by_ocid).
export const NOTICE_SQL = `
  SELECT n.rowid AS rowid, n.source, n.ocid, n.updated_at, ${NOTICE_JSON_SQL} AS notice_json, n.match_json,
  n.merged_json IS NULL AND NOT EXISTS (
    SELECT 1 FROM releases o WHERE o.source = n.source AND o.ocid = n.ocid AND o.release_id != n.release_id
  ) AS only_release
  FROM ${NOTICE_FROM_SQL}
`;

export const toIndexed = (raw: unknown): IndexedNotice => {
  const row = NoticeRow.parse(raw);
  return {
    rowId: row.rowid,
    source: row.source,
    ocid: row.ocid,
    updatedAt: row.updated_at,
    notice: toStoredNotice(row.notice_json),
    match: row.match_json ? toStoredMatch(row.match_json) : null,
    onlyRelease: row.only_release === 1,
  };
};

/** A stored contract with when it was first indexed and the row id of its notice (for buttons). */
export interface StoredContract {
  contract: ContractRecord;
  indexedAt: number;
  noticeRowId: number;
}

export const CONTRACT_SQL = `
  SELECT c.record_json, c.indexed_at, n.rowid AS rowid
  FROM contracts c JOIN notices n ON n.source = c.source AND n.ocid = c.ocid
`;

export function toStoredContract(raw: unknown): StoredContract {
  const row = ContractRow.parse(raw);
  return {
    contract: ContractRecord.parse(JSON.parse(row.record_json)),
    indexedAt: row.indexed_at,
    noticeRowId: row.rowid,
  };
}

export const toBuyerNotice = (json: unknown) => BuyerNotice.parse(JSON.parse(String(json)));

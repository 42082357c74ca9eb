import { z } from 'zod';
import type {
  IndexCursor,
  IndexedLinkWrite,
  IndexedNotice,
  IndexedWrite,
  RadarIndexStore,
} from '../pipeline/ports.js';
import { BuyerNotice } from '../radar/buyer.js';
import { ContractRecord } from '../radar/contract.js';
import type { Db } from './db.js';
import { NOTICE_FROM_SQL, NOTICE_JSON_SQL, toStoredMatch, toStoredNotice } from './rows.js';

// The radar index (contracts, buyers, buyer notices, links) and its queries. Rows come back through schemas.

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
const BuyerRow = z.object({ key: z.string(), name: z.string(), notices: z.number() });
const CursorRow = z.object({ updated_at: z.number(), notice_rowid: z.number() });
const LinkRow = z.object({
  source: z.string(),
  ocid: z.string(),
  contract_source: z.string(),
  contract_ocid: z.string(),
});

// only_release: the process has one stored release and the notice is it (no merged copy), so its releases
// are the notice itself and need not be read again (an index look-up on releases_by_ocid).
const NOTICE_SQL = `
  SELECT n.rowid AS rowid, n.source, n.ocid, n.updated_at, ${NOTICE_JSON_SQL} AS notice_json, n.match_json,
  n.merged_json IS NULL AND NOT EXISTS (
    SELECT 1 FROM releases o WHERE o.source = n.source AND o.ocid = n.ocid AND o.release_id != n.release_id
  ) AS only_release
  FROM ${NOTICE_FROM_SQL}
`;

const toIndexed = (raw: unknown): IndexedNotice => {
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

const CONTRACT_SQL = `
  SELECT c.record_json, c.indexed_at, n.rowid AS rowid
  FROM contracts c JOIN notices n ON n.source = c.source AND n.ocid = c.ocid
`;

function toStoredContract(raw: unknown): StoredContract {
  const row = ContractRow.parse(raw);
  return {
    contract: ContractRecord.parse(JSON.parse(row.record_json)),
    indexedAt: row.indexed_at,
    noticeRowId: row.rowid,
  };
}

/** Contracts anyone could hear about: in a service area, a watchlist, or reserved. */
const isRelevant = (c: ContractRecord) => c.areas.length > 0 || c.watchlists.length > 0 || c.reserved;

const ms = (instant: string | null) => (instant ? Date.parse(instant) : null);

/**
 * better-sqlite3 radar store: the index the pipeline keeps, and the reads /radar, /buyer and the radar use.
 */
export function createSqliteRadarStore(db: Db, now: () => number = Date.now) {
  const stmt = {
    cursor: db.prepare('SELECT updated_at, notice_rowid FROM radar_index WHERE id = 1'),
    setCursor: db.prepare(`
      INSERT INTO radar_index (id, updated_at, notice_rowid) VALUES (1, @updatedAt, @rowId)
      ON CONFLICT (id) DO UPDATE SET updated_at = excluded.updated_at, notice_rowid = excluded.notice_rowid
    `),
    changed: db.prepare(`
      ${NOTICE_SQL}
      WHERE n.updated_at > @updatedAt OR (n.updated_at = @updatedAt AND n.rowid > @rowId)
      ORDER BY n.updated_at, n.rowid LIMIT @limit
    `),
    releases: db
      .prepare('SELECT notice_json FROM releases WHERE source = ? AND ocid = ? ORDER BY release_date, rowid')
      .pluck(),
    upsertContract: db.prepare(`
      INSERT INTO contracts (source, ocid, buyer_key, buyer_id, end_at, extent_at, relevant, record_json,
      indexed_at, updated_at)
      VALUES (@source, @ocid, @buyerKey, @buyerId, @endAt, @extentAt, @relevant, @json, @at, @at)
      ON CONFLICT (source, ocid) DO UPDATE SET buyer_key = excluded.buyer_key, buyer_id = excluded.buyer_id,
      end_at = excluded.end_at, extent_at = excluded.extent_at, relevant = excluded.relevant,
      record_json = excluded.record_json,
      updated_at = excluded.updated_at
    `),
    deleteContract: db.prepare('DELETE FROM contracts WHERE source = ? AND ocid = ?'),
    upsertBuyerNotice: db.prepare(`
      INSERT INTO buyer_notices (source, ocid, buyer_key, buyer_id, stage, facts_json, updated_at)
      VALUES (@source, @ocid, @buyerKey, @buyerId, @stage, @json, @at)
      ON CONFLICT (source, ocid) DO UPDATE SET buyer_key = excluded.buyer_key, buyer_id = excluded.buyer_id,
      stage = excluded.stage, facts_json = excluded.facts_json, updated_at = excluded.updated_at
    `),
    upsertBuyer: db.prepare(`
      INSERT INTO buyers (key, name, notices, updated_at)
      VALUES (@key, @name, (SELECT COUNT(*) FROM buyer_notices WHERE buyer_key = @key), @at)
      ON CONFLICT (key) DO UPDATE SET name = excluded.name, notices = excluded.notices,
      updated_at = excluded.updated_at
    `),
    upsertLink: db.prepare(`
      INSERT INTO contract_links (source, ocid, contract_source, contract_ocid, linked_at)
      VALUES (@source, @ocid, @contractSource, @contractOcid, @at)
      ON CONFLICT (source, ocid) DO UPDATE SET contract_source = excluded.contract_source,
      contract_ocid = excluded.contract_ocid, linked_at = excluded.linked_at
    `),
    deleteLink: db.prepare('DELETE FROM contract_links WHERE source = ? AND ocid = ?'),
    // The re-procurement link's candidates. Two index look-ups (by key, by id; an id of NULL equals nothing),
    // never a scan of contracts; in the order they were first indexed, as the scan gave them (the radar
    // breaks ties by that order). Only relevant ones: the link (findReplacedContract) needs a service area
    // shared with the notice, which a contract with none never has, so the 500 are a buyer's first 500
    // relevant contracts, not its first 500 of any kind (a large buyer's later contracts were cut off).
    linkCandidates: db.prepare(
      `${CONTRACT_SQL} WHERE (c.buyer_key = @key OR c.buyer_id = @id) AND c.relevant = 1
      ORDER BY c.rowid LIMIT 500`,
    ),
    // /buyer's contracts: its relevant ones (first 500 by row, so a large buyer's are not cut off behind
    // contracts in no area), and a count of the rest for "and N in other fields".
    ofBuyer: db.prepare(
      `${CONTRACT_SQL} WHERE c.buyer_key = ? AND c.relevant = 1 ORDER BY c.rowid LIMIT 500`,
    ),
    irrelevantOfBuyer: db
      .prepare('SELECT COUNT(*) FROM contracts WHERE buyer_key = ? AND relevant = 0')
      .pluck(),
    earlyOfBuyer: db.prepare(`
      ${NOTICE_SQL}
      JOIN buyer_notices b ON b.source = n.source AND b.ocid = n.ocid
      WHERE (b.buyer_key = @key OR b.buyer_id = @id) AND b.stage IN ('planning', 'tender')
      LIMIT 200
    `),
    ending: db.prepare(`
      ${CONTRACT_SQL}
      WHERE ((c.end_at BETWEEN @from AND @to) OR (c.extent_at BETWEEN @from AND @to)) AND c.relevant = 1
      ORDER BY MIN(COALESCE(c.end_at, c.extent_at), COALESCE(c.extent_at, c.end_at))
    `),
    byKey: db.prepare(`${CONTRACT_SQL} WHERE c.source = ? AND c.ocid = ?`),
    byNoticeRow: db.prepare(`${CONTRACT_SQL} WHERE n.rowid = ?`),
    buyerNotices: db.prepare('SELECT facts_json FROM buyer_notices WHERE buyer_key = ?').pluck(),
    buyer: db.prepare('SELECT key, name, notices FROM buyers WHERE key = ?'),
    findBuyers: db.prepare(`
      SELECT key, name, notices FROM buyers
      WHERE name LIKE @like ESCAPE '\\' OR key LIKE @like ESCAPE '\\'
      ORDER BY (key = @exact) DESC, notices DESC, name LIMIT @limit
    `),
    linkOf: db.prepare(
      'SELECT source, ocid, contract_source, contract_ocid FROM contract_links WHERE ' +
        'source = ? AND ocid = ?',
    ),
    linksTo: db.prepare(
      'SELECT source, ocid, contract_source, contract_ocid FROM contract_links WHERE contract_source = ? ' +
        'AND contract_ocid = ?',
    ),
    count: db.prepare('SELECT COUNT(*) FROM contracts').pluck(),
  };

  /** Writes one notice's contract and buyer facts; its buyer's row is left to the batch (saveTx). */
  function write(item: IndexedWrite, at: number): void {
    const key = { source: item.source, ocid: item.ocid };
    if (item.contract) {
      stmt.upsertContract.run({
        ...key,
        buyerKey: item.contract.buyer.key,
        buyerId: item.contract.buyer.id,
        endAt: ms(item.contract.end),
        extentAt: ms(item.contract.maxExtent),
        relevant: isRelevant(item.contract) ? 1 : 0,
        json: JSON.stringify(item.contract),
        at,
      });
    } else stmt.deleteContract.run(item.source, item.ocid);
    if (item.buyer && item.buyerNotice) {
      stmt.upsertBuyerNotice.run({
        ...key,
        buyerKey: item.buyer.key,
        buyerId: item.buyer.id,
        stage: item.buyerNotice.stage,
        json: JSON.stringify(item.buyerNotice),
        at,
      });
    }
  }

  const saveTx = db.transaction(
    (items: IndexedWrite[], links: IndexedLinkWrite[], cursor: IndexCursor | null) => {
      const at = now();
      for (const item of items) write(item, at);
      // Each buyer's row (its name as last seen, its count of notices) once per batch, after its notices,
      // rather than a count of its notices for every one of them.
      const buyers = new Map<string, string>();
      for (const item of items)
        if (item.buyer && item.buyerNotice) buyers.set(item.buyer.key, item.buyer.name);
      for (const [key, name] of buyers) stmt.upsertBuyer.run({ key, name, at });
      for (const link of links) {
        if (link.contract)
          stmt.upsertLink.run({
            source: link.source,
            ocid: link.ocid,
            contractSource: link.contract.source,
            contractOcid: link.contract.ocid,
            at,
          });
        else stmt.deleteLink.run(link.source, link.ocid);
      }
      if (cursor) stmt.setCursor.run(cursor);
    },
  );

  const index: RadarIndexStore = {
    changedNotices(limit) {
      const row = CursorRow.safeParse(stmt.cursor.get());
      const from = row.success
        ? { updatedAt: row.data.updated_at, rowId: row.data.notice_rowid }
        : { updatedAt: -1, rowId: 0 };
      return stmt.changed.all({ ...from, limit }).map(toIndexed);
    },
    releasesOf: (source, ocid) => stmt.releases.all(source, ocid).map((json) => toStoredNotice(String(json))),
    contractsOfBuyer: (key, id) =>
      stmt.linkCandidates.all({ key, id }).map((raw) => toStoredContract(raw).contract),
    earlyNoticesOfBuyer: (key, id) => stmt.earlyOfBuyer.all({ key, id }).map(toIndexed),
    saveIndexed: (items, links, cursor) => saveTx(items, links, cursor),
  };

  return {
    ...index,
    /**
     * Contracts in a service area (or a watchlist, or reserved) whose end or extension limit falls within
     * [from, to], soonest first.
     */
    contractsEnding: (from: number, to: number): StoredContract[] =>
      stmt.ending.all({ from, to }).map(toStoredContract),
    contract: (source: string, ocid: string): StoredContract | null => {
      const raw = stmt.byKey.get(source, ocid);
      return raw ? toStoredContract(raw) : null;
    },
    contractByNoticeRow: (rowId: number): StoredContract | null => {
      const raw = stmt.byNoticeRow.get(rowId);
      return raw ? toStoredContract(raw) : null;
    },
    buyer(key: string) {
      const row = BuyerRow.safeParse(stmt.buyer.get(key));
      return row.success ? row.data : null;
    },
    /**
     * Buyers whose name (or folded name) contains the text, the one named exactly first, then the busiest.
     */
    findBuyers(text: string, limit = 25) {
      const folded = text.trim().toLowerCase();
      const like = `%${folded.replace(/[%_\\]/g, '\\$&')}%`;
      return stmt.findBuyers.all({ like, exact: folded, limit }).map((raw) => BuyerRow.parse(raw));
    },
    buyerNotices: (key: string): BuyerNotice[] =>
      stmt.buyerNotices.all(key).map((json) => BuyerNotice.parse(JSON.parse(String(json)))),
    /** /buyer's contracts: its relevant ones (in an area, a watchlist or reserved). */
    contractsOf: (key: string): StoredContract[] => stmt.ofBuyer.all(key).map(toStoredContract),
    /** How many of the buyer's contracts are in no area, watchlist or reservation. */
    countIrrelevantOf: (key: string): number => Number(stmt.irrelevantOfBuyer.get(key)),
    /** The contract a notice probably re-procures, when the index linked one. */
    replacedBy(source: string, ocid: string): StoredContract | null {
      const link = LinkRow.safeParse(stmt.linkOf.get(source, ocid));
      if (!link.success) return null;
      const raw = stmt.byKey.get(link.data.contract_source, link.data.contract_ocid);
      return raw ? toStoredContract(raw) : null;
    },
    /** The notices linked as probable re-procurements of a contract. */
    successorsOf(source: string, ocid: string): { source: string; ocid: string }[] {
      return stmt.linksTo.all(source, ocid).map((raw) => {
        const row = LinkRow.parse(raw);
        return { source: row.source, ocid: row.ocid };
      });
    },
    countContracts: () => Number(stmt.count.get()),
  };
}

export type SqliteRadarStore = ReturnType<typeof createSqliteRadarStore>;

import { z } from 'zod';
import type { IndexCursor, IndexedLinkWrite, IndexedWrite, RadarIndexStore } from '../pipeline/ports.js';
import {
  CONTACTS_SHOWN,
  contactKey,
  EARLY_PUBLISHED_MS,
  NOTICES_SHOWN,
  type BuyerContracts,
  type BuyerFacts,
} from '../radar/buyer.js';
import { copyKey, isRelevant, radarEndMs } from '../radar/contract.js';
import { pageIn } from '../shared/pages.js';
import type { Db } from './db.js';
import { createRadarPageReads } from './radar-page.js';
import { toStoredNotice } from './rows.js';
import {
  CONTRACT_SQL,
  NOTICE_SQL,
  toBuyerNotice,
  toIndexed,
  toStoredContract,
  type StoredContract,
} from './radar-rows.js';

export type { StoredContract } from './radar-rows.js';

// The radar index (contracts, buyers, buyer notices, links) and its queries. Rows come back through schemas.

const BuyerRow = z.object({ key: z.string(), name: z.string(), notices: z.number() });
const CountsRow = z.object({ notices: z.number(), reserved: z.number(), vcse: z.number() });
const ContactKeyRow = z.object({ contact_key: z.string() });
const CopyRow = z.object({ copy_key: z.string().nullable(), relevant: z.number() });
const CursorRow = z.object({ updated_at: z.number(), notice_rowid: z.number() });
const LinkRow = z.object({
  source: z.string(),
  ocid: z.string(),
  contract_source: z.string(),
  contract_ocid: z.string(),
});

const OPEN_SQL = "buyer_key = @key AND relevant = 1 AND stage = 'tender' AND deadline_at > @now";
const EARLY_SQL = `buyer_key = @key AND relevant = 1 AND stage = 'planning'
  AND (engagement_at > @now OR expected_at > @now OR published_at > @yearAgo)`;
const ContractCountsRow = z.object({ in_area: z.number(), every: z.number(), first: z.string().nullable() });

const ms = (instant: string | null) => (instant ? Date.parse(instant) : null);
/** A contract's end or extension limit as the radar compares it (radarEndMs). */
const endMs = (instant: string | null) => (instant ? radarEndMs(instant) : null);

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
      areas_json, regions_json, copy_key, has_copy, awarded_on, indexed_at, updated_at)
      VALUES (@source, @ocid, @buyerKey, @buyerId, @endAt, @extentAt, @relevant, @json, @areas, @regions,
      @copyKey, 0, @awardedOn, @at, @at)
      ON CONFLICT (source, ocid) DO UPDATE SET buyer_key = excluded.buyer_key, buyer_id = excluded.buyer_id,
      end_at = excluded.end_at, extent_at = excluded.extent_at, relevant = excluded.relevant,
      record_json = excluded.record_json, areas_json = excluded.areas_json,
      regions_json = excluded.regions_json, copy_key = excluded.copy_key, has_copy = 0,
      awarded_on = excluded.awarded_on, updated_at = excluded.updated_at
    `),
    // Whether another relevant contract shares a copy key (migration 018), kept for both the key a contract
    // had and the one it has, as it is written or deleted.
    copyOf: db.prepare('SELECT copy_key, relevant FROM contracts WHERE source = ? AND ocid = ?'),
    sharing: db.prepare('SELECT COUNT(*) FROM contracts WHERE copy_key = ? AND relevant = 1').pluck(),
    setHasCopy: db.prepare(
      'UPDATE contracts SET has_copy = @has WHERE copy_key = @key AND relevant = 1 AND has_copy != @has',
    ),
    deleteContract: db.prepare('DELETE FROM contracts WHERE source = ? AND ocid = ?'),
    upsertBuyerNotice: db.prepare(`
      INSERT INTO buyer_notices (source, ocid, buyer_key, buyer_id, stage, facts_json, relevant, reserved,
      vcse, published, contact_key, deadline_at, engagement_at, expected_at, published_at, updated_at)
      VALUES (@source, @ocid, @buyerKey, @buyerId, @stage, @json, @relevant, @reserved, @vcse, @published,
      @contactKey, @deadlineAt, @engagementAt, @expectedAt, @publishedAt, @at)
      ON CONFLICT (source, ocid) DO UPDATE SET buyer_key = excluded.buyer_key, buyer_id = excluded.buyer_id,
      stage = excluded.stage, facts_json = excluded.facts_json, relevant = excluded.relevant,
      reserved = excluded.reserved, vcse = excluded.vcse, published = excluded.published,
      contact_key = excluded.contact_key, deadline_at = excluded.deadline_at,
      engagement_at = excluded.engagement_at, expected_at = excluded.expected_at,
      published_at = excluded.published_at, updated_at = excluded.updated_at
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
    // /buyer's contracts (migration 019): those in a service area counted, the earliest award, all of its
    // contracts counted (on the buyer index), and a page's row ids, newest award first.
    buyerContractCounts: db.prepare(`
      SELECT (SELECT COUNT(*) FROM contracts WHERE buyer_key = @key AND relevant = 1 AND areas_json != '[]')
      AS in_area, (SELECT COUNT(*) FROM contracts WHERE buyer_key = @key) AS every,
      (SELECT MIN(awarded_on) FROM contracts WHERE buyer_key = @key AND relevant = 1 AND areas_json != '[]'
      AND awarded_on != '') AS first
    `),
    buyerContractPage: db
      .prepare(
        `SELECT rowid FROM contracts WHERE buyer_key = @key AND relevant = 1 AND areas_json != '[]'
        ORDER BY awarded_on DESC, rowid LIMIT @limit OFFSET @offset`,
      )
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
    byRow: db.prepare(`${CONTRACT_SQL} WHERE c.rowid = ?`),
    byKey: db.prepare(`${CONTRACT_SQL} WHERE c.source = ? AND c.ocid = ?`),
    byNoticeRow: db.prepare(`${CONTRACT_SQL} WHERE n.rowid = ?`),
    // /buyer's facts (migration 016): counts on indexes (the reserved and VCSE ones partial, holding only
    // their notices), the notices in a service area, and one notice for each of the newest contact points.
    buyerCounts: db.prepare(`
      SELECT (SELECT COUNT(*) FROM buyer_notices WHERE buyer_key = @key) AS notices,
      (SELECT COUNT(*) FROM buyer_notices WHERE buyer_key = @key AND reserved = 1) AS reserved,
      (SELECT COUNT(*) FROM buyer_notices WHERE buyer_key = @key AND vcse = 1) AS vcse
    `),
    // Open opportunities and early engagement (migration 019; radar/buyer.ts isOpen, isEarly): counted, and
    // the row ids of the first shown, each on its partial index.
    openCount: db.prepare(`SELECT COUNT(*) FROM buyer_notices WHERE ${OPEN_SQL}`).pluck(),
    openRows: db
      .prepare(`SELECT rowid FROM buyer_notices WHERE ${OPEN_SQL} ORDER BY rowid LIMIT @limit`)
      .pluck(),
    earlyCount: db.prepare(`SELECT COUNT(*) FROM buyer_notices WHERE ${EARLY_SQL}`).pluck(),
    earlyRows: db
      .prepare(
        `SELECT rowid FROM buyer_notices WHERE ${EARLY_SQL}
        ORDER BY COALESCE(published, '') DESC, rowid LIMIT @limit`,
      )
      .pluck(),
    buyerNoticeByRow: db.prepare('SELECT facts_json FROM buyer_notices WHERE rowid = ?').pluck(),
    newestContacts: db.prepare(`
      SELECT contact_key, MAX(published) AS newest, MAX(rowid) AS latest FROM buyer_notices
      WHERE buyer_key = @key AND contact_key IS NOT NULL
      GROUP BY contact_key ORDER BY newest DESC, latest DESC LIMIT @limit
    `),
    contactNotice: db
      .prepare(
        `SELECT facts_json FROM buyer_notices WHERE buyer_key = ? AND contact_key = ?
        ORDER BY published DESC, rowid DESC LIMIT 1`,
      )
      .pluck(),
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

  /** Marks whether the relevant contracts of this copy key have a copy (more than one of them). */
  function keepHasCopy(key: string): void {
    stmt.setHasCopy.run({ key, has: Number(stmt.sharing.get(key)) > 1 ? 1 : 0 });
  }

  /** Writes one notice's contract and buyer facts; its buyer's row is left to the batch (saveTx). */
  function write(item: IndexedWrite, at: number): void {
    const key = { source: item.source, ocid: item.ocid };
    const before = CopyRow.safeParse(stmt.copyOf.get(item.source, item.ocid));
    const relevant = item.contract !== null && isRelevant(item.contract);
    const copyOf = item.contract ? copyKey(item.contract) : null;
    // The copy key has_copy is kept for: a relevant contract's.
    const copy = relevant ? copyOf : null;
    if (item.contract) {
      stmt.upsertContract.run({
        ...key,
        buyerKey: item.contract.buyer.key,
        buyerId: item.contract.buyer.id,
        endAt: endMs(item.contract.end),
        extentAt: endMs(item.contract.maxExtent),
        relevant: relevant ? 1 : 0,
        json: JSON.stringify(item.contract),
        areas: JSON.stringify(item.contract.areas),
        regions: JSON.stringify(item.contract.regions),
        copyKey: copyOf,
        awardedOn: item.contract.awardedOn ?? '',
        at,
      });
    } else stmt.deleteContract.run(item.source, item.ocid);
    const had = before.success && before.data.relevant === 1 ? before.data.copy_key : null;
    if (had !== null && had !== copy) keepHasCopy(had);
    if (copy !== null) keepHasCopy(copy);
    if (item.buyer && item.buyerNotice) {
      const facts = item.buyerNotice;
      stmt.upsertBuyerNotice.run({
        ...key,
        buyerKey: item.buyer.key,
        buyerId: item.buyer.id,
        stage: facts.stage,
        json: JSON.stringify(facts),
        relevant: facts.areas.length > 0 ? 1 : 0,
        reserved: facts.reserved ? 1 : 0,
        vcse: facts.vcse ? 1 : 0,
        published: facts.published,
        contactKey: contactKey(facts.contact),
        deadlineAt: ms(facts.deadline),
        engagementAt: ms(facts.engagementDeadline),
        expectedAt: ms(facts.expectedTender),
        publishedAt: ms(facts.published),
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
    /** /radar's count and page, inside SQLite (radar-page.ts). */
    page: createRadarPageReads(db),
    contractByRow: (rowId: number): StoredContract | null => {
      const raw = stmt.byRow.get(rowId);
      return raw ? toStoredContract(raw) : null;
    },
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
    /** What /buyer shows of a buyer's notices, read on indexes (radar/buyer.ts buyerFacts, from them all). */
    buyerFacts(key: string, at: number): BuyerFacts {
      const counts = CountsRow.parse(stmt.buyerCounts.get({ key }));
      const contacts = stmt.newestContacts
        .all({ key, limit: CONTACTS_SHOWN })
        .map((raw) => stmt.contactNotice.get(key, ContactKeyRow.parse(raw).contact_key))
        .filter((json) => json !== undefined)
        .map(toBuyerNotice);
      const when = { key, now: at, yearAgo: at - EARLY_PUBLISHED_MS };
      const byRows = (rows: unknown[]) =>
        rows
          .map((rowId) => stmt.buyerNoticeByRow.get(rowId))
          .filter((json) => json !== undefined)
          .map(toBuyerNotice);
      return {
        noticeCount: counts.notices,
        reservedCount: counts.reserved,
        vcseCount: counts.vcse,
        open: {
          total: Number(stmt.openCount.get(when)),
          first: byRows(stmt.openRows.all({ ...when, limit: NOTICES_SHOWN })),
        },
        early: {
          total: Number(stmt.earlyCount.get(when)),
          first: byRows(stmt.earlyRows.all({ ...when, limit: NOTICES_SHOWN })),
        },
        contacts,
      };
    },
    /** /buyer's contracts, read on indexes (radar/buyer.ts buyerContracts, from them all). */
    buyerContracts(key: string, page: number, pageSize: number): BuyerContracts {
      const counts = ContractCountsRow.parse(stmt.buyerContractCounts.get({ key }));
      const at = pageIn(counts.in_area, page, pageSize);
      const rows = stmt.buyerContractPage.all({ key, limit: pageSize, offset: at * pageSize });
      return {
        total: counts.in_area,
        firstAwarded: counts.first,
        other: counts.every - counts.in_area,
        page: at,
        items: rows.flatMap((rowId) => {
          const raw = stmt.byRow.get(rowId);
          return raw ? [toStoredContract(raw).contract] : [];
        }),
      };
    },
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

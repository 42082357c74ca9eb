import { describe, expect, it } from 'vitest';
import { NATIONWIDE } from '../../src/notices/regions.js';
import type { IndexedWrite } from '../../src/pipeline/ports.js';
import {
  addMonths,
  copyKey,
  endsWithin,
  isRelevant,
  radarEndMs,
  radarFrom,
  toContractRecord,
  type ContractRecord,
} from '../../src/radar/contract.js';
import { upcoming } from '../../src/radar/plan.js';
import { openDb, type Db } from '../../src/store/db.js';
import { createSqliteRadarStore } from '../../src/store/radar-store.js';
import { buildNotice } from '../support/builders.js';
import { realMatch } from '../support/matcher.js';
import { databaseAtVersion, insertOldContracts } from '../support/old-db.js';
import { fixtureRelease, radarWorld, readNotice } from '../support/radar.js';

// /radar counts and pages inside SQLite on two partial indexes and reads only the page it shows whole
// (migrations 017, 018). These check every page against what reading every contract whole gives
// (radar/plan.ts upcoming), on copies of a real contract record varied in what the choice reads: ends
// inside and outside the window, extension limits (before the end, after it, with no end), an end that is not
// a date, areas, watchlists, regions, the same contract on two feeds, an unknown buyer; and again after later
// writes change which contracts are copies of which.
const NOW = Date.parse('2026-09-10T09:00:00Z');
const DAY = 86_400_000;

function records(): ContractRecord[] {
  const notice = readNotice(fixtureRelease('fts/fts-pcr-award-celex24-029615-2025.json'));
  const real = toContractRecord(notice, realMatch(notice));
  if (!real) throw new Error('the fixture is a contract notice');
  const iso = (days: number) => new Date(NOW + days * DAY).toISOString();
  const regions = [[], ['North East'], [NATIONWIDE], ['London'], ['North East', 'London']];
  const areas = [['advocacy'], ['payroll'], ['advocacy', 'payroll'], []];
  const list = Array.from({ length: 120 }, (_, i) => {
    // Ends from 100 days ago to ~3 years ahead; some extendable, one in nine with no end at all.
    const endDays = i % 9 === 0 ? null : ((i * 37) % 1200) - 100;
    const record: ContractRecord = {
      ...real,
      source: i % 7 === 3 ? 'cf' : 'fts',
      ocid: `ocds-test-${i}`,
      releaseId: `r-${i}`,
      title: `${real.title} ${i % 30}`,
      buyer: { ...real.buyer, key: i % 11 === 5 ? '' : `buyer-${i % 4}` },
      areas: areas[i % areas.length] ?? [],
      watchlists: i % 4 === 3 && i % 8 === 7 ? ['watchlist:g:1'] : [],
      regions: regions[i % regions.length] ?? [],
      end: endDays === null ? null : iso(endDays),
      // Extendable: 400 days past its end; with no end, some still give an extension limit.
      maxExtent: endDays === null ? (i % 2 === 0 ? iso(200) : null) : i % 3 === 0 ? iso(endDays + 400) : null,
    };
    return record;
  });
  // An extension limit inside the window with the end after it; an end that is not a date.
  list[1] = { ...list[1]!, end: iso(700), maxExtent: iso(90), areas: ['advocacy'], regions: [] };
  list[2] = { ...list[2]!, end: 'not a date', maxExtent: iso(30), areas: ['payroll'] };
  // The same contract on the other feed, for every tenth: same buyer, title and end day, its own notice.
  const copies = list
    .filter((_, i) => i % 10 === 4)
    .map((c, k) => ({ ...c, source: 'cf', ocid: `ocds-test-copy-${k}`, releaseId: `r-copy-${k}` }));
  // Four contracts on both feeds ending soonest: the first page is mostly copies, so that reading it must
  // read on past them (a page of five from the first five of each index range would be wrong).
  const soonest = [1, 2, 3, 4].flatMap((k) => {
    const one = { ...real, ocid: `ocds-soon-${k}`, releaseId: `r-soon-${k}`, title: `Soon ${k}` };
    const both = { ...one, areas: ['advocacy'], regions: [], end: iso(0.01 * k), maxExtent: null };
    return [both, { ...both, source: 'cf', ocid: `ocds-soon-copy-${k}`, releaseId: `r-soon-copy-${k}` }];
  });
  return [...list, ...copies, ...soonest];
}

/** The radar index's writes for these records, through the store's own writer. */
const writesOf = (list: ContractRecord[]): IndexedWrite[] =>
  list.map((c) => ({ source: c.source, ocid: c.ocid, buyer: null, buyerNotice: null, contract: c }));

const FILTERS = [
  { area: null, region: null, months: 18 },
  { area: 'advocacy', region: null, months: 18 },
  { area: 'payroll', region: 'London', months: 6 },
  { area: null, region: 'North East', months: 60 },
  { area: 'bsl', region: null, months: 18 },
];

type Filter = (typeof FILTERS)[number];

/** What reading every relevant contract whole gives for this filter. */
const expectedOf = (list: ContractRecord[], filter: Filter) =>
  upcoming(list.filter(isRelevant), {
    areas: filter.area ? [filter.area] : [],
    regions: filter.region ? [filter.region] : [],
    months: filter.months,
    now: NOW,
    all: false,
  });

/** Compares every page of every filter (and one past the end) with reading whole; how many were shown. */
function comparePages(queries: ReturnType<typeof radarWorld>['radar']['queries'], list: ContractRecord[]) {
  let compared = 0;
  for (const filter of FILTERS) {
    const expected = expectedOf(list, filter);
    const pages = Math.max(1, Math.ceil(expected.length / 5));
    for (let page = 0; page <= pages; page++) {
      const got = queries.upcoming(filter, page, 5);
      const at = Math.min(page, pages - 1);
      expect(got.total).toBe(expected.length);
      expect(got.page).toBe(at);
      expect(got.items.map((item) => item.contract)).toEqual(expected.slice(at * 5, at * 5 + 5));
      compared += got.items.length;
    }
  }
  return compared;
}

/** The relevant contracts another relevant contract shares a copy key with. */
const sharedOf = (list: ContractRecord[]) =>
  list.filter((c) => {
    const key = copyKey(c);
    return isRelevant(c) && key !== null && list.some((o) => o !== c && isRelevant(o) && copyKey(o) === key);
  });

const marked = (db: Db) =>
  Number(db.prepare('SELECT COUNT(*) FROM contracts WHERE has_copy = 1').pluck().get());

/** Stores a notice for each record (the page reads a contract with its notice's row) and indexes them. */
function indexAll(w: ReturnType<typeof radarWorld>, list: ContractRecord[]) {
  for (const c of list)
    w.notices.savePage(c.source, [buildNotice({ source: c.source, ocid: c.ocid, releaseId: c.releaseId })], {
      baseline: true,
    });
  w.radar.store.saveIndexed(writesOf(list), [], null);
}

describe('/radar pages counted and paged on indexes (migrations 017, 018)', () => {
  it('give every page and count that reading every contract whole gives', () => {
    const w = radarWorld(NOW);
    const list = records();
    indexAll(w, list);
    expect(comparePages(w.radar.queries, list)).toBeGreaterThan(60);
    // Copies of one contract were in the window, and were shown once.
    const inWindow = list.filter((c) => isRelevant(c) && c.areas.length > 0 && endsWithin(c, NOW, 18));
    const keys = inWindow.map(copyKey).filter((k) => k !== null);
    expect(new Set(keys).size).toBeLessThan(keys.length);
    expect(w.radar.queries.upcoming(FILTERS[0]!, 0, 5).total).toBeLessThan(inWindow.length);
  });

  it('keep a contract ending today until the UK day is over, as reading whole does', () => {
    // 10:00 on 10 September, UK summer time. An end at 01:00 or 00:30 UK time today has passed as an instant
    // but not as a day; one at 23:30 UK time yesterday has. The last second of 9 September written in UTC
    // (00:59 today in the UK) is 9 September, and has passed; that of 10 September is today.
    const w = radarWorld(NOW);
    const base = records();
    const ends = [
      '2026-09-10T00:00:00Z',
      '2026-09-09T23:30:00Z',
      '2026-09-09T22:30:00Z',
      '2026-09-09T23:59:59Z',
      '2026-09-10T23:59:59Z',
    ];
    const today = ends.map((end, k): ContractRecord => ({
      ...base[5]!,
      ocid: `ocds-today-${k}`,
      releaseId: `r-today-${k}`,
      end,
      maxExtent: null,
      areas: ['advocacy'],
      regions: [],
    }));
    const list = [...base, ...today];
    indexAll(w, list);
    expect(comparePages(w.radar.queries, list)).toBeGreaterThan(60);
    const shown = () => w.radar.queries.upcoming(FILTERS[1]!, 0, 50).items.map((item) => item.contract.ocid);
    expect(shown().slice(0, 2)).toEqual(['ocds-today-1', 'ocds-today-0']);
    expect(shown()).not.toContain('ocds-today-2');
    expect(shown()).not.toContain('ocds-today-3');
    expect(shown()).toContain('ocds-today-4');
    w.clock.advance(15 * 3_600_000);
    expect(shown()).not.toContain('ocds-today-0');
    expect(shown()).not.toContain('ocds-today-1');
    expect(shown()).not.toContain('ocds-today-4');
  });

  it('moves the ends stored before migration 020 as the store now writes them', () => {
    const { file, old } = databaseAtVersion(19);
    const base = records()[5]!;
    const at = (k: number, end: string | null, maxExtent: string | null): ContractRecord => ({
      ...base,
      ocid: `ocds-020-${k}`,
      releaseId: `r-020-${k}`,
      end,
      maxExtent,
    });
    // Summer and winter last seconds in UTC, other times, none, and text that is not a date.
    const list = [
      at(0, '2026-09-09T23:59:59Z', '2027-06-30T23:59:59.500Z'),
      at(1, '2026-12-31T23:59:59Z', '2026-09-10T00:00:00+01:00'),
      at(2, '2026-09-09T22:59:59Z', null),
      at(3, null, '2028-03-29T23:59:00Z'),
      at(4, 'not a date', 'not a date either'),
    ];
    insertOldContracts(old, list);
    old.close();
    const db = openDb(file);
    const stored = db.prepare('SELECT end_at, extent_at FROM contracts ORDER BY rowid').all();
    const endOf = (d: string | null) => (d === null || Number.isNaN(radarEndMs(d)) ? null : radarEndMs(d));
    expect(stored).toEqual(list.map((c) => ({ end_at: endOf(c.end), extent_at: endOf(c.maxExtent) })));
    // Summer ones moved back an hour; winter ones and the rest as they were.
    expect(stored.map((r) => (r as { end_at: number | null }).end_at)).toEqual([
      Date.parse('2026-09-09T22:59:59Z'),
      Date.parse('2026-12-31T23:59:59Z'),
      Date.parse('2026-09-09T22:59:59Z'),
      null,
      null,
    ]);
    db.close();
  });

  it('still give them after later writes change which contracts are copies', () => {
    const w = radarWorld(NOW);
    const list = records();
    indexAll(w, list);
    const sameKey = (a: ContractRecord, b: ContractRecord) =>
      copyKey(a) !== null && copyKey(a) === copyKey(b);
    const copyOf = (c: ContractRecord) => list.filter((o) => o !== c && sameKey(o, c));
    const copied = list.filter((c) => isRelevant(c) && copyOf(c).length > 0 && endsWithin(c, NOW, 18));
    expect(copied.length).toBeGreaterThanOrEqual(8);
    const [retitled, outOfArea, deleted, ended, ...rest] = copied;
    const lone = list.find((c) => isRelevant(c) && copyOf(c).length === 0 && endsWithin(c, NOW, 18));
    if (!retitled || !outOfArea || !deleted || !ended || !lone || !rest[0]) throw new Error('too few');
    const changed = new Map<ContractRecord, ContractRecord | null>([
      // No longer a copy (its pair is alone again), out of every area (no longer relevant), gone, ended.
      [retitled, { ...retitled, title: `${retitled.title} (lot 2)` }],
      [outOfArea, { ...outOfArea, areas: [], watchlists: [], reserved: false }],
      [deleted, null],
      [ended, { ...ended, end: new Date(NOW - 400 * DAY).toISOString(), maxExtent: null }],
      // A contract that had no copy becomes one of another (same buyer, title and end day).
      [lone, { ...lone, buyer: rest[0].buyer, title: rest[0].title, end: rest[0].end }],
    ]);
    w.radar.store.saveIndexed(
      [...changed].map(([c, now]) => ({
        source: c.source,
        ocid: c.ocid,
        buyer: null,
        buyerNotice: null,
        contract: now,
      })),
      [],
      null,
    );
    const after = list.flatMap((c) => {
      const now = changed.get(c);
      return now === undefined ? [c] : now === null ? [] : [now];
    });
    expect(comparePages(w.radar.queries, after)).toBeGreaterThan(60);
    // The lone contract is now one of three; every relevant contract that shares its key is marked, and
    // only those (a mark left behind would only send one down the slower path, but none is).
    const loneNow = changed.get(lone);
    expect(loneNow && after.filter((c) => sameKey(c, loneNow))).toHaveLength(3);
    expect(marked(w.db)).toBe(sharedOf(after).length);
  });

  it('fills the new columns of the contracts already stored, with the same choice', () => {
    const { file, old } = databaseAtVersion(16);
    const list = records();
    insertOldContracts(old, list);
    old.close();
    const db = openDb(file);
    const store = createSqliteRadarStore(db, () => NOW);
    for (const filter of FILTERS) {
      const to = addMonths(NOW, filter.months);
      const expected = expectedOf(list, filter).map((c) => c.ocid);
      // Row ids survive the migration (a tie goes to the contract first indexed): row i is list[i - 1].
      const from = radarFrom(NOW);
      const rows = store.page.rows(filter, from, to, 0, 1000);
      expect(rows.map((rowId) => list[rowId - 1]?.ocid)).toEqual(expected);
      expect(store.page.count(filter, from, to)).toBe(expected.length);
      // Paged from the middle as well as the start.
      expect(store.page.rows(filter, from, to, 3, 4)).toEqual(rows.slice(3, 7));
    }
    expect(marked(db)).toBe(sharedOf(list).length);
    expect(sharedOf(list).length).toBeGreaterThan(0);
    db.close();
  });
});

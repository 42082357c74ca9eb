import { describe, expect, it } from 'vitest';
import type { IndexedWrite } from '../../src/pipeline/ports.js';
import { buyerContracts } from '../../src/radar/buyer.js';
import { toContractRecord, type ContractRecord } from '../../src/radar/contract.js';
import { openDb } from '../../src/store/db.js';
import { createSqliteRadarStore } from '../../src/store/radar-store.js';
import { buildNotice } from '../support/builders.js';
import { realMatch } from '../support/matcher.js';
import { databaseAtVersion, insertOldContracts } from '../support/old-db.js';
import { fixtureRelease, radarWorld, readNotice } from '../support/radar.js';

// /buyer counts a buyer's contracts and reads one page of those in a service area on indexes (migration 019),
// not all of them whole. These check every page against reading them all (radar/buyer.ts buyerContracts), on
// copies of a real contract record under one buyer, varied in what /buyer reads: award dates (ties, none),
// areas, contracts relevant only by a watchlist or a reservation, contracts in no field it follows, and
// another buyer's.
const NOW = Date.parse('2026-09-10T09:00:00Z');
const KEY = 'durham county council';

function records(): ContractRecord[] {
  const notice = readNotice(fixtureRelease('fts/fts-pcr-award-celex24-029615-2025.json'));
  const real = toContractRecord(notice, realMatch(notice));
  if (!real) throw new Error('the fixture is a contract notice');
  const dates = ['2025-06-03', '2019-02-11T00:00:00Z', null, '2025-06-03', '2021-12-31T23:00:00+01:00', ''];
  return Array.from({ length: 40 }, (_, i) => ({
    ...real,
    ocid: `ocds-test-${i}`,
    releaseId: `r-${i}`,
    buyer: { ...real.buyer, key: i % 13 === 12 ? 'another buyer' : KEY },
    areas: i % 5 === 4 ? [] : ['advocacy'],
    watchlists: i % 10 === 4 ? ['watchlist:g:1'] : [],
    reserved: i % 20 === 9,
    awardedOn: dates[i % dates.length] ?? null,
  }));
}

const writesOf = (list: ContractRecord[]): IndexedWrite[] =>
  list.map((c) => ({ source: c.source, ocid: c.ocid, buyer: null, buyerNotice: null, contract: c }));

type Store = ReturnType<typeof createSqliteRadarStore>;

/** Every page (and one past the end) read on indexes against reading all the buyer's contracts. */
function comparePages(store: Store, list: ContractRecord[]): number {
  const own = list.filter((c) => c.buyer.key === KEY);
  let compared = 0;
  for (let page = 0; page <= Math.ceil(own.length / 5) + 1; page++) {
    const got = store.buyerContracts(KEY, page, 5);
    expect(got).toEqual(buyerContracts(own, page, 5));
    compared += got.items.length;
  }
  return compared;
}

describe("/buyer's contracts on indexes (migration 019)", () => {
  it('give every page, count and first year that reading them all gives', () => {
    const w = radarWorld(NOW);
    const list = records();
    for (const c of list)
      w.notices.savePage(
        c.source,
        [buildNotice({ source: c.source, ocid: c.ocid, releaseId: c.releaseId })],
        {
          baseline: true,
        },
      );
    w.radar.store.saveIndexed(writesOf(list), [], null);
    expect(comparePages(w.radar.store, list)).toBeGreaterThan(20);
    const got = w.radar.store.buyerContracts(KEY, 0, 5);
    // In an area: 29 (4 in 5, less another buyer's 3); other fields: 4 watchlist-only, 2 reserved-only and 2
    // in no field the radar follows.
    expect(got.total).toBe(29);
    expect(got.other).toBe(8);
    expect(got.firstAwarded).toBe('2019-02-11T00:00:00Z');
    // Newest first, a tie in the order stored.
    expect(got.items.map((c) => c.awardedOn)).toEqual([
      '2025-06-03',
      '2025-06-03',
      '2025-06-03',
      '2025-06-03',
      '2025-06-03',
    ]);

    // Later writes: a contract leaves the areas, another's award date moves, one is gone.
    const [a, b, c] = list;
    if (!a || !b || !c) throw new Error('too few');
    const changed = [
      { ...a, areas: [] },
      { ...b, awardedOn: '2018-01-01' },
    ];
    w.radar.store.saveIndexed(
      [
        ...writesOf(changed),
        { source: c.source, ocid: c.ocid, buyer: null, buyerNotice: null, contract: null },
      ],
      [],
      null,
    );
    const after = [changed[0]!, changed[1]!, ...list.slice(3)];
    // Row order: the first two keep their rows (first stored), so they stay first.
    expect(comparePages(w.radar.store, after)).toBeGreaterThan(20);
    expect(w.radar.store.buyerContracts(KEY, 0, 5).firstAwarded).toBe('2018-01-01');
  });

  it('fills the award dates of the contracts already stored, with the same pages', () => {
    const { file, old } = databaseAtVersion(18);
    const list = records();
    insertOldContracts(old, list, { areas_json: (c) => JSON.stringify(c.areas), regions_json: () => '[]' });
    // The page reads a contract with its notice's row id (buttons): a notice row for each.
    const notice = old.prepare(`INSERT INTO notices (source, ocid, release_id, first_seen_at, updated_at,
      content_hash) VALUES (?, ?, ?, 1, 1, 'h')`);
    for (const c of list) notice.run(c.source, c.ocid, c.releaseId);
    old.close();
    const db = openDb(file);
    expect(
      comparePages(
        createSqliteRadarStore(db, () => NOW),
        list,
      ),
    ).toBeGreaterThan(20);
    db.close();
  });
});

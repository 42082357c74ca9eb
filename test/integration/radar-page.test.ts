import { describe, expect, it } from 'vitest';
import { NATIONWIDE } from '../../src/notices/regions.js';
import type { IndexedWrite } from '../../src/pipeline/ports.js';
import {
  addMonths,
  copyKey,
  endsWithin,
  toContractRecord,
  type ContractRecord,
} from '../../src/radar/contract.js';
import { upcoming } from '../../src/radar/plan.js';
import { openDb } from '../../src/store/db.js';
import { createSqliteRadarStore } from '../../src/store/radar-store.js';
import { buildNotice } from '../support/builders.js';
import { realMatch } from '../support/matcher.js';
import { databaseAtVersion } from '../support/old-db.js';
import { fixtureRelease, radarWorld, readNotice } from '../support/radar.js';

// /radar chooses its contracts on two indexes' few columns and reads only the page it shows whole (migration
// 017). These check every page against what reading every contract whole gives (radar/plan.ts upcoming), on
// copies of a real contract record varied in what the choice reads: ends inside and outside the window,
// extension limits, areas, watchlists, regions, the same contract on two feeds, an unknown buyer.
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
  // The same contract on the other feed, for every tenth: same buyer, title and end day, its own notice.
  const copies = list
    .filter((_, i) => i % 10 === 4)
    .map((c, k) => ({ ...c, source: 'cf', ocid: `ocds-test-copy-${k}`, releaseId: `r-copy-${k}` }));
  return [...list, ...copies];
}

/** The radar index's writes for these records, through the store's own writer. */
const writesOf = (list: ContractRecord[]): IndexedWrite[] =>
  list.map((c) => ({ source: c.source, ocid: c.ocid, buyer: null, buyerNotice: null, contract: c }));

const FILTERS = [
  { areas: [], regions: [], months: 18 },
  { areas: ['advocacy'], regions: [], months: 18 },
  { areas: ['payroll'], regions: ['London'], months: 6 },
  { areas: [], regions: ['North East'], months: 60 },
  { areas: ['bsl'], regions: [], months: 18 },
];

describe('/radar pages chosen on indexes (migration 017)', () => {
  it('give every page and count that reading every contract whole gives', () => {
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
    // Copies of one contract on two feeds are among them, and undated ones, as the choice must handle.
    const relevant = list.filter((c) => c.areas.length > 0 || c.watchlists.length > 0 || c.reserved);
    let compared = 0;
    for (const filter of FILTERS) {
      const expected = upcoming(relevant, { ...filter, now: NOW, all: false });
      const pages = Math.max(1, Math.ceil(expected.length / 5));
      for (let page = 0; page <= pages; page++) {
        const got = w.radar.queries.upcoming(filter, page, 5);
        const at = Math.min(page, pages - 1);
        expect(got.total).toBe(expected.length);
        expect(got.page).toBe(at);
        expect(got.items.map((item) => item.contract)).toEqual(expected.slice(at * 5, at * 5 + 5));
        compared += got.items.length;
      }
    }
    expect(compared).toBeGreaterThan(60);
    // Copies of one contract were in the window, and were shown once.
    const inWindow = relevant.filter((c) => c.areas.length > 0 && endsWithin(c, NOW, 18));
    const keys = inWindow.map(copyKey).filter((k) => k !== null);
    expect(new Set(keys).size).toBeLessThan(keys.length);
    expect(w.radar.queries.upcoming(FILTERS[0]!, 0, 5).total).toBeLessThan(inWindow.length);
  });

  it('fills the new columns of the contracts already stored, with the same choice', () => {
    const { file, old } = databaseAtVersion(16);
    const list = records();
    const ms = (d: string | null) => (d ? Date.parse(d) : null);
    const insert = old.prepare(`INSERT INTO contracts (source, ocid, buyer_key, buyer_id, end_at, extent_at,
      relevant, record_json, indexed_at, updated_at) VALUES (?, ?, ?, NULL, ?, ?, ?, ?, 1, 1)`);
    for (const c of list) {
      const relevant = c.areas.length > 0 || c.watchlists.length > 0 || c.reserved ? 1 : 0;
      insert.run(c.source, c.ocid, c.buyer.key, ms(c.end), ms(c.maxExtent), relevant, JSON.stringify(c));
    }
    old.close();
    const db = openDb(file);
    const store = createSqliteRadarStore(db, () => NOW);
    const relevant = list.filter((c) => c.areas.length > 0 || c.watchlists.length > 0 || c.reserved);
    for (const filter of FILTERS) {
      const views = store.upcomingViews(NOW, addMonths(NOW, filter.months));
      const chosen = upcoming(views, { ...filter, now: NOW, all: false });
      const expected = upcoming(relevant, { ...filter, now: NOW, all: false });
      expect(chosen.map((v) => list[v.rowId - 1]?.ocid)).toEqual(expected.map((c) => c.ocid));
    }
    db.close();
  });
});

import { describe, expect, it } from 'vitest';
import { indexContracts } from '../../src/pipeline/radar-index.js';
import { buyerProfile } from '../../src/radar/buyer.js';
import { buyerSummary } from '../../src/radar/buyer-text.js';
import { createSqliteRadarStore } from '../../src/store/radar-store.js';
import { deliveryWorld } from '../support/delivery.js';
import {
  dorsetAdvocacyAwardRaw,
  dorsetPinRaw,
  fixtureRelease,
  ftsPageRelease,
  readNotice,
} from '../support/radar.js';

// The radar index over a real in-memory database: recorded notices stored as a poll stores them, then
// indexed.

function world(at = Date.parse('2023-08-01T09:00:00Z')) {
  const w = deliveryWorld(at);
  const radar = createSqliteRadarStore(w.db, w.clock.now);
  const index = () => indexContracts({ store: radar, log: w.log, batchSize: 2 });
  return { ...w, radar, index };
}

/** Two real contract notices (Lancaster's, an award), a tender and a planning notice. */
const twoContractsTwoNot = () => [
  readNotice(fixtureRelease('fts/fts-uk7-contract-028961-2025.json')),
  readNotice(fixtureRelease('fts/fts-uk6-award-029664-2025.json')),
  readNotice(fixtureRelease('fts/fts-member-083563-2026-UK4-tender-5lots.json')),
  readNotice(ftsPageRelease('083664-2026')),
];

describe('contract records are kept from the stored notices', () => {
  it('every award and contract notice becomes one contract; tenders and planning notices do not', async () => {
    const w = world();
    w.ingest(twoContractsTwoNot());
    const summary = await w.index();
    expect(summary).toMatchObject({ notices: 4, contracts: 2 });
    expect(w.radar.countContracts()).toBe(2);
    const lancaster = w.radar.contract('fts', 'ocds-h6vhtk-052a2e');
    expect(lancaster?.contract.suppliers.map((s) => s.name)).toEqual(['Integrated Skills Limited']);
    expect(w.radar.findBuyers('lanc').map((b) => b.name)).toEqual(['Lancaster City Council']);
  });

  it('stops between batches at shutdown, and the next run indexes the rest once', async () => {
    const w = world();
    w.ingest(twoContractsTwoNot());
    const controller = new AbortController();
    // Aborted while the first batch of two is written: the run ends after it.
    const first = await indexContracts({
      store: w.radar,
      log: w.log,
      batchSize: 2,
      signal: controller.signal,
      onProgress: () => controller.abort(),
    });
    expect(first.notices).toBe(2);
    const alreadyAborted = await indexContracts({ store: w.radar, log: w.log, signal: controller.signal });
    expect(alreadyAborted.notices).toBe(0);
    expect((await w.index()).notices).toBe(2);
    expect((await w.index()).notices).toBe(0);
    expect(w.radar.countContracts()).toBe(2);
  });

  it('reads a change stored in the same millisecond as the last notice it read, or with the clock set back', async () => {
    const w = world();
    const award = readNotice(fixtureRelease('fts/fts-uk7-contract-028961-2025.json'));
    w.ingest([award, readNotice(fixtureRelease('fts/fts-uk6-award-029664-2025.json'))]);
    expect((await w.index()).notices).toBe(2);
    // The clock has not moved: the change to the first (older) notice must still be read.
    w.ingest([readNotice({ ...ftsPageRelease('083674-2026'), ocid: award.ocid })]);
    expect((await w.index()).notices).toBe(1);
    expect(w.radar.contract('fts', award.ocid)?.contract.end).toBe('2026-08-21T22:59:59Z');
    w.clock.advance(-3_600_000);
    const tender = readNotice(fixtureRelease('fts/fts-member-083563-2026-UK4-tender-5lots.json'));
    w.ingest([tender]);
    expect((await w.index()).notices).toBe(1);
    expect((await w.index()).notices).toBe(0);
    // Only the order of changes is kept ahead of the clock: what a person reads (first seen) is the clock's.
    const times = w.db
      .prepare(
        'SELECT first_seen_at, updated_at, (SELECT MAX(updated_at) FROM notices) AS latest FROM notices WHERE ocid = ?',
      )
      .get(tender.ocid) as { first_seen_at: number; updated_at: number; latest: number };
    expect(times.first_seen_at).toBe(w.clock.now());
    expect(times.updated_at).toBe(times.latest);
    expect(times.updated_at).toBeGreaterThan(w.clock.now());
  });

  it('a release older than the stored one, stored after indexing, is read into the contract as a rebuild would', async () => {
    // After both notices' dates, so that their order is their publication dates'.
    const w = world(Date.parse('2026-09-10T09:00:00Z'));
    const award = readNotice(fixtureRelease('fts/fts-uk7-contract-028961-2025.json'));
    // A backfill: the later change notice is stored and indexed first, then the award it changes.
    w.ingest([readNotice({ ...ftsPageRelease('083674-2026'), ocid: award.ocid })]);
    await w.index();
    expect(w.radar.contract('fts', award.ocid)?.contract.history).toEqual([]);
    w.clock.advance(60_000);
    expect(w.ingest([award]).map((s) => s.outcome)).toEqual(['older']);
    expect((await w.index()).notices).toBe(1);
    const incremental = w.radar.contract('fts', award.ocid)?.contract;
    expect(incremental?.history.map((e) => [e.releaseId, e.kind])).toEqual([['083674-2026', 'modified']]);
    w.db.exec('DELETE FROM radar_index; DELETE FROM contracts');
    await w.index();
    expect(w.radar.contract('fts', award.ocid)?.contract).toEqual(incremental);
  });

  it('resumes where it stopped: a second run reads nothing, a new release is read once', async () => {
    const w = world();
    const award = readNotice(fixtureRelease('fts/fts-uk7-contract-028961-2025.json'));
    w.ingest([award]);
    expect((await w.index()).notices).toBe(1);
    expect((await w.index()).notices).toBe(0);
    // The real UK10 change notice, read as a change to Lancaster's contract (see contract.test.ts).
    w.clock.advance(60_000);
    w.ingest([readNotice({ ...ftsPageRelease('083674-2026'), ocid: award.ocid })]);
    expect((await w.index()).notices).toBe(1);
    const record = w.radar.contract('fts', award.ocid)?.contract;
    expect(record?.end).toBe('2026-08-21T22:59:59Z');
    expect(record?.maxExtent).toBe('2026-12-31T23:59:59Z');
    expect(record?.history.map((e) => [e.releaseId, e.kind])).toEqual([['083674-2026', 'modified']]);
    expect(record?.suppliers.map((s) => s.name)).toEqual(['Integrated Skills Limited']);
  });

  it("reads a process's releases again only when it has more than one", async () => {
    const w = world();
    const reads: string[] = [];
    const store = {
      ...w.radar,
      releasesOf: (source: string, ocid: string) => {
        reads.push(ocid);
        return w.radar.releasesOf(source, ocid);
      },
    };
    const index = () => indexContracts({ store, log: w.log });
    const award = readNotice(fixtureRelease('fts/fts-uk7-contract-028961-2025.json'));
    w.ingest([award]);
    await index();
    // Its one release is the notice the index has just read: the same record, no second read.
    expect(reads).toEqual([]);
    expect(w.radar.contract('fts', award.ocid)?.contract.history).toEqual([]);
    w.clock.advance(60_000);
    w.ingest([readNotice({ ...ftsPageRelease('083674-2026'), ocid: award.ocid })]);
    await index();
    expect(reads).toEqual([award.ocid]);
    expect(w.radar.contract('fts', award.ocid)?.contract.history.map((e) => e.kind)).toEqual(['modified']);
  });
});

describe('re-procurement links, whichever notice is stored first', () => {
  it('an engagement notice stored after the contract links to it', async () => {
    const w = world();
    w.ingest([readNotice(dorsetAdvocacyAwardRaw())]);
    w.clock.advance(60_000);
    w.ingest([readNotice(dorsetPinRaw())]);
    expect((await w.index()).links).toBe(1);
    expect(w.radar.replacedBy('fts', 'ocds-h6vhtk-03e4e0')?.contract.ocid).toBe(
      'ocds-h6vhtk-test-dorset-advocacy',
    );
    expect(w.radar.successorsOf('fts', 'ocds-h6vhtk-test-dorset-advocacy')).toEqual([
      { source: 'fts', ocid: 'ocds-h6vhtk-03e4e0' },
    ]);
  });

  it('a contract stored after the engagement notice (a backfill) is linked when it arrives', async () => {
    const w = world();
    w.ingest([readNotice(dorsetPinRaw())]);
    await w.index();
    expect(w.radar.replacedBy('fts', 'ocds-h6vhtk-03e4e0')).toBeNull();
    w.clock.advance(60_000);
    w.ingest([readNotice(dorsetAdvocacyAwardRaw())]);
    expect((await w.index()).links).toBe(1);
    expect(w.radar.replacedBy('fts', 'ocds-h6vhtk-03e4e0')?.contract.buyer.name).toBe('Dorset Council');
  });

  it("a buyer's 500 irrelevant contracts do not hide its relevant one from the link", async () => {
    const w = world();
    // A real contract notice in no service area (Lancaster's, from the recorded page), refiled 501 times
    // under Dorset Council, stored before Dorset's advocacy contract: the buyer's first 501 contracts by row.
    const base = fixtureRelease('fts/fts-uk7-contract-028961-2025.json');
    const fillers = Array.from({ length: 501 }, (_, i) =>
      readNotice({
        ...base,
        ocid: `ocds-h6vhtk-test-filler-${i}`,
        id: `test-filler-${i}`,
        buyer: { name: 'Dorset Council' },
        parties: [{ name: 'Dorset Council', roles: ['buyer'] }],
      }),
    );
    for (let i = 0; i < fillers.length; i += 100) w.ingest(fillers.slice(i, i + 100));
    w.clock.advance(60_000);
    w.ingest([readNotice(dorsetAdvocacyAwardRaw())]);
    w.clock.advance(60_000);
    w.ingest([readNotice(dorsetPinRaw())]);
    await w.index();
    const filler = w.radar.contract('fts', 'ocds-h6vhtk-test-filler-0')?.contract;
    expect(filler?.buyer.name).toBe('Dorset Council');
    expect(filler?.areas).toEqual([]);
    expect(w.radar.countContracts()).toBe(502);
    expect(w.radar.replacedBy('fts', 'ocds-h6vhtk-03e4e0')?.contract.ocid).toBe(
      'ocds-h6vhtk-test-dorset-advocacy',
    );
    // /buyer too: the advocacy contract listed, the 501 counted in other fields, not read.
    const contracts = w.radar.buyerContracts('dorset', 0, 5);
    expect(contracts.items.map((c) => c.ocid)).toEqual(['ocds-h6vhtk-test-dorset-advocacy']);
    expect(contracts).toMatchObject({ total: 1, other: 501 });
  });

  it('a notice giving its buyer an identifier links by it, after one of the same name gave none', async () => {
    const w = world();
    // The old contract filed under another name of the same organisation, with its identifier.
    const buyer = { id: 'GB-PPON-TEST-DORSET', name: 'Dorset Council Commissioning Team' };
    w.ingest([readNotice({ ...dorsetAdvocacyAwardRaw(), buyer, parties: [{ ...buyer, roles: ['buyer'] }] })]);
    await w.index();
    w.clock.advance(60_000);
    // In one batch: the PIN without an identifier (a copy), then the PIN giving the identifier.
    const pin = dorsetPinRaw();
    const named = { id: 'GB-PPON-TEST-DORSET', name: 'Dorset Council' };
    w.ingest([
      readNotice({ ...pin, ocid: 'ocds-h6vhtk-test-pin-copy', id: 'test-pin-copy' }),
      readNotice({ ...pin, buyer: named, parties: [{ ...named, roles: ['buyer'] }] }),
    ]);
    await w.index();
    expect(w.radar.replacedBy('fts', 'ocds-h6vhtk-03e4e0')?.contract.ocid).toBe(
      'ocds-h6vhtk-test-dorset-advocacy',
    );
    expect(w.radar.replacedBy('fts', 'ocds-h6vhtk-test-pin-copy')).toBeNull();
  });

  it('a contract stored after a notice giving the same buyer identifier under another name is linked to it', async () => {
    const w = world();
    const named = { id: 'GB-PPON-TEST-DORSET', name: 'Dorset Council' };
    w.ingest([readNotice({ ...dorsetPinRaw(), buyer: named, parties: [{ ...named, roles: ['buyer'] }] })]);
    await w.index();
    expect(w.radar.replacedBy('fts', 'ocds-h6vhtk-03e4e0')).toBeNull();
    w.clock.advance(60_000);
    // The old contract arrives later (a backfill), filed under another name with the same identifier.
    const buyer = { id: 'GB-PPON-TEST-DORSET', name: 'Dorset Council Commissioning Team' };
    w.ingest([readNotice({ ...dorsetAdvocacyAwardRaw(), buyer, parties: [{ ...buyer, roles: ['buyer'] }] })]);
    await w.index();
    expect(w.radar.replacedBy('fts', 'ocds-h6vhtk-03e4e0')?.contract.ocid).toBe(
      'ocds-h6vhtk-test-dorset-advocacy',
    );
  });

  it("/buyer's facts: the buyer's notices and its contracts", async () => {
    const w = world();
    w.ingest([readNotice(dorsetAdvocacyAwardRaw()), readNotice(dorsetPinRaw())]);
    await w.index();
    expect(w.radar.buyer('dorset')).toMatchObject({ name: 'Dorset Council', notices: 2 });
    const facts = w.radar.buyerFacts('dorset', w.clock.now());
    expect(facts.noticeCount).toBe(2);
    // Both are in an area: the award a contract, the PIN (published a week before) early engagement.
    expect(facts.early).toEqual({
      total: 1,
      first: [expect.objectContaining({ ocid: 'ocds-h6vhtk-03e4e0' })],
    });
    expect(facts.open.total).toBe(0);
    expect(w.radar.buyerContracts('dorset', 0, 5).items.map((c) => c.areas)).toEqual([['advocacy']]);
  });

  it("/buyer counts a buyer's contracts in no service area as in other fields", async () => {
    const w = world();
    // Lancaster's real contract notice (in no area) refiled under Dorset Council, beside Dorset's advocacy
    // contract: the link look-up reads only relevant contracts, /buyer reads every kind.
    w.ingest([
      readNotice({
        ...fixtureRelease('fts/fts-uk7-contract-028961-2025.json'),
        ocid: 'ocds-h6vhtk-test-filler-0',
        id: 'test-filler-0',
        buyer: { name: 'Dorset Council' },
        parties: [{ name: 'Dorset Council', roles: ['buyer'] }],
      }),
      readNotice(dorsetAdvocacyAwardRaw()),
    ]);
    await w.index();
    const profile = buyerProfile(
      'Dorset Council',
      w.radar.buyerContracts('dorset', 0, 5),
      w.radar.buyerFacts('dorset', w.clock.now()),
    );
    expect(profile.areaContracts.items.map((c) => c.ocid)).toEqual(['ocds-h6vhtk-test-dorset-advocacy']);
    expect(profile.areaContracts.other).toBe(1);
    expect(buyerSummary(profile, w.clock.now()).join('\n')).toContain('(and 1 in other fields)');
  });
});

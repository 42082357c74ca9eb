import { describe, expect, it } from 'vitest';
import type { Notice } from '../../src/notices/notice.js';
import { indexContracts } from '../../src/pipeline/radar-index.js';
import { buyerFacts, toBuyerNotice, type BuyerNotice } from '../../src/radar/buyer.js';
import { openDb } from '../../src/store/db.js';
import { createSqliteRadarStore } from '../../src/store/radar-store.js';
import { deliveryWorld } from '../support/delivery.js';
import { fixtureRelease, fixtureText } from '../support/fixtures.js';
import { realMatch } from '../support/matcher.js';
import { databaseAtVersion } from '../support/old-db.js';
import { readNotice } from '../support/radar.js';

// /buyer reads its buyer's counts, open opportunities, early engagement and newest contact points on indexes
// (migrations 016, 019), not by reading every notice the buyer published. These check that what it reads is
// what reading them all gives (buyerFacts), on real notices: the 52 labelled dev notices and the two recorded
// FTS pages, all refiled under one buyer with their own contact points, and copies of one varied in what the
// choice reads.
const DORSET = { name: 'Dorset Council', key: 'dorset' };
const WILTS = { name: 'Wiltshire Council', key: 'wiltshire', id: null };
const NOW = Date.parse('2026-09-10T09:00:00Z');
const DAY = 86_400_000;

function realNotices(): Notice[] {
  const labelled = fixtureText('labels/dev-releases.jsonl')
    .split('\n')
    .filter((line) => line.trim())
    .map((line) => readNotice(JSON.parse(line)));
  const pages = ['fts/fts-page-2026-09-03-p001.json', 'fts/fts-page-2026-09-03-p002.json'].flatMap((file) =>
    (JSON.parse(fixtureText(file)) as { releases: unknown[] }).releases.map(readNotice),
  );
  const award = readNotice(fixtureRelease('fts/fts-pcr-award-celex24-029615-2025.json'));
  return [...labelled, ...pages, award].map((n) => ({ ...n, buyer: { ...n.buyer, name: DORSET.name } }));
}

/**
 * Facts the recorded notices lack, on copies of a real one: reserved notices, one contact point on notices of
 * several dates (older, newer, a tie, undated) under different names, and ties between contact points at the
 * top and at the third place shown.
 */
function edgeFacts(base: BuyerNotice): BuyerNotice[] {
  const at = (ocid: string, published: string | null, email: string, name: string, extra = {}) => ({
    ...base,
    ocid,
    published,
    contact: { name, email, telephone: null, url: null },
    ...extra,
  });
  return [
    at('edge-1', '2029-01-01T00:00:00Z', 'shared@example.org', 'Old name', { reserved: true }),
    at('edge-2', '2030-05-01T00:00:00Z', 'shared@example.org', 'New name A', { reserved: true, vcse: true }),
    at('edge-3', '2030-05-01T00:00:00Z', 'shared@example.org', 'New name B'),
    at('edge-4', null, 'shared@example.org', 'Undated name', { reserved: true }),
    at('edge-5', '2031-01-01T00:00:00Z', 'tie1@example.org', 'Tie one'),
    at('edge-6', '2031-01-01T00:00:00Z', 'tie2@example.org', 'Tie two'),
    at('edge-7', '2030-12-01T00:00:00Z', 'third@example.org', 'Third, stored first'),
    at('edge-8', '2030-12-01T00:00:00Z', 'fourth@example.org', 'Third, stored later'),
  ];
}

/**
 * Open opportunities and early engagement on either side of now, with more than are shown: tenders whose
 * deadline is ahead, past, not a date or unknown, one in no service area; planning notices ahead by their
 * engagement deadline or expected tender, published within the year or before it, undated, tied.
 */
function choiceFacts(base: BuyerNotice): BuyerNotice[] {
  const iso = (days: number) => new Date(NOW + days * DAY).toISOString();
  const of = (ocid: string, extra: Partial<BuyerNotice>): BuyerNotice => ({
    ...base,
    ocid,
    areas: ['advocacy'],
    deadline: null,
    engagementDeadline: null,
    expectedTender: null,
    published: iso(-800),
    ...extra,
  });
  return [
    ...[5, -5, 30, 1, 90].map((d, i) => of(`open-${i}`, { stage: 'tender', deadline: iso(d) })),
    of('open-no-date', { stage: 'tender', deadline: 'next spring' }),
    of('open-unknown', { stage: 'tender', deadline: null }),
    of('open-no-area', { stage: 'tender', deadline: iso(10), areas: [] }),
    of('early-engage', { stage: 'planning', engagementDeadline: iso(20) }),
    of('early-engage-past', { stage: 'planning', engagementDeadline: iso(-20) }),
    of('early-expected', { stage: 'planning', expectedTender: iso(200), published: iso(-100) }),
    of('early-recent', { stage: 'planning', published: iso(-300) }),
    of('early-tie', { stage: 'planning', published: iso(-300) }),
    of('early-old', { stage: 'planning', published: iso(-400) }),
    of('early-undated', { stage: 'planning', published: null, expectedTender: iso(3) }),
    of('early-no-area', { stage: 'planning', published: iso(-1), areas: [] }),
  ];
}

describe("/buyer's facts on indexes (migrations 016, 019)", () => {
  it("are the facts of all the buyer's notices, as the radar indexes them", async () => {
    const w = deliveryWorld(Date.parse('2026-09-10T09:00:00Z'));
    const notices = realNotices();
    w.ingest(notices);
    const radar = createSqliteRadarStore(w.db, w.clock.now);
    await indexContracts({ store: radar, log: w.log, batchSize: 50 });
    const all = notices.map((n) => toBuyerNotice(n, realMatch(n)));
    const first = all[0];
    if (!first) throw new Error('no notices');
    const edges = [...edgeFacts(first), ...choiceFacts(first)];
    radar.saveIndexed(
      edges.map((f) => ({
        source: f.source,
        ocid: f.ocid,
        buyer: { ...DORSET, id: null },
        buyerNotice: f,
        contract: null,
      })),
      [],
      null,
    );
    all.push(...edges);
    const facts = radar.buyerFacts(DORSET.key, NOW);
    expect(facts).toEqual(buyerFacts(all, NOW));
    expect(facts.contacts.map((n) => n.contact?.name)).toEqual(['Tie two', 'Tie one', 'Third, stored later']);
    expect(facts.reservedCount).toBe(3);
    // The open and early ones among the real notices and the edge copies, and among the choice's copies.
    const before = buyerFacts(all.slice(0, notices.length + edgeFacts(first).length), NOW);
    expect(facts.open.total).toBe(before.open.total + 4);
    expect(facts.early.total).toBe(before.early.total + 5);
    // The copies alone, under another buyer: the first open in the order stored; early newest first, a tie in
    // the order stored, the undated last.
    const alone = choiceFacts(first).map((f) => ({ ...f, ocid: `wilts-${f.ocid}` }));
    radar.saveIndexed(
      alone.map((f) => ({ source: f.source, ocid: f.ocid, buyer: WILTS, buyerNotice: f, contract: null })),
      [],
      null,
    );
    const wilts = radar.buyerFacts(WILTS.key, NOW);
    expect(wilts).toEqual(buyerFacts(alone, NOW));
    expect(wilts.open.total).toBe(4);
    expect(wilts.open.first.map((n) => n.ocid)).toEqual(['wilts-open-0', 'wilts-open-2', 'wilts-open-3']);
    expect(wilts.early.total).toBe(5);
    expect(wilts.early.first.map((n) => n.ocid)).toEqual([
      'wilts-early-expected',
      'wilts-early-recent',
      'wilts-early-tie',
    ]);
    // Real facts to compare, not empty ones: VCSE marks, several contact points.
    expect(facts.noticeCount).toBe(notices.length + edges.length);
    expect(facts.vcseCount).toBeGreaterThan(0);
    expect(facts.contacts).toHaveLength(3);
  });

  it('fills the new columns from the facts already stored, with the same answers', () => {
    const { file, old } = databaseAtVersion(15);
    const all: BuyerNotice[] = realNotices().map((n) => toBuyerNotice(n, realMatch(n)));
    // A contact point with no email but a name, and one with nothing to show: the rule's edges.
    const first = all[0];
    if (!first) throw new Error('no notices');
    all.push(
      { ...first, ocid: 'ocds-test-named', published: '2032-01-01T00:00:00Z', contact: named('Pat Lee') },
      { ...first, ocid: 'ocds-test-empty', published: '2032-02-01T00:00:00Z', contact: named('') },
      ...edgeFacts(first),
      ...choiceFacts(first),
    );
    const insert =
      old.prepare(`INSERT INTO buyer_notices (source, ocid, buyer_key, buyer_id, stage, facts_json,
      updated_at) VALUES (?, ?, ?, NULL, ?, ?, 1000)`);
    for (const n of all) insert.run(n.source, n.ocid, DORSET.key, n.stage, JSON.stringify(n));
    old.close();

    const db = openDb(file);
    const radar = createSqliteRadarStore(db, () => NOW);
    const facts = radar.buyerFacts(DORSET.key, NOW);
    expect(facts).toEqual(buyerFacts(all, NOW));
    expect(facts.open.total).toBeGreaterThan(3);
    expect(facts.early.total).toBeGreaterThan(5);
    // The named contact point is the newest; the empty one is none; then the later of the two tied.
    expect(facts.contacts.map((n) => n.contact?.name)).toEqual(['Pat Lee', 'Tie two', 'Tie one']);
    expect(facts.reservedCount).toBe(3);
    expect(facts.noticeCount).toBe(all.length);
    db.close();
  });

  it('a buyer with no notices has none of anything', () => {
    const db = openDb(':memory:');
    expect(createSqliteRadarStore(db, () => 1).buyerFacts('nobody', NOW)).toEqual({
      noticeCount: 0,
      reservedCount: 0,
      vcseCount: 0,
      open: { total: 0, first: [] },
      early: { total: 0, first: [] },
      contacts: [],
    });
  });
});

function named(name: string) {
  return { name, email: null, telephone: null, url: null };
}

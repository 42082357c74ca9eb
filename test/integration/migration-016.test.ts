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

// /buyer reads its buyer's counts, notices in a service area and newest contact points on indexes (migration
// 016), not by reading every notice the buyer published. These check that what it reads is what reading them
// all gives (buyerFacts), on real notices: the 52 labelled dev notices and the two recorded FTS pages, all
// refiled under one buyer with their own contact points.
const DORSET = { name: 'Dorset Council', key: 'dorset' };

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

describe("/buyer's facts on indexes (migration 016)", () => {
  it("are the facts of all the buyer's notices, as the radar indexes them", async () => {
    const w = deliveryWorld(Date.parse('2026-09-10T09:00:00Z'));
    const notices = realNotices();
    w.ingest(notices);
    const radar = createSqliteRadarStore(w.db, w.clock.now);
    await indexContracts({ store: radar, log: w.log, batchSize: 50 });
    const all = notices.map((n) => toBuyerNotice(n, realMatch(n)));
    const first = all[0];
    if (!first) throw new Error('no notices');
    const edges = edgeFacts(first);
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
    const facts = radar.buyerFacts(DORSET.key);
    expect(facts).toEqual(buyerFacts(all));
    expect(facts.contacts.map((n) => n.contact?.name)).toEqual(['Tie two', 'Tie one', 'Third, stored later']);
    expect(facts.reservedCount).toBe(3);
    // Real facts to compare, not empty ones: notices in the areas, VCSE marks, several contact points.
    expect(facts.noticeCount).toBe(notices.length + edges.length);
    expect(facts.relevant.length).toBeGreaterThan(10);
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
    );
    const insert =
      old.prepare(`INSERT INTO buyer_notices (source, ocid, buyer_key, buyer_id, stage, facts_json,
      updated_at) VALUES (?, ?, ?, NULL, ?, ?, 1000)`);
    for (const n of all) insert.run(n.source, n.ocid, DORSET.key, n.stage, JSON.stringify(n));
    old.close();

    const db = openDb(file);
    const radar = createSqliteRadarStore(db, () => 2000);
    const facts = radar.buyerFacts(DORSET.key);
    expect(facts).toEqual(buyerFacts(all));
    // The named contact point is the newest; the empty one is none; then the later of the two tied.
    expect(facts.contacts.map((n) => n.contact?.name)).toEqual(['Pat Lee', 'Tie two', 'Tie one']);
    expect(facts.reservedCount).toBe(3);
    expect(facts.noticeCount).toBe(all.length);
    db.close();
  });

  it('a buyer with no notices has none of anything', () => {
    const db = openDb(':memory:');
    expect(createSqliteRadarStore(db, () => 1).buyerFacts('nobody')).toEqual({
      noticeCount: 0,
      reservedCount: 0,
      vcseCount: 0,
      relevant: [],
      contacts: [],
    });
  });
});

function named(name: string) {
  return { name, email: null, telephone: null, url: null };
}

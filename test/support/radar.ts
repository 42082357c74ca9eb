import { toNotice } from '../../src/notices/normalise.js';
import type { Notice } from '../../src/notices/notice.js';
import { profileOfRaw } from '../../src/sources/registry.js';
import { createRadar } from '../../src/radar-wiring.js';
import { createSqliteBidderStore } from '../../src/store/bidder-store.js';
import { createSqliteQueries } from '../../src/store/query-store.js';
import { deliveryWorld } from './delivery.js';
import { fixtureJson, fixtureRelease, fixtureText } from './fixtures.js';

// Recorded notices for the radar's tests. The recordings hold no real pair of one buyer's award and its later
// engagement notice in the same area, so `dorsetAdvocacyAward` makes the link explicit: the real
// Worcestershire advocacy award notice (labelled dev notice page-122), given Dorset Council as its buyer, a
// named supplier and the end date that Dorset's real market-engagement notice (page-099) states for its
// current contract.

/** A raw release read as Tender Nudge reads it. */
export function readNotice(raw: unknown): Notice {
  const result = toNotice(raw, profileOfRaw(raw));
  if (!result.ok) throw new Error(result.reason);
  return result.notice;
}

/** One labelled notice from test/fixtures/labels/dev-releases.jsonl, raw. */
export function labelledRelease(id: string): any {
  const found = fixtureText('labels/dev-releases.jsonl')
    .split('\n')
    .filter((line) => line.trim())
    .map((line) => JSON.parse(line))
    .find((r) => r.id === id);
  if (!found) throw new Error(`no labelled release ${id}`);
  return found;
}

/** The real Dorset Council PIN (market engagement for children's advocacy), as a Find a Tender release. */
export function dorsetPinRaw(): any {
  return labelledRelease('page-099');
}

/** The explicit old contract for the Dorset PIN (see the header): ends 31 July 2024, as the PIN says. */
export function dorsetAdvocacyAwardRaw(): any {
  return {
    ...labelledRelease('page-122'),
    ocid: 'ocds-h6vhtk-test-dorset-advocacy',
    id: 'test-dorset-advocacy-award',
    buyer: { name: 'Dorset Council' },
    parties: [{ name: 'Dorset Council', roles: ['buyer'] }],
    date: '2020-06-01',
    awards: [
      {
        id: '1',
        status: 'active',
        suppliers: [{ name: 'Advocacy Partners (example supplier)' }],
        contractPeriod: { startDate: '2020-08-01T00:00:00+01:00', endDate: '2024-07-31T23:59:59+01:00' },
      },
    ],
  };
}

/** A release from the recorded FTS page of 3 Sep 2026 by its id. */
export function ftsPageRelease(id: string): any {
  const found = (fixtureJson('fts/fts-page-2026-09-03-p001.json').releases as any[]).find((r) => r.id === id);
  if (!found) throw new Error(`no release ${id}`);
  return found;
}

export { fixtureRelease };

/** A delivery world with the radar wired over it as main.ts wires it (18 months, 5 a day). */
export function radarWorld(start: number, options: { dailyLimit?: number } = {}) {
  const w = deliveryWorld(start);
  const queries = createSqliteQueries(w.db, w.clock.now);
  const bidders = createSqliteBidderStore(w.db, queries, w.clock.now);
  const radar = createRadar({
    db: w.db,
    subscriptions: w.subscriptions,
    notices: queries,
    dms: bidders,
    clock: w.clock,
    log: w.log,
    leadMonths: 18,
    dailyLimit: options.dailyLimit ?? 5,
    areaLabel: (id) => id,
  });
  // The worker's delivery with the radar's hooks, as main.ts wires it.
  const makeDelivery: typeof w.makeDelivery = (overrides = {}) => w.makeDelivery({ radar, ...overrides });
  const { delivery, outbox } = makeDelivery();
  return { ...w, queries, bidders, radar, delivery, outbox, makeDelivery };
}

import { PROFILES } from '../src/sources/registry.js';
import { mkdtempSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import { createAreaMatcher } from '../src/app.js';
import { toNotice } from '../src/notices/normalise.js';
import { openDb, type Db } from '../src/store/db.js';
import { createSqliteOutboxStore } from '../src/store/outbox-store.js';
import { createSqliteQueries } from '../src/store/query-store.js';
import { createSqliteSubscriptionStore } from '../src/store/delivery-store.js';
import { createSqliteRadarStore } from '../src/store/radar-store.js';
import { createRadar } from '../src/radar-wiring.js';
import { toBuyerNotice } from '../src/radar/buyer.js';
import { buyerKey, toContractRecord, type ContractRecord } from '../src/radar/contract.js';
import type { IndexedWrite } from '../src/pipeline/ports.js';
import type { Notice } from '../src/notices/notice.js';
import { notice } from './discord-load.js';
import { generateRelease, loadTemplates } from './templates.js';

export interface ScaleQuery {
  name: string;
  /** Median milliseconds at the first checkpoint (100,000 or N if smaller) and at N. */
  atFirst: number;
  atN: number;
}

export interface ScaleFigures {
  first: number;
  n: number;
  bytes: number;
  buildSeconds: number;
  /** Share of the stored notices matched to an area (what /recent lists). */
  matchedShare: number;
  queries: ScaleQuery[];
}

const DAY = 86_400_000;
const SUBSCRIPTIONS = 50;
const NOW = Date.parse('2026-12-02T12:00:00Z');
const silent = () => {};

/**
 * Writes `count` notices from `from` on, shaped like the recorded fixtures (their JSON and match verdicts,
 * varied ids), with what a year of use leaves around them: a sent outbox row per notice, poll runs and
 * feedback. Raw inserts (the indexes of the migrations still run; notice_areas written as the store writes
 * it): this builds a store, it does not time ingest.
 */
function fill(db: Db, from: number, count: number, span: number, samples: Sample[]): void {
  const notice = db.prepare(`INSERT INTO notices (source, ocid, release_id, release_date, content_hash,
    match_json, first_seen_at, updated_at) VALUES (?, ?, ?, NULL, 'h', ?, ?, ?)`);
  // notice_areas as the notice store keeps it (migration 013 dropped the triggers that did).
  const areas = db.prepare(`INSERT OR IGNORE INTO notice_areas (area, updated_at, notice_rowid)
    SELECT json_extract(a.value, '$.rule'), @at, @rowid FROM json_each(@match, '$.areas') a
    WHERE json_extract(a.value, '$.rule') IS NOT NULL`);
  const release = db.prepare(`INSERT INTO releases (source, release_id, ocid, content_hash, notice_json,
    fetched_at) VALUES (?, ?, ?, 'h', ?, ?)`);
  const outbox = db.prepare(`INSERT INTO outbox (subscription_id, source, ocid, release_id, kind, status,
    nonce, next_attempt_at, created_at, sent_at, message_id)
    VALUES (?, ?, ?, ?, 'new', 'sent', 'n', ?, ?, ?, 'm')`);
  const run = db.prepare(`INSERT INTO poll_runs (source, kind, started_at, ended_at, requests, seen, new,
    updated, unchanged, skipped, errors) VALUES (?, 'poll', ?, ?, 1, 100, 10, 1, 89, 0, ?)`);
  const feedback = db.prepare(`INSERT OR IGNORE INTO feedback (guild_id, user_id, source, ocid, action,
    created_at) VALUES (?, ?, ?, ?, 'interested', ?)`);
  const tx = db.transaction((start: number, end: number) => {
    for (let i = start; i < end; i++) {
      // One in 20 matches an area (the recorded pages match fewer; /recent needs some to list).
      const s = i % 20 === 0 ? samples[0] : samples[1 + (i % (samples.length - 1))];
      if (!s) continue;
      // Time runs forward with i, the last one now, so "the last 30 days" is a realistic slice.
      const at = timeOf(i, span);
      const ids = idsOf(i);
      const rowid = Number(notice.run(s.source, ids.ocid, ids.releaseId, s.match, at, at).lastInsertRowid);
      areas.run({ at, rowid, match: s.match });
      release.run(s.source, ids.releaseId, ids.ocid, s.json.replace(s.releaseId, ids.releaseId), at);
      outbox.run((i % SUBSCRIPTIONS) + 1, s.source, ids.ocid, ids.releaseId, at, at, at);
      if (i % 100 === 0) run.run(['fts', 'cf', 'pcs'][i % 3], at, at + 5_000, i % 700 === 0 ? '["x"]' : '[]');
      if (i % 50 === 0) feedback.run(`g${i % 7}`, `u${i % 997}`, s.source, ids.ocid, at);
    }
  });
  // The radar index as the product writes it (its own store, a batch of 10,000 a transaction).
  const radar = createSqliteRadarStore(db, () => NOW);
  for (let start = from; start < from + count; start += 10_000) {
    tx(start, Math.min(from + count, start + 10_000));
    const writes: IndexedWrite[] = [];
    for (let i = start; i < Math.min(from + count, start + 10_000); i++) {
      const s = i % 20 === 0 ? samples[0] : samples[1 + (i % (samples.length - 1))];
      if (s) writes.push(radarWrite(i, s, timeOf(i, span)));
    }
    radar.saveIndexed(writes, [], null);
  }
}

/**
 * The large buyer /buyer is timed on: one notice in a hundred is its, and one in 2,000 besides, in a service
 * area (so about 1 in 20 of its notices is in an area, and those are contracts).
 */
const LARGE_BUYER = 'Kent County Council';
/** Buyers besides it (the UK has some tens of thousands). */
const BUYERS = 30_000;

const buyerOf = (i: number) =>
  i % 100 === 7 || i % 2_000 === 0 ? LARGE_BUYER : `Buyer ${i % BUYERS} Council`;

/**
 * Notice i's radar rows: its buyer's facts and, for every other notice, a contract (the sample's, refiled)
 * ending two years after it arrived, so that a year of notices puts half a year of contracts on an
 * 18-month radar; a notice matching an area gives a contract in that area.
 */
function radarWrite(i: number, s: Sample, at: number): IndexedWrite {
  const ids = idsOf(i);
  const name = buyerOf(i);
  const buyer = { key: buyerKey(name), name, id: null };
  const contract: ContractRecord | null =
    i % 2 === 0
      ? {
          ...s.contract,
          source: s.source,
          ocid: ids.ocid,
          releaseId: ids.releaseId,
          buyer,
          end: new Date(at + 2 * 365 * DAY).toISOString(),
        }
      : null;
  return {
    source: s.source,
    ocid: ids.ocid,
    buyer,
    buyerNotice: { ...s.buyerNotice, ocid: ids.ocid, releaseId: ids.releaseId },
    contract,
  };
}

interface Sample {
  source: string;
  releaseId: string;
  json: string;
  match: string;
  contract: ContractRecord;
  buyerNotice: ReturnType<typeof toBuyerNotice>;
}

/** A stored notice's sample rows: its JSON, its verdict and what the radar keeps of it. */
function sampleOf(n: Notice, matcher: ReturnType<typeof createAreaMatcher>): Sample {
  const verdict = matcher.match(n);
  // Each sample as an award to a named supplier (the sample's own awards set aside), so that every other
  // notice is a contract.
  const award = {
    id: '1',
    status: 'active',
    date: n.dates.published,
    suppliers: [{ name: 'Example Supplier Ltd', id: null }],
    value: n.value,
    contractPeriod: null,
    relatedLots: [],
    cpv: [],
    deliveryRegions: [],
  };
  const record = toContractRecord({ ...n, stage: 'award', awards: [award] }, verdict);
  if (!record) throw new Error(`no contract record from ${n.releaseId}`);
  return {
    source: 'fts',
    releaseId: n.releaseId,
    json: JSON.stringify(n),
    match: JSON.stringify(verdict),
    contract: record,
    buyerNotice: toBuyerNotice(n, verdict),
  };
}

/** Notice i arrives at this time: a year of notices, the last one now. */
const timeOf = (i: number, span: number) => NOW - Math.round(((span - 1 - i) / span) * 365 * DAY);

const idsOf = (i: number) => ({
  ocid: `ocds-h6vhtk-${i.toString(16).padStart(7, '0')}`,
  releaseId: `${String(i).padStart(7, '0')}-2026`,
});

function median(xs: number[]): number {
  const sorted = [...xs].sort((a, b) => a - b);
  return sorted[Math.floor(sorted.length / 2)] ?? 0;
}

/** Each query a person or the sender triggers, run `repeat` times on varied keys; the median (ms). */
function timeQueries(db: Db, size: number, span: number): Map<string, number> {
  // "Now" is when the last notice stored so far arrived, so the last 30 days hold a month of notices.
  const now = timeOf(size - 1, span);
  const queries = createSqliteQueries(db, () => now);
  const subs = createSqliteSubscriptionStore(db, () => NOW);
  const outbox = createSqliteOutboxStore(db, subs);
  const key = (k: number) => idsOf(Math.floor((((k * 7919) % 1000) / 1000) * size));
  const radar = createRadar({
    db,
    subscriptions: { list: () => [] },
    notices: { byKey: () => null },
    dms: { enqueueDm: () => false },
    clock: { now: () => now, sleep: () => Promise.resolve() },
    log: { debug: silent, info: silent, warn: silent, error: silent },
    leadMonths: 18,
    dailyLimit: 5,
    areaLabel: (id) => id,
  }).queries;
  const cases: [string, (k: number) => unknown][] = [
    ['/recent, all areas (page 1 and the count)', () => queries.recent(null, 0, 5, 30 * DAY)],
    ['/recent, one area (page 1 and the count)', () => queries.recent('advocacy', 0, 5, 30 * DAY)],
    ['/recent, one area, page 20', () => queries.recent('advocacy', 19, 5, 30 * DAY)],
    ['/explain: find by release id', (k) => queries.findNotice(key(k).releaseId)],
    ['/explain: find by notice link', (k) => queries.findNotice(`https://x/Notice/${key(k).releaseId}`)],
    ['/explain: a notice not stored', () => queries.findNotice('ffffffff-ffff-ffff-ffff-ffffffffffff')],
    ['/explain: its delivery to this channel', (k) => queries.deliveryOf(1 + (k % 50), 'fts', key(k).ocid)],
    ['/status: each feed last run, failures, last success', () => queries.lastRuns()],
    ['/status: queue depth', () => queries.queueDepth()],
    ['/status: the relevance report (30 days)', (k) => queries.relevanceReport(`g${k % 7}`, 30 * DAY)],
    ['button: a notice by row id', (k) => queries.byRowId(1 + ((k * 7919) % size))],
    ['poll: the new/changed look-up (source, ocid)', (k) => queries.byKey('fts', key(k).ocid)],
    ['sender: daily-cap count (sent today)', (k) => outbox.sentSince(1 + (k % 50), now - DAY)],
    [
      "/buyer: a large buyer's page (1 notice in 100 is its)",
      () => radar.buyerProfile(buyerKey(LARGE_BUYER), 0, 5),
    ],
    ['/buyer: a typical buyer’s page', (k) => radar.buyerProfile(buyerKey(buyerOf((k * 7919) % size)), 0, 5)],
    [
      `/buyer: autocomplete (a name's substring among ${BUYERS.toLocaleString('en-GB')} buyers)`,
      () => radar.findBuyers('kent', 25),
    ],
    [
      '/radar: one area, ending within 18 months (page 1 and the count)',
      () => radar.upcoming({ area: 'advocacy', region: null, months: 18 }, 0, 5),
    ],
  ];
  const out = new Map<string, number>();
  for (const [name, fn] of cases) {
    for (let k = 0; k < 5; k++) fn(k);
    const times: number[] = [];
    for (let k = 0; k < 101; k++) {
      const t0 = performance.now();
      fn(k);
      times.push(performance.now() - t0);
    }
    out.set(name, median(times));
  }
  // The sender's own bookkeeping per message: begin, then sent (two small writes, each its own commit).
  const id = Number(db.prepare('SELECT MAX(id) FROM outbox').pluck().get());
  const times: number[] = [];
  for (let k = 0; k < 101; k++) {
    const t0 = performance.now();
    outbox.sentSince(1, NOW - DAY);
    outbox.begin([id - k], NOW);
    outbox.markSent([id - k], 'm', null, NOW);
    times.push(performance.now() - t0);
  }
  out.set('sender: per-message overhead (cap count + begin + mark sent)', median(times));
  return out;
}

/** Builds a store of `n` notices (with 100,000 as the first checkpoint) and times every query at each. */
export function benchStoreScale(n = 1_000_000, log: (line: string) => void = silent): ScaleFigures {
  const dir = mkdtempSync(join(tmpdir(), 'tn-scale-'));
  const file = join(dir, 'scale.db');
  const db = openDb(file);
  const subs = createSqliteSubscriptionStore(db, () => NOW);
  for (let c = 0; c < SUBSCRIPTIONS; c++)
    subs.upsert(
      {
        guildId: `g${c % 7}`,
        channelId: String(300000000000000000n + BigInt(c)),
        target: { kind: 'channel', channelId: String(300000000000000000n + BigInt(c)) },
        areas: ['advocacy'],
        watchlists: [],
        regions: [],
        minValue: null,
        maxValue: null,
        reservedOnly: false,
        stages: ['opportunities'],
        mode: 'instant',
        timezone: 'Europe/London',
        dailyCap: 1000,
      },
      'bench',
    );
  const matcher = createAreaMatcher();
  const templates = loadTemplates();
  const samples: Sample[] = [
    sampleOf(notice(0), matcher),
    ...templates.flatMap((_, i) => {
      const r = toNotice(generateRelease(templates, i), PROFILES.fts);
      return r.ok ? [sampleOf(r.notice, matcher)] : [];
    }),
  ];
  const first = Math.min(100_000, n);
  const started = performance.now();
  fill(db, 0, first, n, samples);
  log(`store-scale: ${first.toLocaleString('en-GB')} notices built`);
  const atFirst = timeQueries(db, first, n);
  fill(db, first, n - first, n, samples);
  const buildSeconds = (performance.now() - started) / 1000;
  log(`store-scale: ${n.toLocaleString('en-GB')} notices built in ${buildSeconds.toFixed(0)} s`);
  const atN = timeQueries(db, n, n);
  const matched = Number(db.prepare('SELECT COUNT(DISTINCT notice_rowid) FROM notice_areas').pluck().get());
  db.close();
  const bytes = statSync(file).size;
  rmSync(dir, { recursive: true, force: true });
  return {
    first,
    n,
    bytes,
    buildSeconds,
    matchedShare: matched / n,
    queries: [...atN].map(([name, ms]) => ({ name, atFirst: atFirst.get(name) ?? 0, atN: ms })),
  };
}

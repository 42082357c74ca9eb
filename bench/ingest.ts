import { PROFILES } from '../src/sources/registry.js';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import { createAreaMatcher } from '../src/app.js';
import type { Notice } from '../src/notices/notice.js';
import { decodeBytes } from '../src/notices/text.js';
import { parseHeldPage, parsePackage, toSourcePage } from '../src/sources/ocds-page.js';
import { openDb } from '../src/store/db.js';
import { createSqliteNoticeStore } from '../src/store/notice-store.js';
import { generateRelease, loadTemplates } from './templates.js';

export type Mix = 'realistic' | 'new' | 'duplicate' | 'updated';

export interface IngestFigures {
  mix: Mix;
  matching: boolean;
  releases: number;
  /** JSON.parse of each page's body, decoded from its bytes as the HTTP client decodes it (ms). */
  jsonParseMs: number;
  /** Parse → normalise → store (→ match) of the same body, from its bytes, decoding included (ms). */
  pipelineMs: number;
  /** The floor: JSON.parse, then a raw better-sqlite3 insert of each release's JSON (ms). */
  floorMs: number;
  ratio: number;
  floorRatio: number;
  /** Decoding a whole body (UTF-8 to a string) ÷ JSON.parse of it: inside the pipeline where it decodes. */
  decodeRatio: number;
  outcomes: Record<string, number>;
  /** Where pipelineMs goes, each step timed inside it (ms; they add up to pipelineMs). */
  steps: IngestSteps;
}

/**
 * The pipeline's steps: parse (the fingerprints of the body's bytes, the one look-up of the releases stored
 * with the same bytes, JSON.parse of the rest and the package's check; of the whole body when none is held),
 * known + normalise (counting the held ones, normalising the others), store (the transaction: duplicate
 * checks, merges, rows, indexes, events, the deliveries planned), and matching (inside the store's
 * transaction, timed apart).
 */
export interface IngestSteps {
  parseMs: number;
  normaliseMs: number;
  storeMs: number;
  matchMs: number;
}

/**
 * A poll cycle's page of 100 under `mix`. Realistic: FTS is polled every 15 minutes over a window that
 * reaches 15 minutes back (FEEDS.md: ~470 releases a day), so about half of each page was read by the
 * previous poll (duplicates); of the rest, about 3 in 10 are a later release of a process already stored
 * (an amendment, an award: updates), the others new.
 */
function pageOf(mix: Mix, cycle: number, templates: Record<string, unknown>[]): Record<string, unknown>[] {
  const base = cycle * 100;
  const fresh = (i: number) => generateRelease(templates, i);
  // A later release of process j: its own id, a changed title and value (what a person would notice).
  const update = (j: number, rev: number) => {
    const r = generateRelease(templates, j);
    const tender = r.tender as Record<string, unknown>;
    return {
      ...r,
      id: `${String(j).padStart(6, '0')}-u${rev}`,
      date: '2026-12-01T10:00:00Z',
      tender: {
        ...tender,
        title: `${String(tender.title)} (amended ` + `${rev})`,
        value: { amount: 5_000 + rev, currency: 'GBP' },
      },
    };
  };
  // Realistic: the first 50 are the previous page's last 50 read again; then 15 updates of older
  // processes, 35 new.
  const own = (c: number, k: number) =>
    k < 65 ? update((c - 5) * 100 + 65 + (k - 50) * 2, c) : fresh(c * 100 + k);
  return Array.from({ length: 100 }, (_, k) => {
    if (mix === 'new') return fresh(base + k);
    if (mix === 'duplicate') return fresh(k + 100 * (cycle % 10));
    if (mix === 'updated') return update(k + 100 * (cycle % 10), cycle);
    return k < 50 ? own(cycle - 1, k + 50) : own(cycle, k);
  });
}

/**
 * Replays `n` releases (pages of 100, 4-space JSON like FTS, as bytes) through parse → normalise → store
 * (and match, as the worker does, when `matching`) on a file database, timing beside it JSON.parse of the
 * same body and the floor (JSON.parse plus a raw insert of the same rows), each given its own freshly
 * decoded copy of the body; the pipeline starts from the bytes and decodes what it reads, as the fetcher
 * does.
 * The store is primed with 1,000 new releases first, so duplicates and updates have something to meet.
 */
export function benchIngest(n: number, mix: Mix = 'realistic', matching = true): IngestFigures {
  const templates = loadTemplates();
  const dir = mkdtempSync(join(tmpdir(), 'tn-bench-'));
  const db = openDb(join(dir, 'bench.db'));
  const store = createSqliteNoticeStore(db);
  const floorDb = openDb(join(dir, 'floor.db'));
  const rawInsert = floorDb.prepare(
    'INSERT OR REPLACE INTO releases (source, release_id, ocid, content_hash, notice_json, fetched_at) ' +
      "VALUES ('fts', ?, ?, '', ?, 0)",
  );
  const rawPage = floorDb.transaction((releases: Record<string, unknown>[]) => {
    for (const r of releases) rawInsert.run(String(r.id), String(r.ocid), JSON.stringify(r));
  });
  const steps: IngestSteps = { parseMs: 0, normaliseMs: 0, storeMs: 0, matchMs: 0 };
  const matcher = matching ? createAreaMatcher().match : undefined;
  // performance.now() twice a notice: ~0.1 µs against the ~50 µs of a match.
  const match =
    matcher &&
    ((notice: Notice) => {
      const t0 = performance.now();
      const verdict = matcher(notice);
      steps.matchMs += performance.now() - t0;
      return verdict;
    });
  const bytesOf = (releases: Record<string, unknown>[]) =>
    Buffer.from(JSON.stringify({ version: '1.1', releases }, null, 4));
  // As the poll runs a source: the body's bytes fingerprint each release, and one the store holds with the
  // same bytes is counted, not normalised (pipeline/poll-cycle.ts).
  const run = {
    signal: new AbortController().signal,
    deadlineAt: Infinity,
    storedReleases: (fingerprints: Map<string, string>) => store.storedReleases('fts', fingerprints),
  };
  // From the body's bytes, as the fetcher hands them (sources/http.ts): a page the store holds some of is
  // read from its bytes, decoding only what it parses; any other is decoded and parsed whole.
  const ingest = (body: Buffer) => {
    const t0 = performance.now();
    const parsed = parseHeldPage(body, run.storedReleases) ?? parsePackage(decodeBytes(body), {}, body);
    const t1 = performance.now();
    const page = toSourcePage(parsed, PROFILES.fts, new Set(), run);
    const t2 = performance.now();
    const saved = store.savePage('fts', page.notices, {
      baseline: false,
      match,
      fingerprints: page.fingerprints,
    });
    const t3 = performance.now();
    steps.parseMs += t1 - t0;
    steps.normaliseMs += t2 - t1;
    steps.storeMs += t3 - t2;
    return { saved, known: page.known ?? 0 };
  };
  for (let c = 0; c < 10; c++) ingest(bytesOf(pageOf('new', c, templates)));
  Object.assign(steps, { parseMs: 0, normaliseMs: 0, storeMs: 0, matchMs: 0 });
  let jsonParseMs = 0;
  let pipelineMs = 0;
  let floorMs = 0;
  let decodeMs = 0;
  const outcomes: Record<string, number> = {};
  const cycles = Math.ceil(n / 100);
  for (let cycle = 10; cycle < 10 + cycles; cycle++) {
    const body = bytesOf(pageOf(mix, cycle, templates));
    // Fresh decodes of the same bytes for JSON.parse and the floor (the first timed: what decoding a whole
    // body costs), then the three timed in rotating order.
    const d0 = performance.now();
    const texts = [decodeBytes(body)];
    decodeMs += performance.now() - d0;
    texts.push('', decodeBytes(body));
    for (let j = 0; j < 3; j++) {
      const which = (cycle + j) % 3;
      const text = texts[which] ?? '';
      const t0 = performance.now();
      if (which === 0) JSON.parse(text);
      else if (which === 1) {
        const { saved, known } = ingest(body);
        for (const s of saved) outcomes[s.outcome] = (outcomes[s.outcome] ?? 0) + 1;
        if (known > 0) outcomes.known = (outcomes.known ?? 0) + known;
      } else {
        const parsed = JSON.parse(text) as { releases: Record<string, unknown>[] };
        rawPage(parsed.releases);
      }
      const ms = performance.now() - t0;
      if (which === 0) jsonParseMs += ms;
      else if (which === 1) pipelineMs += ms;
      else floorMs += ms;
    }
  }
  db.close();
  floorDb.close();
  rmSync(dir, { recursive: true, force: true });
  return {
    mix,
    matching,
    releases: cycles * 100,
    jsonParseMs,
    pipelineMs,
    floorMs,
    ratio: pipelineMs / jsonParseMs,
    floorRatio: floorMs / jsonParseMs,
    decodeRatio: decodeMs / jsonParseMs,
    outcomes,
    // The store's time without the matching done inside it.
    steps: { ...steps, storeMs: steps.storeMs - steps.matchMs },
  };
}

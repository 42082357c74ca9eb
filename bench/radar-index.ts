import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import { createAreaMatcher } from '../src/app.js';
import { decodeBytes } from '../src/notices/text.js';
import { indexContracts } from '../src/pipeline/radar-index.js';
import { parseHeldPage, parsePackage, toSourcePage } from '../src/sources/ocds-page.js';
import { PROFILES } from '../src/sources/registry.js';
import { openDb } from '../src/store/db.js';
import { createSqliteNoticeStore } from '../src/store/notice-store.js';
import { createSqliteRadarStore } from '../src/store/radar-store.js';
import { generateRelease, loadTemplates } from './templates.js';

// The radar index as a poll runs it after storing: `n` new releases (pages of 100, 4-space JSON as FTS
// serves them) stored with matching, untimed; then the index brought up to date over them, timed, beside
// JSON.parse of the same bodies. It is part of every `npm run poll` and of the worker's cycle.

export interface RadarIndexFigures {
  notices: number;
  contracts: number;
  indexMs: number;
  jsonParseMs: number;
  ratio: number;
}

const quiet = { debug() {}, info() {}, warn() {}, error() {} };

export async function benchRadarIndex(n: number): Promise<RadarIndexFigures> {
  const templates = loadTemplates();
  const dir = mkdtempSync(join(tmpdir(), 'tn-radar-bench-'));
  const db = openDb(join(dir, 'bench.db'));
  const store = createSqliteNoticeStore(db);
  const match = createAreaMatcher().match;
  const run = {
    signal: new AbortController().signal,
    deadlineAt: Infinity,
    storedReleases: (fingerprints: Map<string, string>) => store.storedReleases('fts', fingerprints),
  };
  let jsonParseMs = 0;
  for (let start = 0; start < n; start += 100) {
    const releases = Array.from({ length: Math.min(100, n - start) }, (_, k) =>
      generateRelease(templates, start + k),
    );
    const body = Buffer.from(JSON.stringify({ version: '1.1', releases }, null, 4));
    // Each its own decoded copy, as each HTTP response is.
    const [text, copy] = [decodeBytes(body), decodeBytes(body)];
    const t0 = performance.now();
    JSON.parse(copy);
    jsonParseMs += performance.now() - t0;
    const page = toSourcePage(
      parseHeldPage(body, run.storedReleases) ?? parsePackage(text, {}, body),
      PROFILES.fts,
      new Set(),
      run,
    );
    store.savePage('fts', page.notices, { baseline: false, match, fingerprints: page.fingerprints });
  }
  const radar = createSqliteRadarStore(db);
  const t0 = performance.now();
  const summary = await indexContracts({ store: radar, log: quiet });
  const indexMs = performance.now() - t0;
  db.close();
  rmSync(dir, { recursive: true, force: true });
  return {
    notices: summary.notices,
    contracts: summary.contracts,
    indexMs,
    jsonParseMs,
    ratio: indexMs / jsonParseMs,
  };
}

import { PROFILES } from '../src/sources/registry.js';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import { parsePackage, toSourcePage } from '../src/sources/ocds-page.js';
import { openDb } from '../src/store/db.js';
import { createSqliteNoticeStore } from '../src/store/notice-store.js';
import type { MatchResult } from '../src/matching/match-result.js';
import type { Notice } from '../src/notices/notice.js';
import { generateRelease, loadTemplates } from './templates.js';

export interface IngestFigures {
  releases: number;
  jsonParseMs: number;
  pipelineMs: number;
  ratio: number;
  peakRssMb: number;
  notices: number;
}

/**
 * Replays N generated releases (pages of 100, 4-space JSON like FTS) through parse → normalise → store on a
 * file database, and times JSON.parse alone on the same bytes. Pages are generated one at a time so the
 * figures measure the pipeline, not the generator's memory.
 */
export function benchIngest(n: number, match?: (notice: Notice) => MatchResult): IngestFigures {
  const templates = loadTemplates();
  const dir = mkdtempSync(join(tmpdir(), 'tn-bench-'));
  const db = openDb(join(dir, 'bench.db'));
  const store = createSqliteNoticeStore(db);
  let jsonParseMs = 0;
  let pipelineMs = 0;
  for (let start = 0; start < n; start += 100) {
    const releases = Array.from({ length: Math.min(100, n - start) }, (_, k) =>
      generateRelease(templates, start + k),
    );
    const text = JSON.stringify({ version: '1.1', releases }, null, 4);
    const t0 = performance.now();
    JSON.parse(text);
    const t1 = performance.now();
    const page = toSourcePage(parsePackage(text), PROFILES.fts, new Set());
    store.savePage('fts', page.notices, { baseline: false, match });
    const t2 = performance.now();
    jsonParseMs += t1 - t0;
    pipelineMs += t2 - t1;
  }
  const notices = store.countNotices();
  db.close();
  rmSync(dir, { recursive: true, force: true });
  return {
    releases: n,
    jsonParseMs,
    pipelineMs,
    ratio: pipelineMs / jsonParseMs,
    peakRssMb: process.resourceUsage().maxRSS / 1024,
    notices,
  };
}

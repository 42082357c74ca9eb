// How large the database grows at today's volume: stores real releases (../shared/labels when it is beside
// the project, plus the recorded fixtures) and generated ones shaped like them, with the real matcher, on a
// file database, and projects the bytes per release over a year of Find a Tender and Contracts Finder.
// Run: npm run bench:db-growth [-- --n 20000]
import { mkdtempSync, readFileSync, readdirSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { createAreaMatcher } from '../src/app.js';
import { readReleases } from '../src/notices/ocds-input.js';
import { PROFILES } from '../src/sources/registry.js';
import { toSourcePage } from '../src/sources/ocds-page.js';
import { openDb } from '../src/store/db.js';
import { createSqliteNoticeStore } from '../src/store/notice-store.js';
import { generateRelease, loadTemplates } from './templates.js';

// FEEDS.md §2.5 and §1: FTS ~370–470 releases a weekday and 1–7 a weekend day (Sep 2026); Contracts Finder
// 137 on a weekday (3 Sep 2026), falling since February 2025.
const FTS_PER_YEAR = 420 * 253 + 4 * 104;
const CF_PER_YEAR = 137 * 253;

function measure(label: string, releases: unknown[]): { label: string; releases: number; bytesPer: number } {
  const dir = mkdtempSync(join(tmpdir(), 'tn-growth-'));
  const file = join(dir, 'growth.db');
  const db = openDb(file);
  const store = createSqliteNoticeStore(db);
  const { match } = createAreaMatcher();
  const base = Number(statSync(file).size);
  for (let i = 0; i < releases.length; i += 100) {
    const page = toSourcePage({ releases: releases.slice(i, i + 100) }, PROFILES.fts, new Set());
    store.savePage('fts', page.notices, { baseline: false, match });
  }
  const stored = store.countReleases();
  db.pragma('wal_checkpoint(TRUNCATE)');
  db.close();
  const bytes = statSync(file).size - base;
  rmSync(dir, { recursive: true, force: true });
  return { label, releases: stored, bytesPer: bytes / Math.max(1, stored) };
}

const { values } = parseArgs({ options: { n: { type: 'string', default: '20000' } } });
const shared = new URL('../../shared/labels/', import.meta.url);
let real: unknown[] = [];
try {
  real = readdirSync(shared)
    .filter((f) => f.endsWith('-releases.jsonl'))
    .flatMap((f) =>
      readReleases(readFileSync(new URL(f, shared), 'utf8')).flatMap((r) => ('raw' in r ? [r.raw] : [])),
    );
} catch {
  // ../shared is optional: the generated set below is measured either way.
}
const templates = loadTemplates();
const generated = Array.from({ length: Number(values.n) }, (_, i) => generateRelease(templates, i));
const rows = [
  measure('real labelled releases', real),
  measure('generated from the fixtures', generated),
].filter((r) => r.releases > 0);
const perYear = FTS_PER_YEAR + CF_PER_YEAR;
const count = (n: number) => n.toLocaleString('en-GB');
const volume = `${count(perYear)} (FTS ${count(FTS_PER_YEAR)}, CF ${count(CF_PER_YEAR)})`;
console.log(`releases a year at today's volume: ${volume}`);
for (const row of rows)
  console.log(
    `${row.label.padEnd(30)} ${count(row.releases).padStart(7)} stored, ` +
      `${(row.bytesPer / 1024).toFixed(1)} KB each → ` +
      `${((row.bytesPer * perYear) / 1_073_741_824).toFixed(2)} GB a year`,
  );

import { spawn } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import { type ReplayServer, startReplayServer } from '../src/replay/replay-server.js';
import { generateRelease, loadTemplates } from './templates.js';

// A whole `npm run poll` as a person runs it: the compiled command (dist/cli/poll-once.js, as `npm run
// poll` starts it, with the node flags of its package.json script) against a local replay of Find a Tender
// holding N new releases, fetch, parse, normalise, match, store and plan included. Process start is
// excluded by timing the same command against an empty feed and taking that away. The denominator is
// JSON.parse of the same bytes the replay serves (pages of 100 as release packages).

const ROOT = new URL('..', import.meta.url).pathname;
/** The node flags `npm run poll` gives the command (its package.json script): the bench cannot drift. */
export function pollFlags(): string[] {
  const pkg = JSON.parse(readFileSync(join(ROOT, 'package.json'), 'utf8')) as {
    scripts: Record<string, string>;
  };
  const words = (pkg.scripts.poll ?? '').split(/\s+/);
  return words.slice(1, words.indexOf('scripts/launch.mjs')).filter((w) => w.startsWith('--'));
}
const OVER_MS = 20 * 3_600_000;
// Preloaded into the timed command: at exit it writes its own figures to $POLL_FIGURES_FILE, so that the
// compiled command's are read, not the bench's: its peak RSS (KB), its CPU time (all threads, ms), the
// main thread's GC pauses (ms) and the time its event loop sat idle, waiting for the replay (ms).
const POLL_PROBE =
  'data:text/javascript,' +
  encodeURIComponent(
    "import { writeFileSync } from 'node:fs'; import { PerformanceObserver, performance } from " +
      "'node:perf_hooks'; let gcMs = 0; new PerformanceObserver((list) => { for (const e of " +
      "list.getEntries()) gcMs += e.duration; }).observe({ entryTypes: ['gc'] }); process.on('exit', () => " +
      '{ const cpu = process.cpuUsage(); writeFileSync(process.env.POLL_FIGURES_FILE, JSON.stringify({ ' +
      'maxRssKb: process.resourceUsage().maxRSS, cpuMs: (cpu.user + cpu.system) / 1000, gcMs, idleMs: ' +
      'performance.eventLoopUtilization().idle })); });',
  );

/** What the preloaded probe reports of one run of the command. */
interface Probe {
  maxRssKb: number;
  cpuMs: number;
  gcMs: number;
  idleMs: number;
}

export interface PollFigures {
  releases: number;
  requests: number;
  pollMs: number;
  startMs: number;
  parseMs: number;
  ratio: number;
  /** The compiled command's peak RSS over the poll (MB). */
  peakRssMb: number;
  /**
   * Where the poll's wall time goes, process start taken away like pollMs (ms): CPU time of all its threads
   * (GC helpers and SQLite included), the main thread's GC pauses, and its event loop idle (waiting for the
   * replay's answers, which the bench process serves).
   */
  cpuMs: number;
  gcMs: number;
  idleMs: number;
}

/**
 * A local replay of Find a Tender serving `feed` in pages of 100 (4-space JSON, newest first, as FTS), laid
 * out over the 20 hours before now: inside the first run's 24-hour look-back, so every one is read.
 */
export function startFeedReplay(feed: Record<string, unknown>[]): Promise<ReplayServer> {
  const endAt = Date.now() - 60_000;
  // Each release dated at the instant the replay files it under (as a release's date is its publication).
  feed.forEach((release, i) => {
    release.date = new Date(endAt - OVER_MS + Math.floor(((i + 1) * OVER_MS) / feed.length)).toISOString();
  });
  return startReplayServer(
    { fts: feed, cf: [] },
    100,
    { overMs: OVER_MS, endAt },
    { newestFirst: true, indent: 4 },
  );
}

/**
 * Runs dist/cli/poll-once.js against `feed` with a fresh database; resolves with its wall time in ms, the
 * requests it made and what its probe saw.
 */
async function timedPoll(feed: Record<string, unknown>[]): Promise<{ ms: number; requests: number } & Probe> {
  const replay = await startFeedReplay(feed);
  const dir = mkdtempSync(join(tmpdir(), 'tn-poll-bench-'));
  const started = performance.now();
  const code = await new Promise<number | null>((resolve) => {
    const child = spawn(process.execPath, [...pollFlags(), '--import', POLL_PROBE, 'dist/cli/poll-once.js'], {
      cwd: ROOT,
      stdio: 'ignore',
      env: {
        PATH: process.env.PATH ?? '',
        DATABASE_PATH: join(dir, 'db.sqlite'),
        FTS_BASE_URL: replay.url,
        CF_ENABLED: 'false',
        PCS_ENABLED: 'false',
        S2W_ENABLED: 'false',
        REQUEST_INTERVAL_MS: '0',
        LOG_LEVEL: 'error',
        POLL_FIGURES_FILE: join(dir, 'figures.json'),
      },
    });
    child.on('exit', resolve);
  });
  const ms = performance.now() - started;
  const requests = replay.requests.length;
  await replay.close();
  if (code !== 0) throw new Error(`npm run poll exited with ${String(code)}`);
  const probe = JSON.parse(readFileSync(join(dir, 'figures.json'), 'utf8')) as Probe;
  rmSync(dir, { recursive: true, force: true });
  return { ms, requests, ...probe };
}

/** JSON.parse of the pages the replay serves for `feed` (4-space JSON), each from fresh bytes (ms). */
function parseTime(feed: unknown[]): number {
  const pages: Buffer[] = [];
  for (let i = 0; i < feed.length; i += 100)
    pages.push(
      Buffer.from(
        JSON.stringify(
          { uri: 'http://127.0.0.1/', version: '1.1', releases: feed.slice(i, i + 100) },
          null,
          4,
        ),
      ),
    );
  const started = performance.now();
  for (const page of pages) JSON.parse(page.toString('utf8'));
  return performance.now() - started;
}

/** Needs the compiled build (npm run build). */
export async function benchWholePoll(n = 20_000): Promise<PollFigures> {
  const templates = loadTemplates();
  const feed = Array.from({ length: n }, (_, i) => generateRelease(templates, i));
  const none = await timedPoll([]);
  const full = await timedPoll(feed);
  const parseMs = parseTime(feed);
  const pollMs = full.ms - none.ms;
  return {
    releases: n,
    requests: full.requests,
    pollMs,
    startMs: none.ms,
    parseMs,
    ratio: pollMs / parseMs,
    peakRssMb: full.maxRssKb / 1024,
    cpuMs: full.cpuMs - none.cpuMs,
    gcMs: full.gcMs - none.gcMs,
    idleMs: full.idleMs - none.idleMs,
  };
}

if (import.meta.url === `file://${process.argv[1] ?? ''}`) {
  const n = Number(process.argv[2] ?? 20_000);
  console.log(JSON.stringify(await benchWholePoll(n)));
}

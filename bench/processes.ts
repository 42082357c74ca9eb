import { spawn, spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Mix } from './ingest.js';
import { startFeedReplay } from './poll-whole.js';
import { generateRelease, loadTemplates } from './templates.js';

const ROOT = new URL('..', import.meta.url).pathname;
export const HEAP_FLAGS = ['--max-semi-space-size=2', '--max-old-space-size=96'];

/** The environment the deployments give the worker besides its settings: the systemd unit's MALLOC_*. */
export function deployedEnv(): Record<string, string> {
  const unit = readFileSync(join(ROOT, 'deploy/tender-nudge.service'), 'utf8');
  const env: Record<string, string> = {};
  for (const [, name, value] of unit.matchAll(/^Environment=(MALLOC_[A-Z_]+)=(\d+)$/gm))
    if (name && value) env[name] = value;
  return env;
}

export interface HeapRun {
  flags: string;
  cpuMs: number;
  peakRssMb: number;
  rssAfterMb: number;
  ratio: number;
}

/** An ingest with matching in a child process under `flags`: its CPU time and RSS (tsx included). */
export function ingestUnder(flags: string[], n: number, mix: Mix = 'realistic'): HeapRun {
  const args = [...flags, '--import', 'tsx', 'bench/ingest-child.ts', String(n), mix];
  const out = spawnSync(process.execPath, args, { cwd: ROOT, encoding: 'utf8' });
  const line = out.stdout.trim().split('\n').pop() ?? '{}';
  const data = JSON.parse(line) as Omit<HeapRun, 'flags'>;
  return { flags: flags.join(' ') || 'none', ...data };
}

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

export interface IdleRss {
  /** 8 s after start: start-up is over, but V8 has not yet given back what start-up used. */
  startup: number | null;
  /**
   * 30 s after start: V8's memory reducer (which runs once a process has allocated nothing for about 8 s)
   * has compacted the heap and returned its free pages; what the worker holds while it waits between polls.
   */
  settled: number | null;
}

function rssMbOf(pid: number | undefined): number | null {
  try {
    const status = readFileSync(`/proc/${pid}/status`, 'utf8');
    const kb = /VmRSS:\s+(\d+)/.exec(status)?.[1];
    return kb ? Number(kb) / 1024 : null;
  } catch {
    return null;
  }
}

/** The worker's environment for an idle run: no gateway, no other feed, Discord unreachable. */
function idleEnv(dir: string, ftsUrl: string, extraEnv: Record<string, string>): NodeJS.ProcessEnv {
  return {
    ...process.env,
    ...extraEnv,
    DATABASE_PATH: join(dir, 'db.sqlite'),
    FTS_BASE_URL: ftsUrl,
    CF_ENABLED: 'false',
    PCS_ENABLED: 'false',
    S2W_ENABLED: 'false',
    REQUEST_INTERVAL_MS: '0',
    LOG_LEVEL: 'error',
    POLL_CRON: '0 0 1 1 *',
    DISCORD_TOKEN: 'idle-token',
    DISCORD_APPLICATION_ID: '123456789012345678',
    DISCORD_GATEWAY: 'false',
    DISCORD_API_BASE: 'http://127.0.0.1:9/api',
  };
}

/**
 * The compiled worker (npm run build, then dist/main.js as `npm start` runs it) idle: no gateway, no feed
 * to reach, an empty database; its RSS from /proc 8 s and 30 s after start. Null when it cannot be measured.
 */
export async function compiledIdleRssMb(
  flags: string[],
  extraEnv: Record<string, string> = {},
): Promise<IdleRss> {
  const build = spawnSync('node', ['scripts/build.mjs'], { cwd: ROOT, encoding: 'utf8' });
  if (build.status !== 0) return { startup: null, settled: null };
  const dir = mkdtempSync(join(tmpdir(), 'tn-idle-'));
  const worker = spawn(process.execPath, [...flags, 'dist/main.js'], {
    cwd: ROOT,
    stdio: 'ignore',
    env: idleEnv(dir, 'http://127.0.0.1:9', extraEnv),
  });
  await sleep(8_000);
  const startup = rssMbOf(worker.pid);
  await sleep(22_000);
  const settled = rssMbOf(worker.pid);
  worker.kill('SIGTERM');
  await new Promise((resolve) => worker.on('exit', resolve));
  rmSync(dir, { recursive: true, force: true });
  return { startup, settled };
}

/**
 * The compiled worker waiting between polls: its first cycle stores `n` new notices from a local replay of
 * Find a Tender (as a first run stores the last 24 hours), then it waits for the next; its RSS 30 s after
 * the replay's last request (the poll, its radar index and V8's memory reducer are done by then). Null when
 * it cannot be measured (the build must exist: compiledIdleRssMb builds it).
 */
export async function idleAfterPollRssMb(
  flags: string[],
  extraEnv: Record<string, string>,
  n: number,
): Promise<number | null> {
  const templates = loadTemplates();
  const feed = Array.from({ length: n }, (_, i) => generateRelease(templates, i));
  const replay = await startFeedReplay(feed);
  const dir = mkdtempSync(join(tmpdir(), 'tn-idle-poll-'));
  const worker = spawn(process.execPath, [...flags, 'dist/main.js'], {
    cwd: ROOT,
    stdio: 'ignore',
    env: idleEnv(dir, replay.url, extraEnv),
  });
  // The poll is over when the replay has been asked for every page and nothing more for 3 s (at most 120 s).
  const pages = Math.ceil(n / 100);
  let seen = -1;
  let quietFor = 0;
  for (let waited = 0; waited < 120_000 && (replay.requests.length < pages || quietFor < 3_000);) {
    await sleep(500);
    waited += 500;
    quietFor = replay.requests.length === seen ? quietFor + 500 : 0;
    seen = replay.requests.length;
  }
  // A poll that never finished is not measured (and not waited for).
  const done = replay.requests.length >= pages;
  if (done) await sleep(30_000);
  const rss = done ? rssMbOf(worker.pid) : null;
  worker.kill('SIGTERM');
  await new Promise((resolve) => worker.on('exit', resolve));
  await replay.close();
  rmSync(dir, { recursive: true, force: true });
  return rss;
}

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

/**
 * The worker's environment for an idle run: no gateway, no other feed, Discord unreachable; glibc's MALLOC_*
 * settings only as `extraEnv` gives them (none leak in from the shell that runs the bench, nor does
 * GLIBC_TUNABLES, which sets the same allocator knobs another way).
 */
function idleEnv(dir: string, ftsUrl: string, extraEnv: Record<string, string>): NodeJS.ProcessEnv {
  const inherited = Object.entries(process.env).filter(
    ([key]) => !key.startsWith('MALLOC_') && key !== 'GLIBC_TUNABLES',
  );
  return {
    ...Object.fromEntries(inherited),
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
  const startup = worker.exitCode === null ? rssMbOf(worker.pid) : null;
  await sleep(22_000);
  const settled = worker.exitCode === null ? rssMbOf(worker.pid) : null;
  await stopWorker(worker);
  rmSync(dir, { recursive: true, force: true });
  return { startup, settled };
}

/**
 * The compiled worker waiting between polls: its first cycle stores `n` new notices from a local replay of
 * Find a Tender (as a first run stores the last 24 hours), then it waits for the next; its RSS 30 s after it
 * logged that poll's summary (its radar index runs straight after, and V8's memory reducer is done by then).
 * Null when it cannot be measured: the worker exited, or no summary of a poll that stored all `n` came within
 * 120 s (the build must exist: compiledIdleRssMb builds it).
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
  // At info level, which a deployment logs at, for the poll's summary line on stderr ("fts: … N new …").
  const worker = spawn(process.execPath, [...flags, 'dist/main.js'], {
    cwd: ROOT,
    stdio: ['ignore', 'ignore', 'pipe'],
    env: { ...idleEnv(dir, replay.url, extraEnv), LOG_LEVEL: 'info' },
  });
  let output = '';
  worker.stderr.on('data', (d) => (output += String(d)));
  const stored = new RegExp(`"msg":"fts: [^"]*\\b${n} new\\b`);
  for (let waited = 0; waited < 120_000 && worker.exitCode === null && !stored.test(output); waited += 250)
    await sleep(250);
  const done = worker.exitCode === null && stored.test(output);
  if (done) await sleep(30_000);
  const rss = done && worker.exitCode === null ? rssMbOf(worker.pid) : null;
  await stopWorker(worker);
  await replay.close();
  rmSync(dir, { recursive: true, force: true });
  return rss;
}

/** SIGTERM, then its exit; at once when it has exited already (its exit event is gone by then). */
async function stopWorker(worker: ReturnType<typeof spawn>): Promise<void> {
  if (worker.exitCode !== null || worker.signalCode !== null) return;
  const exited = new Promise((resolve) => worker.once('exit', resolve));
  worker.kill('SIGTERM');
  await exited;
}

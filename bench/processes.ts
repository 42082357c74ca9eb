import { spawn, spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Mix } from './ingest.js';

const ROOT = new URL('..', import.meta.url).pathname;
export const HEAP_FLAGS = ['--max-semi-space-size=2', '--max-old-space-size=96'];

/** The environment the deployments give the worker besides its settings (the systemd unit's). */
export function deployedEnv(): Record<string, string> {
  const unit = readFileSync(join(ROOT, 'deploy/tender-nudge.service'), 'utf8');
  const arena = /^Environment=MALLOC_ARENA_MAX=(\d+)$/m.exec(unit)?.[1];
  return arena ? { MALLOC_ARENA_MAX: arena } : {};
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
    env: {
      ...process.env,
      ...extraEnv,
      DATABASE_PATH: join(dir, 'db.sqlite'),
      FTS_BASE_URL: 'http://127.0.0.1:9',
      CF_ENABLED: 'false',
      PCS_ENABLED: 'false',
      S2W_ENABLED: 'false',
      LOG_LEVEL: 'error',
      POLL_CRON: '0 0 1 1 *',
      DISCORD_TOKEN: 'idle-token',
      DISCORD_APPLICATION_ID: '123456789012345678',
      DISCORD_GATEWAY: 'false',
      DISCORD_API_BASE: 'http://127.0.0.1:9/api',
    },
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

import { createServer } from 'node:net';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { startReplayServer, type ReplayServer } from '../../src/replay/replay-server.js';
import { fixtureJson } from '../support/fixtures.js';
import { startWorker, type RunningWorker } from '../support/worker.js';

let worker: RunningWorker | null = null;
let replay: ReplayServer | null = null;
afterEach(async () => {
  if (worker?.child.exitCode === null) await worker.stop();
  await replay?.close();
  worker = null;
  replay = null;
});

/** A port nothing listens on right now. */
function freePort(): Promise<number> {
  return new Promise((resolve) => {
    const probe = createServer().listen(0, '127.0.0.1', () => {
      const address = probe.address();
      probe.close(() => resolve(typeof address === 'object' && address ? address.port : 0));
    });
  });
}

describe('HEALTH_PORT: /healthz and /metrics on a local port', () => {
  it('the running worker reports its last successful poll, and is healthy', async () => {
    replay = await startReplayServer({
      fts: fixtureJson('fts/fts-page-2026-09-03-p001.json').releases,
      cf: [],
    });
    const port = await freePort();
    worker = startWorker({
      DATABASE_PATH: join(mkdtempSync(join(tmpdir(), 'tn-health-')), 'db.sqlite'),
      FTS_BASE_URL: replay.url,
      CF_ENABLED: 'false',
      PCS_ENABLED: 'false',
      S2W_ENABLED: 'false',
      REQUEST_INTERVAL_MS: '0',
      HEALTH_PORT: String(port),
    });
    await worker.waitFor((out) => out.includes('"msg":"fts: '), 20_000, 'the first poll');
    const health = await fetch(`http://127.0.0.1:${port}/healthz`);
    expect(health.status).toBe(200);
    const body = await health.json();
    expect(body.status).toBe('ok');
    expect(body.sources[0].source).toBe('fts');
    const metrics = await (await fetch(`http://127.0.0.1:${port}/metrics`)).text();
    const seconds = Number(
      /tender_nudge_last_successful_poll_timestamp_seconds\{source="fts"\} (\d+)/.exec(metrics)?.[1],
    );
    expect(Math.abs(seconds - Date.now() / 1000)).toBeLessThan(60);
    expect(metrics).toContain('tender_nudge_poll_cycles_total 1');
    expect((await fetch(`http://127.0.0.1:${port}/nope`)).status).toBe(404);
    const { ms } = await worker.stop();
    expect(ms).toBeLessThan(5_000);
  }, 40_000);

  it('a port in use is a configuration error naming HEALTH_PORT', async () => {
    const busy = createServer().listen(0, '127.0.0.1');
    await new Promise((r) => busy.once('listening', r));
    const address = busy.address();
    const port = typeof address === 'object' && address ? address.port : 0;
    worker = startWorker({
      DATABASE_PATH: join(mkdtempSync(join(tmpdir(), 'tn-health-')), 'db.sqlite'),
      FTS_ENABLED: 'false',
      CF_ENABLED: 'false',
      PCS_ENABLED: 'false',
      S2W_ENABLED: 'false',
      HEALTH_PORT: String(port),
    });
    await worker.waitFor(() => worker?.child.exitCode !== null, 20_000, 'an exit');
    busy.close();
    expect(worker.child.exitCode).toBe(1);
    expect(worker.output()).toContain(
      `health.port (HEALTH_PORT, HEALTH_HOST): 127.0.0.1:${port} is already in use`,
    );
  }, 40_000);
});

import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { startReplayServer, type ReplayServer } from '../../src/replay/replay-server.js';
import { openDb } from '../../src/store/db.js';
import { createSqliteNoticeStore } from '../../src/store/notice-store.js';
import { readReleases } from '../../src/notices/ocds-input.js';
import { fixtureText } from '../support/fixtures.js';
import { startStubServer, startWorker, type RunningWorker, type StubServer } from '../support/worker.js';

const WEBHOOK =
  'https://discord.com/api/webhooks/333333333333333333/webhook-token-for-the-shutdown-test-0123';
const servers: (StubServer | ReplayServer)[] = [];
let worker: RunningWorker | null = null;

afterEach(async () => {
  if (worker?.child.exitCode === null) worker.child.kill('SIGKILL');
  worker = null;
  await Promise.all(servers.splice(0).map((s) => s.close()));
});

function baseEnv(): Record<string, string> {
  return {
    DATABASE_PATH: join(mkdtempSync(join(tmpdir(), 'tn-stop-')), 'db.sqlite'),
    REQUEST_INTERVAL_MS: '0',
    CF_ENABLED: 'false',
    PCS_ENABLED: 'false',
    S2W_ENABLED: 'false',
    HTTP_TIMEOUT_MS: '60000',
  };
}

const waitingLines = (w: RunningWorker) =>
  w
    .logLines()
    .filter((l) => l.msg === 'Shutting down' || l.msg === 'Shutting down: waiting for the work in flight');

/** A worker whose first poll (not a first run) finds matching notices for a config webhook at `discord`. */
async function workerDeliveringTo(discord: StubServer): Promise<RunningWorker> {
  const releases = readReleases(fixtureText('labels/dev-releases.jsonl'))
    .flatMap((r) => ('raw' in r ? [r.raw] : []))
    .slice(0, 40);
  const replay = await startReplayServer({ fts: releases, cf: [] });
  servers.push(replay, discord);
  const env = baseEnv();
  const db = openDb(env.DATABASE_PATH ?? '');
  createSqliteNoticeStore(db).setHighWater('fts', Date.now() - 3_600_000);
  db.close();
  const configFile = join(mkdtempSync(join(tmpdir(), 'tn-stop-')), 'local.json');
  writeFileSync(configFile, JSON.stringify({ discord: { webhooks: [{ name: 'network', url: WEBHOOK }] } }));
  return startWorker({
    ...env,
    FTS_BASE_URL: replay.url,
    CONFIG_FILE: configFile,
    DISCORD_API_BASE: discord.url,
    SEND_INTERVAL_SECONDS: '3600',
  });
}

describe('SIGTERM stops the worker within 5 s', () => {
  it('while a feed request never answers: the request is aborted, and the log says what it waited for', async () => {
    const feed = await startStubServer(() => undefined);
    servers.push(feed);
    worker = startWorker({ ...baseEnv(), FTS_BASE_URL: feed.url });
    await worker.waitFor(() => feed.requests.length > 0, 20_000, 'a request to the feed');
    await new Promise((r) => setTimeout(r, 300));
    const { code, ms } = await worker.stop();
    expect(ms).toBeLessThan(5_000);
    expect(code).toBe(0);
    const inFlight = waitingLines(worker).flatMap((l) => (Array.isArray(l.inFlight) ? l.inFlight : []));
    expect(inFlight).toContain('poll cycle');
    expect(inFlight.some((name) => String(name).startsWith('fts: reading'))).toBe(true);
    expect(
      worker.logLines().some((l) => l.msg === 'Stopped for shutdown; will resume from here next time'),
    ).toBe(true);
    expect(worker.logLines().some((l) => l.msg === 'Stopped')).toBe(true);
  }, 40_000);

  it('during a long Retry-After wait', async () => {
    const feed = await startStubServer((_req, res) =>
      res.writeHead(429, { 'Retry-After': '600', 'Content-Type': 'text/plain' }).end('slow down'),
    );
    servers.push(feed);
    worker = startWorker({ ...baseEnv(), FTS_BASE_URL: feed.url });
    await worker.waitFor((out) => out.includes('Request failed; backing off'), 20_000, 'the back-off');
    const { code, ms } = await worker.stop();
    expect(ms).toBeLessThan(5_000);
    expect(code).toBe(0);
  }, 40_000);

  it('while Discord never answers a delivery', async () => {
    const discord = await startStubServer(() => undefined);
    worker = await workerDeliveringTo(discord);
    await worker.waitFor(() => discord.requests.length > 0, 20_000, 'a delivery to Discord');
    const { code, ms } = await worker.stop();
    expect(ms).toBeLessThan(5_000);
    expect(code).toBe(0);
    const inFlight = waitingLines(worker).flatMap((l) => (Array.isArray(l.inFlight) ? l.inFlight : []));
    expect(inFlight).toContain('sending alerts');
  }, 40_000);

  it('while Discord asks to wait a minute: the delivery cycle holds (polling goes on) and stops at once', async () => {
    // The bot's global limit (a route's own limit holds only its destination: delivery-faults.test.ts).
    const discord = await startStubServer((_req, res) =>
      res
        .writeHead(429, {
          'Content-Type': 'application/json',
          'Retry-After': '60',
          'X-RateLimit-Global': 'true',
          'X-RateLimit-Scope': 'global',
        })
        .end(JSON.stringify({ message: 'You are being rate limited.', retry_after: 60, global: true })),
    );
    worker = await workerDeliveringTo(discord);
    await worker.waitFor(() => discord.requests.length > 0, 20_000, 'a delivery to Discord');
    await new Promise((r) => setTimeout(r, 300));
    const { code, ms } = await worker.stop();
    expect(ms).toBeLessThan(5_000);
    // A wait this long is not sat out inside the REST client (which cannot be aborted): the cycle holds
    // delivery for it instead, so nothing is in flight and the stop is clean.
    expect(code).toBe(0);
    expect(worker.output()).toContain('Discord asked the bot to wait; polling goes on');
  }, 40_000);
});

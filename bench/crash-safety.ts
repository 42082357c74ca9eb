import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { z } from 'zod';
import { readReleases } from '../src/notices/ocds-input.js';
import { startReplayServer } from '../src/replay/replay-server.js';
import { openDb } from '../src/store/db.js';
import { createSqliteSubscriptionStore } from '../src/store/delivery-store.js';
import { createSqliteNoticeStore } from '../src/store/notice-store.js';
import { startDiscordMock, type DiscordMock } from './discord-mock.js';

const ROOT = new URL('../', import.meta.url);
const CHANNEL = '200000000000000002';
const FORUM = '200000000000000003';
const HOOK = '200000000000000004';
const HOOK_TOKEN = 'crash-test-webhook-token-abcdefghijkl';
const ALL_AREAS = [
  'advocacy',
  'direct-payments-payroll',
  'brokerage-support-planning',
  'information-advice',
  'equality-training',
  'peer-support',
  'user-voice',
] as const;

/**
 * The labelled dev notices, repeated with distinct ids and titles so there is a steady stream of alerts to
 * send.
 */
function releases(copies: number): unknown[] {
  const text = readFileSync(new URL('test/fixtures/labels/dev-releases.jsonl', ROOT), 'utf8');
  const Release = z.looseObject({
    id: z.string(),
    ocid: z.string(),
    tender: z.looseObject({ title: z.string().nullish() }),
  });
  const base = readReleases(text).flatMap((r) => ('raw' in r ? [Release.parse(r.raw)] : []));
  return Array.from({ length: copies }, (_, copy) =>
    base.map((r) => ({
      ...r,
      id: `${r.id}-c${copy}`,
      ocid: `${r.ocid}-c${copy}`,
      tender: { ...r.tender, title: `${r.tender.title ?? 'Notice'} (copy ${copy})` },
    })),
  ).flat();
}

/**
 * A fresh database with one instant, all-areas channel subscription, past its first run (so notices alert).
 */
function prepareDb(path: string, since: number): void {
  const db = openDb(path);
  createSqliteSubscriptionStore(db).upsert(
    {
      guildId: '100000000000000001',
      channelId: '200000000000000002',
      target: { kind: 'channel', channelId: '200000000000000002' },
      areas: [...ALL_AREAS],
      watchlists: [],
      regions: [],
      minValue: null,
      maxValue: null,
      reservedOnly: false,
      stages: ['opportunities', 'early', 'awards', 'updates'],
      mode: 'instant',
      timezone: 'Europe/London',
      dailyCap: 10_000,
    },
    'crash-test',
  );
  // The same alerts to a forum (one post each, no nonce) and a webhook (no nonce): the deliveries Discord
  // cannot de-duplicate, so only looking for the post before resending keeps them single.
  const subs = createSqliteSubscriptionStore(db);
  const base = subs.list()[0];
  if (base) {
    const { id: _id, pausedReason: _paused, ...body } = base;
    subs.upsert(
      { ...body, channelId: FORUM, target: { kind: 'forum', channelId: FORUM, tags: [] } },
      'crash-test',
    );
    subs.upsert(
      {
        ...body,
        channelId: 'webhook-crash',
        target: { kind: 'webhook', webhookId: HOOK, webhookToken: HOOK_TOKEN },
      },
      'crash-test',
    );
  }
  createSqliteNoticeStore(db).setHighWater('fts', since);
  db.close();
}

function startWorker(dbPath: string, feedUrl: string, discord: DiscordMock): ChildProcess {
  return spawn(process.execPath, ['--import', 'tsx', 'src/main.ts'], {
    cwd: new URL('.', ROOT).pathname,
    stdio: ['ignore', 'ignore', 'pipe'],
    env: {
      ...process.env,
      DATABASE_PATH: dbPath,
      FTS_BASE_URL: feedUrl,
      CF_ENABLED: 'false',
      PCS_ENABLED: 'false',
      S2W_ENABLED: 'false',
      REQUEST_INTERVAL_MS: '0',
      LOG_LEVEL: 'error',
      POLL_CRON: '* * * * * *',
      DISCORD_TOKEN: 'crash-test-token',
      DISCORD_APPLICATION_ID: '123456789012345678',
      DISCORD_GATEWAY: 'false',
      DISCORD_API_BASE: discord.url,
      SEND_INTERVAL_SECONDS: '5',
    },
  });
}

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/** Waits until `test` holds, checking every 25 ms, for at most `ms`. */
async function until(test: () => boolean, ms: number): Promise<void> {
  for (const started = Date.now(); !test() && Date.now() - started < ms;) await sleep(25);
}

/** Waits until Discord holds `count` posts, or none has been made for `quietMs`. */
async function settled(discord: DiscordMock, count: number, quietMs: number): Promise<void> {
  let last = discord.created.length;
  let since = Date.now();
  while (discord.created.length < count && Date.now() - since < quietMs) {
    await sleep(250);
    if (discord.created.length !== last) [last, since] = [discord.created.length, Date.now()];
  }
  await sleep(1_000);
}

/**
 * Runs one clean worker until the feed is complete and the outbox drained; returns the messages Discord made.
 */
async function cleanRun(feed: unknown[], spreadMs: number, settleMs: number): Promise<string[]> {
  const dir = mkdtempSync(join(tmpdir(), 'tn-crash-ref-'));
  const start = Date.now();
  const replay = await startReplayServer({ fts: feed, cf: [] }, 100, {
    overMs: spreadMs + 60_000,
    endAt: start + spreadMs,
  });
  const discord = await startDiscordMock(null, 15);
  prepareDb(join(dir, 'db.sqlite'), start - 70_000);
  const worker = startWorker(join(dir, 'db.sqlite'), replay.url, discord);
  await sleep(spreadMs);
  await settled(discord, Number.POSITIVE_INFINITY, settleMs);
  worker.kill('SIGTERM');
  await new Promise((resolve) => worker.on('exit', resolve));
  await Promise.all([replay.close(), discord.close()]);
  rmSync(dir, { recursive: true, force: true });
  return keysOf(discord);
}

/** Each post Discord made, as destination|title|kind: the same alert in three places is three keys. */
function keysOf(discord: DiscordMock): string[] {
  const forumPosts = new Set(discord.threads.map((t) => t.id));
  return discord.created.map((m) => {
    let where = 'forum';
    if (m.webhookId) where = 'webhook';
    else if (m.channelId === CHANNEL) where = 'channel';
    else if (!forumPosts.has(m.channelId)) where = m.channelId;
    return `${where}|${m.title ?? ''}|${m.content.includes('Update') ? 'update' : 'new'}`;
  });
}

async function main(): Promise<number> {
  const { values } = parseArgs({
    options: { cycles: { type: 'string', default: '100' }, seed: { type: 'string', default: '1' } },
  });
  const cycles = Number(values.cycles);
  let seed = Number(values.seed);
  const random = () => (seed = (seed * 1103515245 + 12345) % 2 ** 31) / 2 ** 31;
  const feed = releases(Math.max(2, Math.ceil(cycles / 5)));
  // The feed keeps growing while the worker is killed and restarted: releases appear over the whole run.
  const killWindowMs = 900;
  const spreadMs = cycles * (killWindowMs + 700);
  const settleMs = 8_000;

  console.log(
    `Reference: one clean worker over the same feed (${feed.length} releases, released over ` +
      `${(spreadMs / 1000).toFixed(0)} s)…`,
  );
  const expected = await cleanRun(feed, spreadMs, settleMs);

  const dir = mkdtempSync(join(tmpdir(), 'tn-crash-'));
  const dbPath = join(dir, 'db.sqlite');
  const start = Date.now();
  const replay = await startReplayServer({ fts: feed, cf: [] }, 100, {
    overMs: spreadMs + 60_000,
    endAt: start + spreadMs,
  });
  const discord = await startDiscordMock(null, 15);
  prepareDb(dbPath, start - 70_000);
  let kills = 0;
  for (let cycle = 0; cycle < cycles; cycle++) {
    const worker = startWorker(dbPath, replay.url, discord);
    // Killed at a random point of its sending, not while it is still loading (a worker that never reached
    // Discord proves nothing): from its first request to Discord in this life, or after 10 s at most.
    const before = discord.requests;
    await until(() => discord.requests > before, 10_000);
    await sleep(Math.floor(random() * killWindowMs));
    worker.kill('SIGKILL');
    await new Promise((resolve) => worker.on('exit', resolve));
    kills++;
    if ((cycle + 1) % 10 === 0)
      console.log(`  ${cycle + 1}/${cycles} kills, ${discord.created.length} messages so far`);
  }
  const remaining = start + spreadMs - Date.now();
  if (remaining > 0) await sleep(remaining);
  const last = startWorker(dbPath, replay.url, discord);
  // The last worker runs until every expected post is made, or nothing has moved for 20 s.
  await settled(discord, expected.length, 20_000);
  last.kill('SIGTERM');
  await new Promise((resolve) => last.on('exit', resolve));
  await replay.close();
  await discord.close();
  rmSync(dir, { recursive: true, force: true });

  const got = keysOf(discord);
  const count = (list: string[]) =>
    list.reduce((m, k) => m.set(k, (m.get(k) ?? 0) + 1), new Map<string, number>());
  const want = count(expected);
  const have = count(got);
  const lost = [...want].reduce((n, [k, c]) => n + Math.max(0, c - (have.get(k) ?? 0)), 0);
  const duplicated = [...have].reduce((n, [k, c]) => n + Math.max(0, c - (want.get(k) ?? 0)), 0);
  console.log('| figure | value |\n|---|---|');
  console.log(`| SIGKILLs at random points | ${kills} |`);
  console.log(`| alerts expected (clean run: channel, forum and webhook) | ${expected.length} |`);
  for (const where of ['channel', 'forum', 'webhook'])
    console.log(`| of which to the ${where} | ${expected.filter((k) => k.startsWith(`${where}|`)).length} |`);
  console.log(`| alerts Discord created | ${got.length} |`);
  console.log(`| resends answered by nonce (not re-posted) | ${discord.dedupedByNonce} |`);
  console.log(`| lost | ${lost} |`);
  console.log(`| duplicated | ${duplicated} |`);
  return lost === 0 && duplicated === 0 && expected.length > 0 ? 0 : 1;
}

main().then(
  (code) => process.exit(code),
  (err: unknown) => {
    console.error(err);
    process.exit(1);
  },
);

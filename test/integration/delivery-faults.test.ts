import { execFile } from 'node:child_process';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import nock from 'nock';
import { describe, expect, it } from 'vitest';
import { connectGateway, TokenRefusedError } from '../../src/discord/gateway.js';
import { createDelivery } from '../../src/pipeline/delivery.js';
import type { AlertSink } from '../../src/pipeline/delivery-ports.js';
import { startReplayServer } from '../../src/replay/replay-server.js';
import { openDb } from '../../src/store/db.js';
import { createSqliteSubscriptionStore } from '../../src/store/delivery-store.js';
import { createInstanceLock } from '../../src/store/instance-lock.js';
import { createSqliteNoticeStore } from '../../src/store/notice-store.js';
import { createSqliteDeliverySwitch, createSqliteOutboxStore } from '../../src/store/outbox-store.js';
import { buildNotice } from '../support/builders.js';
import { API, DISCORD, deliveryWorld, subscriptionBody } from '../support/delivery.js';
import { fixtureText } from '../support/fixtures.js';
import { readReleases } from '../../src/notices/ocds-input.js';
import { startWorker } from '../support/worker.js';

const run = promisify(execFile);
const CHANNEL = '222222222222222222';
const OTHER = '222222222222222223';
const notice = (i: number) =>
  buildNotice({
    ocid: `ocds-h6vhtk-2000${i}`,
    releaseId: `2000${i}-2026`,
    title: `Independent Advocacy Service ${i}`,
  });

/** The delivery cycle over a delivery world's real outbox, with the sink given. */
function cycleWith(w: ReturnType<typeof deliveryWorld>, sink: AlertSink) {
  return createDelivery({
    outbox: createSqliteOutboxStore(w.db, w.subscriptions),
    subscriptions: w.subscriptions,
    switch: createSqliteDeliverySwitch(w.db, w.clock.now),
    sinkFor: () => sink,
    clock: w.clock,
    log: w.log,
    holder: 'test',
  });
}

const sent = { ok: true as const, messageId: '900000000000000001', threadId: null, found: false };
const unused = () => Promise.resolve(sent);

describe('delivery when Discord or the store fails', () => {
  it('a refused token pauses all delivery (not the channel that met it), loses nothing, and resumes after a restart', async () => {
    const w = deliveryWorld();
    w.subscriptions.upsert(subscriptionBody(), 'x');
    w.subscriptions.upsert(
      subscriptionBody({ channelId: OTHER, target: { kind: 'channel', channelId: OTHER } }),
      'x',
    );
    w.ingest([notice(1), notice(2)]);
    nock(DISCORD)
      .post(`${API}/channels/${CHANNEL}/messages`)
      .reply(401, { message: '401: Unauthorized', code: 0 });
    expect(await w.delivery.drain()).toMatchObject({ sent: 0, failed: 0 });
    const state = createSqliteDeliverySwitch(w.db);
    expect(state.pausedReason()).toBe('the bot token was refused (401)');
    expect(w.subscriptions.list().map((s) => s.pausedReason)).toEqual([null, null]);
    expect(w.queries.deliveryPause()).toBe('the bot token was refused (401)');
    // Nothing more is tried while paused (no interceptor is left: a request would fail the test).
    expect(await w.delivery.drain()).toMatchObject({ sent: 0 });
    // The token is fixed and the worker restarted (a new REST client; main.ts resumes delivery at start):
    // all four go out.
    state.resume();
    nock(DISCORD)
      .post(/\/channels\/\d+\/messages/)
      .times(4)
      .reply(200, () => ({ id: String(Date.now()) }));
    expect(await w.makeDelivery().delivery.drain()).toMatchObject({ sent: 4 });
  });

  it('a database that turns read-only after Discord accepted an alert: it is never sent again', async () => {
    const w = deliveryWorld();
    w.subscriptions.upsert(subscriptionBody(), 'x');
    w.ingest([notice(1)]);
    let calls = 0;
    const sink: AlertSink = {
      deliver: () => {
        calls++;
        w.db.pragma('query_only = ON');
        return Promise.resolve(sent);
      },
      deliverDigest: unused,
      deliverOverflow: unused,
    };
    const delivery = cycleWith(w, sink);
    expect(await delivery.drain()).toMatchObject({ sent: 0 });
    for (let i = 0; i < 8; i++) {
      w.clock.advance(5 * 60_000);
      await delivery.drain();
    }
    expect(calls).toBe(1);
    expect(w.log.entries.some((e) => e.message.includes('sending stops until it is writable'))).toBe(true);
    // Writable again: the mark is recorded first, and the alert is not sent again.
    w.db.pragma('query_only = OFF');
    await delivery.drain();
    expect(calls).toBe(1);
    expect(w.db.prepare(`SELECT status, message_id FROM outbox`).get()).toEqual({
      status: 'sent',
      message_id: '900000000000000001',
    });
  });

  it('a long global rate limit holds delivery only: polling saves and queues meanwhile', async () => {
    const w = deliveryWorld();
    w.subscriptions.upsert(subscriptionBody(), 'x');
    w.ingest([notice(1)]);
    let calls = 0;
    const sink: AlertSink = {
      deliver: () => {
        calls++;
        return Promise.resolve(
          calls === 1
            ? { ok: false, failure: 'rate-limited', reason: 'Discord rate limit (global)', waitMs: 3_600_000 }
            : sent,
        );
      },
      deliverDigest: unused,
      deliverOverflow: unused,
    };
    const delivery = cycleWith(w, sink);
    await delivery.drain();
    w.ingest([notice(2)]);
    w.clock.advance(10 * 60_000);
    expect(await delivery.drain()).toMatchObject({ sent: 0 });
    expect(calls).toBe(1);
    w.clock.advance(3_600_000);
    expect(await delivery.drain()).toMatchObject({ sent: 2 });
  });

  it("a long rate limit on one channel holds that channel's alert only: the others go on", async () => {
    // Discord's per-route and shared limits (X-RateLimit-Scope user, shared) are one destination's; only
    // the global one holds the whole bot (above).
    const w = deliveryWorld();
    const limited = w.subscriptions.upsert(subscriptionBody(), 'x');
    const other = '333333333333333333';
    w.subscriptions.upsert(
      subscriptionBody({ channelId: other, target: { kind: 'channel', channelId: other } }),
      'x',
    );
    w.ingest([notice(1)]);
    const calls: string[] = [];
    const until = w.clock.now() + 1_336_000;
    const sink: AlertSink = {
      deliver: (item) => {
        calls.push(item.subscription.channelId);
        const now = w.clock.now();
        return Promise.resolve(
          item.subscription.id === limited.id && now < until
            ? {
                ok: false,
                failure: 'route-limited',
                reason: 'Discord rate limit on POST /channels/:id/messages (shared)',
                waitMs: until - now,
              }
            : sent,
        );
      },
      deliverDigest: unused,
      deliverOverflow: unused,
    };
    const delivery = cycleWith(w, sink);
    expect(await delivery.drain()).toMatchObject({ sent: 1, retried: 1 });
    // A new notice a minute later reaches the other channel; the limited one's rows wait out its limit.
    w.ingest([notice(2)]);
    w.clock.advance(60_000);
    expect(await delivery.drain()).toMatchObject({ sent: 1, retried: 1 });
    expect(calls.filter((c) => c === other)).toHaveLength(2);
    w.clock.advance(1_336_000);
    expect(await delivery.drain()).toMatchObject({ sent: 2 });
    expect(calls).toHaveLength(6);
    const statuses = w.db.prepare('SELECT status, COUNT(*) AS n FROM outbox GROUP BY status').all();
    expect(statuses).toEqual([{ status: 'sent', n: 4 }]);
  });

  it('a Discord that never answers never delays a poll: kick returns at once', async () => {
    const w = deliveryWorld();
    w.subscriptions.upsert(subscriptionBody(), 'x');
    w.ingest([notice(1)]);
    const hung: AlertSink = {
      deliver: () => new Promise(() => undefined),
      deliverDigest: unused,
      deliverOverflow: unused,
    };
    const delivery = cycleWith(w, hung);
    const before = Date.now();
    delivery.kick();
    delivery.kick();
    expect(Date.now() - before).toBeLessThan(50);
    // The poll goes on: a new notice is saved and queued while the send hangs.
    expect(w.ingest([notice(2)]).map((s) => s.outcome)).toEqual(['new']);
    expect(Number(w.db.prepare(`SELECT COUNT(*) FROM outbox`).pluck().get())).toBe(2);
  });

  it('a long digest in a forum is one post, its later parts replies inside it', async () => {
    const w = deliveryWorld(Date.parse('2026-09-03T07:00:00Z'));
    const forum = '333333333333333333';
    w.subscriptions.upsert(
      subscriptionBody({
        channelId: forum,
        mode: 'daily',
        target: { kind: 'forum', channelId: forum, tags: [] },
      }),
      'x',
    );
    w.ingest(Array.from({ length: 30 }, (_, i) => notice(i + 10)));
    const threads = nock(DISCORD)
      .post(`${API}/channels/${forum}/threads`)
      .reply(201, { id: '700000000000000001' });
    const replies: Record<string, unknown>[] = [];
    const inside = nock(DISCORD).persist().post(`${API}/channels/700000000000000001/messages`);
    inside.reply(
      200,
      (_uri, body) => (replies.push(body as Record<string, unknown>), { id: String(replies.length) }),
    );
    expect(await w.delivery.digests('daily')).toBe(1);
    threads.done();
    nock.removeInterceptor(inside);
    expect(replies.length).toBeGreaterThan(0);
    expect(Number(w.db.prepare(`SELECT COUNT(*) FROM outbox WHERE status = 'sent'`).pluck().get())).toBe(30);
  });
});

describe('one worker per database', () => {
  it('a second holder is refused with who holds it, and takes over a minute after the first goes silent', () => {
    const db = openDb(':memory:');
    let now = Date.parse('2026-09-03T09:00:00Z');
    const running = () => true;
    const a = createInstanceLock(db, { holder: 'a', pid: 101, host: 'box' }, () => now, 60_000, running);
    const b = createInstanceLock(db, { holder: 'b', pid: 202, host: 'box' }, () => now, 60_000, running);
    expect(a.acquire()).toEqual({ ok: true });
    expect(b.acquire()).toMatchObject({ ok: false, holder: { pid: 101, host: 'box' } });
    now += 30_000;
    expect(a.heartbeat()).toBe(true);
    now += 61_000;
    expect(b.acquire()).toEqual({ ok: true });
    expect(a.heartbeat()).toBe(false);
    // On the same machine, a holder whose process is gone (killed) is replaced at once.
    const c = createInstanceLock(
      db,
      { holder: 'c', pid: 303, host: 'box' },
      () => now,
      60_000,
      (pid) => pid !== 202,
    );
    expect(c.acquire()).toEqual({ ok: true });
  });

  it('the rows a killed worker had claimed are free as soon as the next one takes the lock', async () => {
    const w = deliveryWorld();
    w.subscriptions.upsert(subscriptionBody(), 'coordinator');
    w.ingest([notice(1)]);
    const now = w.clock.now();
    // The first worker claimed the row under a 10-minute lease and began sending, then was killed.
    expect(w.outbox.claimDue(now, 10, 'dead-worker', now + 600_000)).toHaveLength(1);
    expect(w.outbox.claimDue(now, 10, 'next-worker', now + 600_000)).toHaveLength(0);
    const lock = createInstanceLock(w.db, { holder: 'next-worker', pid: 4343, host: 'box' }, w.clock.now);
    expect(lock.acquire()).toEqual({ ok: true });
    expect(w.outbox.claimDue(now, 10, 'next-worker', now + 600_000)).toHaveLength(1);
  });

  it('two npm start on one database: the second says who runs there and stops', async () => {
    const env = {
      DATABASE_PATH: join(mkdtempSync(join(tmpdir(), 'tn-lock-')), 'db.sqlite'),
      FTS_ENABLED: 'false',
      CF_ENABLED: 'false',
      PCS_ENABLED: 'false',
      S2W_ENABLED: 'false',
    };
    const first = startWorker(env);
    try {
      await first.waitFor((out) => out.includes('Tender Nudge worker started'), 30_000, 'the first worker');
      const second = startWorker(env);
      const exit = await new Promise<number | null>((resolve) => second.child.once('exit', resolve));
      expect(exit).toBe(1);
      expect(second.output()).toMatch(
        /^Not started: another worker \(pid \d+ on .+, started .+ UTC\) is running on .+ \(DATABASE_PATH\)\./m,
      );
      expect(second.output()).not.toContain('Configuration is not valid');
    } finally {
      await first.stop();
    }
  }, 60_000);

  it('npm run poll beside a running worker queues what it finds and leaves sending to the worker', async () => {
    const path = join(mkdtempSync(join(tmpdir(), 'tn-poll-lock-')), 'db.sqlite');
    const db = openDb(path);
    createSqliteSubscriptionStore(db).upsert(subscriptionBody(), 'x');
    // Past the first run, so what it finds alerts; a worker (another process) holds the database.
    createSqliteNoticeStore(db).setHighWater('fts', Date.now() - 3_600_000);
    createInstanceLock(db, { holder: 'worker', pid: 4242, host: 'box' }).acquire();
    const replay = await startReplayServer(
      {
        fts: readReleases(fixtureText('labels/dev-releases.jsonl')).flatMap((r) =>
          'raw' in r ? [r.raw] : [],
        ),
        cf: [],
      },
      100,
      { overMs: 3_600_000, endAt: Date.now() - 60_000 },
    );
    try {
      const env = {
        ...process.env,
        DATABASE_PATH: path,
        FTS_BASE_URL: replay.url,
        CF_ENABLED: 'false',
        PCS_ENABLED: 'false',
        S2W_ENABLED: 'false',
        REQUEST_INTERVAL_MS: '0',
        LOG_LEVEL: 'warn',
        DISCORD_TOKEN: 'test-token-not-real',
      };
      const { stdout } = await run(process.execPath, ['--import', 'tsx', 'src/cli/poll-once.ts'], { env });
      expect(stdout).toContain('A worker (pid 4242 on box) is running on this database: it sends the alerts');
      const queued = Number(db.prepare(`SELECT COUNT(*) FROM outbox WHERE status = 'pending'`).pluck().get());
      expect(queued).toBeGreaterThan(0);
    } finally {
      await replay.close();
      db.close();
    }
  }, 60_000);
});

describe('the gateway', () => {
  it('is tried again with back-off while Discord is unreachable, and a refused token stops it', async () => {
    const waits: number[] = [];
    let attempts = 0;
    const flaky = {
      login: () =>
        ++attempts < 3 ? Promise.reject(new Error('getaddrinfo ENOTFOUND gateway')) : Promise.resolve(''),
    };
    const log = deliveryWorld().log;
    const signal = new AbortController().signal;
    expect(await connectGateway(flaky, 't', log, signal, (ms) => (waits.push(ms), Promise.resolve()))).toBe(
      true,
    );
    expect(waits).toHaveLength(2);
    const refused = {
      login: () => Promise.reject(Object.assign(new Error('An invalid token'), { code: 'TokenInvalid' })),
    };
    await expect(connectGateway(refused, 't', log, signal, () => Promise.resolve())).rejects.toThrow(
      TokenRefusedError,
    );
  });
});

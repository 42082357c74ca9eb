import { latestSchemaVersion } from '../../src/store/db.js';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { PermissionFlagsBits as P } from 'discord-api-types/v10';
import nock from 'nock';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runDoctor } from '../../src/cli/doctor/run.js';
import { commandJson } from '../../src/discord/deploy.js';
import { startReplayServer, type ReplayServer } from '../../src/replay/replay-server.js';
import { openDb } from '../../src/store/db.js';
import { createSqliteSubscriptionStore } from '../../src/store/delivery-store.js';
import { API, DISCORD, subscriptionBody } from '../support/delivery.js';
import { fixtureJson } from '../support/fixtures.js';
import { startStubServer, type StubServer } from '../support/worker.js';

const TOKEN = 'MTIzNDU2Nzg5MDEyMzQ1Njc4.secret-token-do-not-log.abcdefghijklmnop';
const APP = '123456789012345678';
const BOT = '876543210987654321';
const GUILD = '111111111111111111';
const CHANNEL = '222222222222222222';
const FORUM = '333333333333333333';
const HOOK_ID = '444444444444444444';
const HOOK_TOKEN = 'webhook-secret-token-do-not-log-0123';
const bits = (...flags: bigint[]) => String(flags.reduce((a, b) => a | b, 0n));

let replay: ReplayServer;
let badCf: StubServer;
beforeAll(async () => {
  replay = await startReplayServer({
    fts: fixtureJson('fts/fts-page-2026-09-03-p001.json').releases,
    cf: [fixtureJson('cf/cf-release-tender-martock-ocds-b5fd17-2fa4ddab.json')],
  });
  badCf = await startStubServer((_req, res) =>
    res.writeHead(400, { 'Content-Type': 'application/json' }).end('{"message":"bad date"}'),
  );
});
afterAll(async () => {
  await replay.close();
  await badCf.close();
});

/** A database with a channel and a forum subscription, and a config file with one webhook. */
function setUp(envOverrides: Record<string, string> = {}) {
  const dir = mkdtempSync(join(tmpdir(), 'tn-doctor-'));
  const database = join(dir, 'db.sqlite');
  const db = openDb(database);
  const subs = createSqliteSubscriptionStore(db);
  subs.upsert(subscriptionBody({ channelId: CHANNEL, target: { kind: 'channel', channelId: CHANNEL } }), 'x');
  subs.upsert(
    subscriptionBody({ channelId: FORUM, target: { kind: 'forum', channelId: FORUM, tags: [] } }),
    'x',
  );
  db.close();
  const configFile = join(dir, 'local.json');
  const url = `https://discord.com/api/webhooks/${HOOK_ID}/${HOOK_TOKEN}`;
  writeFileSync(configFile, JSON.stringify({ discord: { webhooks: [{ name: 'network', url }] } }));
  return {
    DATABASE_PATH: database,
    CONFIG_FILE: configFile,
    FTS_BASE_URL: replay.url,
    CF_BASE_URL: replay.url,
    PCS_BASE_URL: `${replay.url}/pcs`,
    S2W_BASE_URL: `${replay.url}/s2w`,
    DISCORD_TOKEN: TOKEN,
    DISCORD_APPLICATION_ID: APP,
    ...envOverrides,
  };
}

/** Discord as it answers a bot that is set up right (commands registered as this version defines them). */
function healthyDiscord(options: { commands?: unknown[]; forumDeny?: string; webhookStatus?: number } = {}) {
  const registered = (options.commands ?? commandJson()).map((c, i) => ({ ...(c as object), id: String(i) }));
  nock(DISCORD)
    .get(`${API}/users/%40me`)
    .reply(200, { id: BOT, username: 'Tender Nudge' })
    .get(`${API}/applications/@me`)
    .reply(200, { id: APP })
    .get(`${API}/applications/${APP}/commands`)
    .reply(200, registered)
    .get(`${API}/channels/${CHANNEL}`)
    .reply(200, { id: CHANNEL, type: 0, guild_id: GUILD, permission_overwrites: [] })
    .get(`${API}/guilds/${GUILD}/roles`)
    .reply(200, [
      {
        id: GUILD,
        permissions: bits(
          P.ViewChannel,
          P.SendMessages,
          P.EmbedLinks,
          P.SendMessagesInThreads,
          P.ReadMessageHistory,
        ),
      },
    ])
    .get(`${API}/guilds/${GUILD}/members/${BOT}`)
    .reply(200, { roles: [] })
    .get(`${API}/channels/${FORUM}`)
    .reply(200, {
      id: FORUM,
      type: 15,
      guild_id: GUILD,
      permission_overwrites: options.forumDeny
        ? [{ id: BOT, type: 1, allow: '0', deny: options.forumDeny }]
        : [],
    })
    .get(`${API}/webhooks/${HOOK_ID}/${HOOK_TOKEN}`)
    .reply(
      options.webhookStatus ?? 200,
      options.webhookStatus === 404
        ? { code: 10015, message: 'Unknown Webhook' }
        : {
            id: HOOK_ID,
          },
    );
}

describe('npm run doctor', () => {
  it('all is well: one OK line per check, exit 0', async () => {
    healthyDiscord();
    const report = await runDoctor({ env: setUp(), dotenv: null });
    expect(report.lines.filter((l) => !l.startsWith('OK'))).toEqual(['Everything checked is fine.']);
    const text = report.lines.join('\n');
    expect(text).toContain(`OK    schema: version ${latestSchemaVersion()}, as this code expects`);
    expect(text).toContain('OK    feed Find a Tender: reachable; answered a 10-minute window');
    expect(text).toMatch(
      /OK {4}feed Contracts Finder: the date form sent is accepted \(publishedFrom=\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\)/,
    );
    expect(text).toContain(`OK    Discord token: valid, for the bot Tender Nudge (${BOT})`);
    expect(text).toContain('OK    slash commands: all 15 registered globally, as this version defines them');
    expect(text).toContain(`OK    channel <#${FORUM}> (server ${GUILD}): the bot can post here (forum)`);
    expect(text).toContain('OK    webhook "network": alive');
    expect(report.exitCode).toBe(0);
    expect(text).not.toContain('secret-token');
  });

  it('says what to fix: a command missing, a permission missing in a forum, a deleted webhook', async () => {
    healthyDiscord({
      commands: commandJson().filter((c) => (c as { name: string }).name !== 'status'),
      forumDeny: bits(P.EmbedLinks),
      webhookStatus: 404,
    });
    const report = await runDoctor({ env: setUp(), dotenv: null });
    expect(report.lines).toContain(
      'FIX   slash commands: not registered globally: /status; run npm run deploy-commands',
    );
    expect(report.lines).toContain(
      `FIX   channel <#${FORUM}> (server ${GUILD}): the bot lacks Embed Links here: grant them to its role in this channel's permissions`,
    );
    expect(report.lines).toContain(
      'FIX   webhook "network": deleted or its token changed (Unknown Webhook): make a new webhook and update discord.webhooks.0.url',
    );
    expect(report.lines[report.lines.length - 1]).toBe('3 things need fixing (FIX lines above).');
    expect(report.exitCode).toBe(1);
  });

  // Left from the forum work: a thread was held to Send Messages (which does not allow posting in a thread),
  // with no overwrites (a thread has none: its parent channel's apply).
  it("checks a thread for Send Messages in Threads, with its parent channel's overwrites", async () => {
    const [THREAD_OK, PARENT_OK] = ['555555555555555555', '666666666666666666'];
    const [THREAD_NO, PARENT_NO] = ['777777777777777777', '888888888888888888'];
    const env = setUp();
    const db = openDb(env.DATABASE_PATH);
    const subs = createSqliteSubscriptionStore(db);
    for (const id of [THREAD_OK, THREAD_NO])
      subs.upsert(subscriptionBody({ channelId: id, target: { kind: 'channel', channelId: id } }), 'x');
    db.close();
    healthyDiscord();
    const parent = (id: string, deny: bigint) => ({
      id,
      type: 0,
      guild_id: GUILD,
      permission_overwrites: [{ id: BOT, type: 1, allow: '0', deny: bits(deny) }],
    });
    nock(DISCORD)
      .get(`${API}/channels/${THREAD_OK}`)
      .reply(200, { id: THREAD_OK, type: 11, guild_id: GUILD, parent_id: PARENT_OK })
      .get(`${API}/channels/${PARENT_OK}`)
      .reply(200, parent(PARENT_OK, P.SendMessages))
      .get(`${API}/channels/${THREAD_NO}`)
      .reply(200, { id: THREAD_NO, type: 11, guild_id: GUILD, parent_id: PARENT_NO })
      .get(`${API}/channels/${PARENT_NO}`)
      .reply(200, parent(PARENT_NO, P.SendMessagesInThreads));
    const report = await runDoctor({ env, dotenv: null });
    expect(report.lines).toContain(
      `OK    channel <#${THREAD_OK}> (server ${GUILD}): the bot can post here (thread)`,
    );
    expect(report.lines).toContain(
      `FIX   channel <#${THREAD_NO}> (server ${GUILD}): the bot lacks Send Messages in Threads here: grant them ` +
        "to its role in the permissions of the channel this thread is in (a thread has that channel's)",
    );
    expect(report.lines[report.lines.length - 1]).toBe('1 thing needs fixing (the FIX line above).');
  });

  it('a refused token, and a Contracts Finder that refuses the date form', async () => {
    nock(DISCORD)
      .get(`${API}/users/%40me`)
      .reply(401, { code: 0, message: '401: Unauthorized' })
      .get(`${API}/webhooks/${HOOK_ID}/${HOOK_TOKEN}`)
      .reply(200, { id: HOOK_ID });
    const report = await runDoctor({ env: setUp({ CF_BASE_URL: badCf.url }), dotenv: null });
    expect(report.lines).toContain(
      'FIX   Discord token: refused (401): copy the bot token again from the Discord developer portal into DISCORD_TOKEN',
    );
    expect(report.lines).toContain(
      'FIX   feed Contracts Finder: refused the date form sent (HTTP 400): the API may have changed; report it with this line',
    );
    expect(report.exitCode).toBe(1);
  });

  it('offline without --offline: says what it cannot reach, and does not hang', async () => {
    const started = Date.now();
    const env = setUp({ FTS_BASE_URL: 'https://www.find-tender.service.gov.uk', CF_ENABLED: 'false' });
    const report = await runDoctor({ env, dotenv: null });
    expect(Date.now() - started).toBeLessThan(10_000);
    const text = report.lines.join('\n');
    expect(text).toContain('FIX   feed Find a Tender: cannot reach www.find-tender.service.gov.uk');
    expect(text).toContain('FIX   Discord token: cannot reach Discord');
    expect(text).toContain('FIX   webhook "network": cannot reach Discord');
    expect(report.exitCode).toBe(1);
    expect(text).not.toContain('secret-token');
  });

  it('--offline checks only what is local, and exits 0 when that is fine', async () => {
    const report = await runDoctor({ env: setUp(), dotenv: null, offline: true });
    expect(report.lines.slice(-4)).toEqual([
      'SKIP  feeds: not checked (--offline)',
      'SKIP  Discord: not checked (--offline)',
      'SKIP  webhooks: not checked (--offline)',
      'Everything checked is fine.',
    ]);
    expect(report.exitCode).toBe(0);
  });

  it('a bad configuration: every problem, then nothing else', async () => {
    const report = await runDoctor({
      env: { POLL_CRON: 'often', DISCORD_BOT_TOKEN: 'x' },
      dotenv: null,
      offline: true,
    });
    expect(report.lines[0]).toMatch(
      /^FIX {3}configuration: poll\.cron \(from POLL_CRON\): "often" is not a cron expression/,
    );
    expect(report.lines).toContain(
      'WARN  configuration: The environment has DISCORD_BOT_TOKEN, which is not a Tender Nudge variable; did you mean DISCORD_TOKEN?',
    );
    expect(report.exitCode).toBe(1);
  });

  it('a cycle deadline not under the poll interval is a warning about the configuration', async () => {
    const report = await runDoctor({
      env: { DATABASE_PATH: setUp().DATABASE_PATH, POLL_CRON: '*/5 * * * *' },
      dotenv: null,
      offline: true,
    });
    expect(report.lines).toContainEqual(
      expect.stringMatching(
        /^WARN {2}configuration: poll\.cycleDeadlineSeconds \(in config\/default\.json\) is 9 minutes, but poll\.cron/,
      ),
    );
  });

  it('a database newer than this code (after a rollback) needs fixing', async () => {
    const env = setUp();
    const db = openDb(env.DATABASE_PATH);
    db.pragma('user_version = 99');
    db.close();
    const report = await runDoctor({ env, dotenv: null, offline: true });
    expect(report.lines).toContain(
      `FIX   schema: version 99 is newer than this code (${latestSchemaVersion()}): run the newer version, or restore the backup taken before the upgrade (see Upgrades in the README)`,
    );
  });
});

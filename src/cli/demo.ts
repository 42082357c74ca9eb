import { systemClock } from '../shared/clock.js';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createAreaMatcher, createSources, sourceLabels } from '../app.js';
import { loadConfig } from '../config.js';
import { asksForHelp, runCli } from './run.js';
import { DEMO_USAGE, demoNoOptions } from './ops-text.js';
import { byFeed, RECORDED_FOLDERS, releasesIn } from './recorded.js';
import type { MessageTransport } from '../discord/client.js';
import type { OutgoingMessage } from '../discord/messages.js';
import { createLogger } from '../log.js';
import { buildGuide } from '../guide/guide.js';
import { guideSections } from '../guide/guide-text.js';
import { readReleases } from '../notices/ocds-input.js';
import { runPollCycle } from '../pipeline/poll-cycle.js';
import { startReplayServer } from '../replay/replay-server.js';
import { openDb } from '../store/db.js';
import { createSqliteSubscriptionStore } from '../store/delivery-store.js';
import { createSqliteBidderStore } from '../store/bidder-store.js';
import { createWorkerDelivery } from '../wiring.js';
import { createSqliteNoticeStore } from '../store/notice-store.js';
import { createSqliteQueries } from '../store/query-store.js';

const ROOT = new URL('../../', import.meta.url);
const SHARED = new URL('../shared/', ROOT);

function labelledReleases(): unknown[] {
  const dir = new URL('labels/', SHARED);
  try {
    return ['dev-releases.jsonl', 'pool-releases.jsonl'].flatMap((f) =>
      readReleases(readFileSync(new URL(f, dir), 'utf8')).flatMap((r) => ('raw' in r ? [r.raw] : [])),
    );
  } catch {
    // ../shared is optional for the demo: the recorded fixtures in test/ are enough to show it working.
    return readReleases(
      readFileSync(new URL('test/fixtures/labels/dev-releases.jsonl', ROOT), 'utf8'),
    ).flatMap((r) => ('raw' in r ? [r.raw] : []));
  }
}

/** Prints what the bot would post, as a person would read it (Discord timestamps shown as dates). */
function consoleTransport(): MessageTransport & { count: () => number } {
  let posted = 0;
  const show = (where: string, body: OutgoingMessage) => {
    posted++;
    const readable = (text: string) =>
      text
        .replace(/<t:(\d+):[FR]>/g, (_m, s: string) => new Date(Number(s) * 1000).toUTCString())
        .replace(/\\([\\*_~`|[\]<>#-])/g, '$1');
    const lines = [`== ${where} ==`, readable(body.content ?? '')];
    for (const embed of body.embeds ?? [])
      for (const field of embed.fields ?? [])
        lines.push(`   ${field.name}: ${readable(field.value).replace(/\n/g, '\n      ')}`);
    const url = body.embeds?.[0]?.url;
    if (url) lines.push(`   Link: ${url}`);
    console.log(`${lines.join('\n')}\n`);
    return { id: String(posted) };
  };
  return {
    count: () => posted,
    postMessage: (channelId, body) => Promise.resolve(show(`message to channel ${channelId}`, body)),
    startThread: (forumId, name, body) => {
      const threadId = show(`new forum post "${name}" in ${forumId}`, body).id;
      return Promise.resolve({ threadId, messageId: threadId });
    },
    postWebhook: (id, _token, body) => Promise.resolve(show(`webhook ${id}`, body)),
    sendDirect: (userId, body) => Promise.resolve(show(`direct message to ${userId}`, body)),
  };
}

/**
 * The offline demo: a local replay of the recorded feeds (and the labelled notices), the real worker against
 * it with a temporary database, and the alerts it would post printed here. No network, no token.
 */
async function main(): Promise<number> {
  // It takes no options: one given (a flag meant for `npm run poll`, say) is said, not silently ignored.
  const args = process.argv.slice(2);
  if (asksForHelp(args)) {
    console.log(DEMO_USAGE);
    return 0;
  }
  if (args.length > 0) {
    console.error(demoNoOptions(args.join(' ')));
    return 2;
  }
  const recorded = [
    ...RECORDED_FOLDERS.flatMap((dir) => releasesIn(new URL(`test/fixtures/${dir}/`, ROOT))),
    ...labelledReleases(),
  ];
  // Labelled notices of no UK feed's ocid (read from pages) are served as Find a Tender's.
  const data = byFeed(recorded);
  const replay = await startReplayServer(data, 100, { overMs: 3600_000, endAt: Date.now() - 60_000 });
  const dir = mkdtempSync(join(tmpdir(), 'tender-nudge-demo-'));
  try {
    const config = loadConfig({
      DATABASE_PATH: join(dir, 'demo.db'),
      FTS_BASE_URL: replay.url,
      CF_BASE_URL: replay.url,
      PCS_BASE_URL: `${replay.url}/pcs`,
      S2W_BASE_URL: `${replay.url}/s2w`,
      REQUEST_INTERVAL_MS: '0',
      LOG_LEVEL: 'warn',
    });
    const log = createLogger('warn');
    const db = openDb(config.databasePath);
    const store = createSqliteNoticeStore(db);
    const subscriptions = createSqliteSubscriptionStore(db);
    const matcher = createAreaMatcher();
    subscriptions.upsert(
      {
        guildId: 'demo',
        channelId: 'demo-channel',
        target: { kind: 'channel', channelId: 'demo-channel' },
        areas: matcher.areas.map((a) => a.id),
        watchlists: [],
        regions: [],
        minValue: null,
        maxValue: null,
        reservedOnly: false,
        stages: ['opportunities', 'early', 'awards', 'updates'],
        mode: 'instant',
        timezone: 'Europe/London',
        dailyCap: 100,
      },
      'demo',
    );
    subscriptions.upsert(
      {
        guildId: 'demo',
        channelId: 'reserved-only',
        target: { kind: 'channel', channelId: 'reserved-only' },
        areas: [],
        watchlists: [],
        regions: [],
        minValue: null,
        maxValue: null,
        reservedOnly: true,
        stages: ['opportunities', 'early', 'awards', 'updates'],
        mode: 'instant',
        timezone: 'Europe/London',
        dailyCap: 100,
      },
      'demo',
    );
    // Not a first run: everything replayed counts as new, so the alerts show.
    for (const source of ['fts', 'cf', 'pcs', 's2w']) store.setHighWater(source, Date.now() - 3700_000);
    const summaries = await runPollCycle({
      sources: createSources(config, systemClock, log),
      store,
      clock: systemClock,
      log,
      match: matcher.match,
      firstRunLookbackMs: 0,
      overlapMs: 0,
    });
    // The worker's own delivery cycle, with a transport that prints instead of posting.
    const transport = consoleTransport();
    const queries = createSqliteQueries(db);
    const { delivery } = createWorkerDelivery({
      config,
      db,
      clock: systemClock,
      log,
      bidders: createSqliteBidderStore(db, queries),
      queries,
      areaLabel: matcher.labelOf,
      sourceLabel: sourceLabels(config),
      transport,
      lookup: null,
    });
    await delivery.drain();
    const sample = queries
      .recent(null, 0, 50, 365 * 86_400_000)
      .items.filter((v) => v.notice.stage === 'tender' && v.match?.reserved?.kind === 'candidate')
      .sort((a, b) => Number(Boolean(b.notice.url)) - Number(Boolean(a.notice.url)))[0];
    if (sample) {
      const guide = guideSections(buildGuide(sample.notice, sample.match, Date.now()), Date.now());
      console.log(`== Sample first-time bidder guide (what /guide and "How do I bid?" show) ==`);
      console.log(`${guide.join('\n\n')}\n`);
    }
    const notices = store.countNotices();
    const matched = Number(
      db
        .prepare(`SELECT COUNT(*) FROM notices WHERE json_array_length(match_json, '$.areas') > 0`)
        .pluck()
        .get(),
    );
    const reserved = Number(
      db
        .prepare(
          `SELECT COUNT(*) FROM notices WHERE json_extract(match_json, '$.reserved.kind') = 'explicit'`,
        )
        .pluck()
        .get(),
    );
    for (const s of summaries) if (s.errors.length > 0) console.log(`${s.source}: ${s.errors.join('; ')}`);
    const requests = replay.requests.length;
    console.log(
      `${notices} notices, ${matched} matched, ${transport.count()} alerts ` +
        `(${requests} requests to the local replay); ${reserved} of the notices are explicitly reserved`,
    );
    db.close();
  } finally {
    await replay.close();
    rmSync(dir, { recursive: true, force: true });
  }
  return 0;
}

runCli(main);

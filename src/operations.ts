import { statSync } from 'node:fs';
import { createRequire } from 'node:module';
import type { Config } from './config.js';
import type { MessageTransport } from './discord/client.js';
import { channelLine, textMessages } from './discord/messages.js';
import { sourceLabel } from './sources/registry.js';
import type { Counters, MetricsFacts } from './ops/metrics.js';
import { planOpsAlerts } from './ops/feed-alerts.js';
import type { Activities } from './ops/lifecycle.js';
import type { NoticeSource, TimeWindow } from './pipeline/ports.js';
import type { Logger } from './shared/logger.js';
import { SQLITE_DRIVER } from './store/db.js';
import type { SqliteOpsStore } from './store/ops-store.js';
import { createSqliteRetention } from './store/retention-store.js';
import type { Db } from './store/db.js';

// The worker's operations wiring (main.ts stays the composition root): what is in flight, the coordinators'
// alerts, the health and metrics facts, and pruning old history.

const hhmm = (d: Date) => d.toISOString().slice(0, 16).replace('T', ' ');

/** The source, with each window it is reading listed as in flight (so shutdown can say what it waits for). */
export function trackSource(source: NoticeSource, activities: Activities): NoticeSource {
  return {
    ...source,
    async *fetchWindow(window: TimeWindow) {
      const done = activities.mark(`${source.id}: reading ${hhmm(window.from)}–${hhmm(window.to)} UTC`);
      try {
        yield* source.fetchWindow(window);
      } finally {
        done();
      }
    },
  };
}

export interface OpsAlertDeps {
  ops: SqliteOpsStore;
  transport: MessageTransport;
  sources: string[];
  feedFailureHours: number;
  counters: Counters;
  log: Logger;
  now?: () => number;
}

/**
 * Tells each server's alerts channel, once, that a feed has failed for longer than the configured time, that
 * it recovered, or that a subscription was paused. A message that cannot be sent is tried again next time.
 */
export async function sendOpsAlerts(deps: OpsAlertDeps): Promise<number> {
  const now = (deps.now ?? Date.now)();
  const plan = planOpsAlerts(
    {
      now,
      feedFailureMs: deps.feedFailureHours * 3_600_000,
      feeds: deps.sources.map((s) => deps.ops.feedState(s)),
      paused: deps.ops.pausedSubscriptions(),
      channels: deps.ops.alertChannels(),
      told: deps.ops.told(),
    },
    sourceLabel(),
  );
  for (const row of plan.forget) deps.ops.forget(row.key, row.guildId);
  let sent = 0;
  for (const message of plan.messages) {
    try {
      const text = message.text;
      const block = typeof text === 'string' ? text : channelLine(text.before, text.channelId, text.after);
      for (const body of textMessages([block], { kind: 'channel' }))
        await deps.transport.postMessage(message.channelId, body);
    } catch (err) {
      deps.log.warn(
        { guild: message.guildId, key: message.key, err: err instanceof Error ? err.message : String(err) },
        'Alerts channel message not delivered; will try again',
      );
      continue;
    }
    if (message.then === 'tell') deps.ops.tell(message.key, message.guildId);
    else deps.ops.forget(message.key, message.guildId);
    sent++;
    deps.counters.opsAlerts++;
  }
  return sent;
}

/** The size of the database file and its write-ahead log, in bytes (0 for :memory:). */
export function databaseBytes(path: string): number {
  if (path === ':memory:') return 0;
  return [path, `${path}-wal`].reduce((sum, file) => {
    try {
      return sum + statSync(file).size;
    } catch {
      return sum;
    }
  }, 0);
}

const VERSION = (() => {
  try {
    const pkg: unknown = createRequire(import.meta.url)('../package.json');
    return typeof pkg === 'object' && pkg !== null && 'version' in pkg ? String(pkg.version) : 'unknown';
  } catch {
    return 'unknown';
  }
})();

/** The facts /healthz and /metrics are built from, read fresh for each request. */
export function metricsFacts(deps: {
  config: Config;
  ops: SqliteOpsStore;
  sources: string[];
  startedAt: number;
  pollIntervalMs: number;
  counters: Counters;
}): () => MetricsFacts {
  return () => ({
    now: Date.now(),
    startedAt: deps.startedAt,
    pollIntervalMs: deps.pollIntervalMs,
    sources: deps.sources.map((source) => ({ source, lastSuccessAt: deps.ops.lastSuccessAt(source) })),
    counters: deps.counters,
    outbox: deps.ops.outboxByStatus(),
    pausedSubscriptions: deps.ops.pausedSubscriptions().length,
    databaseBytes: databaseBytes(deps.config.databasePath),
    info: { version: VERSION, node: process.version, sqliteDriver: SQLITE_DRIVER },
  });
}

/** Prunes release history older than the configured years, yielding to the event loop between batches. */
export async function pruneHistory(db: Db, years: number, log: Logger, now = Date.now()): Promise<void> {
  const cutoff = now - years * 365.25 * 86_400_000;
  const result = await createSqliteRetention(db).prune(
    cutoff,
    () => new Promise((resolve) => setImmediate(resolve)),
  );
  if (result.releases + result.events + result.runs > 0)
    log.info({ ...result, olderThan: new Date(cutoff).toISOString() }, 'Pruned old release history');
}

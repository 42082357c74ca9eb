// What /healthz and /metrics report, as pure functions of the facts the worker gathers (the store and its own
// counters). The health check fails when a source has not been read successfully for three poll intervals.

/** One source's last successful read. */
export interface SourceHealth {
  source: string;
  lastSuccessAt: number | null;
}

export interface HealthFacts {
  now: number;
  /** When this process started: a source gets three intervals from here before it counts as stale. */
  startedAt: number;
  /** The longest gap between two scheduled polls. */
  pollIntervalMs: number;
  sources: SourceHealth[];
}

export interface HealthReport {
  ok: boolean;
  sources: { source: string; lastSuccessAt: string | null; secondsSince: number | null; stale: boolean }[];
}

/** Healthy when every source was read within three poll intervals (counting from start-up at the latest). */
export function healthReport(facts: HealthFacts): HealthReport {
  const limit = 3 * facts.pollIntervalMs;
  const sources = facts.sources.map((s) => {
    const since = Math.max(s.lastSuccessAt ?? 0, facts.startedAt);
    return {
      source: s.source,
      lastSuccessAt: s.lastSuccessAt === null ? null : new Date(s.lastSuccessAt).toISOString(),
      secondsSince: s.lastSuccessAt === null ? null : Math.round((facts.now - s.lastSuccessAt) / 1000),
      stale: facts.now - since > limit,
    };
  });
  return { ok: sources.every((s) => !s.stale), sources };
}

/** Counters kept by the worker since it started. */
export interface Counters {
  pollCycles: number;
  deliveries: { sent: number; retried: number; failed: number; capped: number };
  opsAlerts: number;
}

export const emptyCounters = (): Counters => ({
  pollCycles: 0,
  deliveries: { sent: 0, retried: 0, failed: 0, capped: 0 },
  opsAlerts: 0,
});

export interface MetricsFacts extends HealthFacts {
  counters: Counters;
  /** Outbox rows by status (pending, digest, sent, failed, capped). */
  outbox: Record<string, number>;
  pausedSubscriptions: number;
  databaseBytes: number;
  info: { version: string; node: string; sqliteDriver: string };
}

const label = (value: string) => value.replace(/[\\"\n]/g, (c) => (c === '\n' ? '\\n' : `\\${c}`));

/** Prometheus text exposition format (version 0.0.4). */
export function renderMetrics(facts: MetricsFacts): string {
  const lines: string[] = [];
  const metric = (name: string, type: string, help: string, samples: [string, number][]) => {
    lines.push(`# HELP ${name} ${help}`, `# TYPE ${name} ${type}`);
    for (const [labels, value] of samples) lines.push(`${name}${labels} ${value}`);
  };
  const health = healthReport(facts);
  const { info, counters } = facts;
  metric('tender_nudge_info', 'gauge', 'Version, Node and SQLite driver.', [
    [
      `{version="${label(info.version)}",node="${label(info.node)}",` +
        `sqlite_driver="${label(info.sqliteDriver)}"}`,
      1,
    ],
  ]);
  metric(
    'tender_nudge_last_successful_poll_timestamp_seconds',
    'gauge',
    'When each source was last read without an error (0: never).',
    facts.sources.map((s) => [`{source="${label(s.source)}"}`, Math.round((s.lastSuccessAt ?? 0) / 1000)]),
  );
  metric(
    'tender_nudge_source_stale',
    'gauge',
    '1 when a source has not been read for three poll intervals (the health check fails).',
    health.sources.map((s) => [`{source="${label(s.source)}"}`, Number(s.stale)]),
  );
  metric('tender_nudge_outbox_depth', 'gauge', 'Alerts waiting to be sent (pending or for a digest).', [
    ['', (facts.outbox.pending ?? 0) + (facts.outbox.digest ?? 0)],
  ]);
  metric(
    'tender_nudge_outbox_items',
    'gauge',
    'Outbox rows by status.',
    Object.entries(facts.outbox).map(([status, n]) => [`{status="${label(status)}"}`, n]),
  );
  metric(
    'tender_nudge_deliveries_total',
    'counter',
    'Delivery attempts since start, by result.',
    Object.entries(counters.deliveries).map(([result, n]) => [`{result="${result}"}`, n]),
  );
  metric('tender_nudge_paused_subscriptions', 'gauge', 'Subscriptions paused by a permanent Discord error.', [
    ['', facts.pausedSubscriptions],
  ]);
  metric('tender_nudge_poll_cycles_total', 'counter', 'Poll cycles run since start.', [
    ['', counters.pollCycles],
  ]);
  metric('tender_nudge_ops_alerts_total', 'counter', "Messages sent to coordinators' alerts channels.", [
    ['', counters.opsAlerts],
  ]);
  metric('tender_nudge_database_bytes', 'gauge', 'Size of the SQLite file and its WAL.', [
    ['', facts.databaseBytes],
  ]);
  metric('tender_nudge_uptime_seconds', 'gauge', 'Seconds since the worker started.', [
    ['', Math.round((facts.now - facts.startedAt) / 1000)],
  ]);
  return `${lines.join('\n')}\n`;
}

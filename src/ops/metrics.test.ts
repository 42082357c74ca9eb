import { describe, expect, it } from 'vitest';
import { emptyCounters, healthReport, renderMetrics, type MetricsFacts } from './metrics.js';

const NOW = Date.parse('2026-12-01T12:00:00Z');
const MIN = 60_000;

function facts(overrides: Partial<MetricsFacts> = {}): MetricsFacts {
  return {
    now: NOW,
    startedAt: NOW - 24 * 60 * MIN,
    pollIntervalMs: 10 * MIN,
    sources: [
      { source: 'fts', lastSuccessAt: NOW - 12 * MIN },
      { source: 'cf', lastSuccessAt: NOW - 29 * MIN },
    ],
    counters: emptyCounters(),
    outbox: { pending: 2, digest: 1, sent: 40, failed: 1, capped: 0 },
    pausedSubscriptions: 1,
    databaseBytes: 1234,
    info: { version: '0.1.0', node: 'v24.21.0', sqliteDriver: 'better-sqlite3-napi' },
    ...overrides,
  };
}

describe('health', () => {
  it('is healthy while every source was read within three poll intervals', () => {
    expect(healthReport(facts()).ok).toBe(true);
  });

  it('fails when a source has not been read for more than three intervals', () => {
    const report = healthReport(facts({ sources: [{ source: 'fts', lastSuccessAt: NOW - 31 * MIN }] }));
    expect(report.ok).toBe(false);
    expect(report.sources[0]).toMatchObject({ source: 'fts', stale: true, secondsSince: 31 * 60 });
  });

  it('gives a source never read three intervals from start-up before failing', () => {
    const never = [{ source: 'fts', lastSuccessAt: null }];
    expect(healthReport(facts({ sources: never, startedAt: NOW - 20 * MIN })).ok).toBe(true);
    expect(healthReport(facts({ sources: never, startedAt: NOW - 40 * MIN })).ok).toBe(false);
  });
});

describe('metrics', () => {
  it('renders the Prometheus text format with the last poll per source, outbox, deliveries and pauses', () => {
    const counters = { ...emptyCounters(), deliveries: { sent: 5, retried: 1, failed: 2, capped: 0 } };
    const text = renderMetrics(facts({ counters }));
    expect(text).toContain('# TYPE tender_nudge_last_successful_poll_timestamp_seconds gauge');
    expect(text).toContain(
      `tender_nudge_last_successful_poll_timestamp_seconds{source="fts"} ${(NOW - 12 * MIN) / 1000}`,
    );
    expect(text).toContain('tender_nudge_source_stale{source="cf"} 0');
    expect(text).toContain('tender_nudge_outbox_depth 3');
    expect(text).toContain('tender_nudge_outbox_items{status="failed"} 1');
    expect(text).toContain('tender_nudge_deliveries_total{result="sent"} 5');
    expect(text).toContain('tender_nudge_deliveries_total{result="failed"} 2');
    expect(text).toContain('tender_nudge_paused_subscriptions 1');
    expect(text).toContain(
      'tender_nudge_info{version="0.1.0",node="v24.21.0",sqlite_driver="better-sqlite3-napi"} 1',
    );
    for (const line of text.trim().split('\n'))
      expect(line).toMatch(/^(# (HELP|TYPE) \w+ .+|\w+(\{[^}]*\})? -?\d+(\.\d+)?)$/);
  });
});

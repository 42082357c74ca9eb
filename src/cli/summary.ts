import type { SourceRunSummary } from '../pipeline/poll-cycle.js';
import { plural } from '../shared/plural.js';

/** One line per source: "fts: 3 requests, 120 seen, 4 new, 1 updated, 115 unchanged, 0 skipped, 0 errors". */
export function formatSummary(summary: SourceRunSummary): string {
  const c = summary.counts;
  const errors = summary.errors.length > 0 ? ` — ${summary.errors.join('; ')}` : '';
  const baseline = summary.baseline ? ' (stored as a baseline: no alerts)' : '';
  return (
    `${summary.source}: ${plural(summary.requests, 'request')}, ${c.seen} seen, ${c.new} new, ${c.updated} ` +
    `updated, ${c.unchanged} unchanged, ${c.skipped} skipped, ${plural(summary.errors.length, 'error')}` +
    `${baseline}${errors}`
  );
}

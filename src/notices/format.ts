import { formatMoney } from './money.js';
import { toUkDay } from './dates.js';
import type { Notice } from './notice.js';

const SOURCE_NAMES: Record<string, string> = { fts: 'Find a Tender', cf: 'Contracts Finder' };

/** Human name of a source id: "Find a Tender", "Contracts Finder", or "feed <id>". */
export function sourceName(source: string): string {
  return SOURCE_NAMES[source] ?? `feed ${source.replace(/^rss:/, '')}`;
}

/**
 * One readable line for a new or updated notice, for the console when no Discord is configured:
 * "New: Independent advocacy service, Leeds City Council. Closes Friday 12 December 2025. Value £240,000. …".
 */
export function toNoticeLine(
  notice: Notice,
  outcome: 'new' | 'updated',
  changes: string[],
  areas: { label: string; band: string }[] = [],
): string {
  const parts = [
    `${outcome === 'new' ? 'New' : 'Updated'} (${sourceName(notice.source)}): ` +
      `${notice.title}${notice.buyer.name ? `, ${notice.buyer.name}` : ''}.`,
  ];
  if (outcome === 'updated' && changes.length > 0) parts.push(`Changes: ${changes.join('; ')}.`);
  if (notice.dates.tenderDeadline) parts.push(`Closes ${toUkDay(notice.dates.tenderDeadline)}.`);
  if (notice.value) parts.push(`Value ${formatMoney(notice.value)}.`);
  if (areas.length > 0) parts.push(`Matches: ${areas.map((a) => `${a.label} (${a.band})`).join(', ')}.`);
  if (notice.url) parts.push(notice.url);
  return parts.join(' ');
}

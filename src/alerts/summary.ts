import { DateTime } from 'luxon';
import type { MatchResult } from '../matching/match-result.js';
import { formatMoney } from '../notices/money.js';
import { UK_ZONE } from '../notices/dates.js';
import type { Notice } from '../notices/notice.js';
import type { DeliveryKind } from './route.js';

const NOTICE_KIND: Record<Notice['stage'], string> = {
  planning: 'Early engagement',
  tender: 'New opportunity',
  award: 'Contract awarded',
  contract: 'Contract details',
  cancellation: 'Cancelled',
  other: 'New notice',
};

/** "Friday 12 December (in 9 days)"; the year only when it is not this year. */
export function describeDeadline(instant: string, now: number): string {
  const when = DateTime.fromISO(instant, { zone: UK_ZONE });
  const today = DateTime.fromMillis(now, { zone: UK_ZONE }).startOf('day');
  const days = Math.round(when.startOf('day').diff(today, 'days').days);
  const date = when.toFormat(when.year === today.year ? 'cccc d LLLL' : 'cccc d LLLL yyyy');
  const relative =
    days === 0
      ? 'today'
      : days === 1
        ? 'tomorrow'
        : days > 1
          ? `in ${days} days`
          : days === -1
            ? 'yesterday'
            : `${-days} days ago`;
  return `${date} (${relative})`;
}

/** Who a reservation is for, in a few words. */
const ROUTE_WORDS: Record<string, string> = {
  'supported-employment': 'supported employment providers',
  'supported-employment-programme': 'supported employment programmes',
  'public-service-mutual': 'public service mutuals',
  'sme-vcse': 'small organisations (below threshold)',
  location: 'local suppliers',
};

/** "Reserved for supported employment providers." / "Could be reserved for …" / null. */
export function reservedLine(match: MatchResult | undefined): string | null {
  const reserved = match?.reserved;
  if (!reserved) return null;
  const routes = [
    ...new Set(reserved.routes.filter((r) => r.open).map((r) => ROUTE_WORDS[r.route] ?? r.route)),
  ];
  if (routes.length === 0) return null;
  return `${reserved.kind === 'explicit' ? 'Reserved' : 'Could be reserved'} for ${routes.join(' or ')}.`;
}

/**
 * The plain-text lead of an alert, written to read well in a screen reader: what it is, who is buying, when
 * it closes, the value, the areas, and whether it is (or could be) reserved. Nothing here relies on colour or
 * emoji.
 */
export function alertSummary(
  notice: Notice,
  match: MatchResult | undefined,
  kind: DeliveryKind,
  changes: string[],
  now: number,
  areaLabel: (id: string) => string,
): string {
  const what =
    kind === 'update'
      ? `Update${changes.length > 0 ? ` (${changes.join('; ')})` : ''}`
      : NOTICE_KIND[notice.stage];
  const parts = [`${what}: ${notice.title}${notice.buyer.name ? `, ${notice.buyer.name}` : ''}.`];
  const past = (instant: string) => Date.parse(instant) < now;
  if (notice.dates.tenderDeadline && notice.stage !== 'award' && notice.stage !== 'contract')
    parts.push(
      `${past(notice.dates.tenderDeadline) ? 'Closed' : 'Closes'} ${describeDeadline(notice.dates.tenderDeadline, now)}.`,
    );
  else if (notice.dates.expressionOfInterestDeadline)
    parts.push(
      `Expressions of interest ${past(notice.dates.expressionOfInterestDeadline) ? 'closed' : 'close'} ${describeDeadline(notice.dates.expressionOfInterestDeadline, now)}.`,
    );
  if (notice.value) parts.push(`Value ${formatMoney(notice.value)}.`);
  const areas = (match?.areas ?? []).map((a) => areaLabel(a.rule));
  if (areas.length > 0) parts.push(`${areas.join(', ')}.`);
  const reserved = reservedLine(match);
  if (reserved) parts.push(reserved);
  return parts.join(' ');
}

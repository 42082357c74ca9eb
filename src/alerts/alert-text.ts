import type { MatchResult } from '../matching/match-result.js';
import { formatMoney, formatPounds } from '../notices/money.js';
import { describeDeadline } from '../notices/date-text.js';
import type { Money, Notice } from '../notices/notice.js';
import type { DeliveryKind } from './route.js';

const NOTICE_KIND: Record<Notice['stage'], string> = {
  planning: 'Early engagement',
  tender: 'New opportunity',
  award: 'Contract awarded',
  contract: 'Contract details',
  cancellation: 'Cancelled',
  other: 'New notice',
};

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
  const parts = [`${headline(notice, kind, changes)}: ${notice.title}${buyerPart(notice)}.`];
  const deadline = deadlineSentence(notice, now);
  if (deadline) parts.push(deadline);
  if (notice.value) parts.push(`Value ${formatMoney(notice.value)}.`);
  const areas = (match?.areas ?? []).map((a) => areaLabel(a.rule));
  if (areas.length > 0) parts.push(`${areas.join(', ')}.`);
  const reserved = reservedLine(match);
  if (reserved) parts.push(reserved);
  return parts.join(' ');
}

function headline(notice: Notice, kind: DeliveryKind, changes: string[]): string {
  if (kind !== 'update') return NOTICE_KIND[notice.stage];
  return changes.length > 0 ? `Update (${changes.join('; ')})` : 'Update';
}

const buyerPart = (notice: Notice) => (notice.buyer.name ? `, ${notice.buyer.name}` : '');

/**
 * "Closes Friday 12 December (in 9 days)." for tenders; the expressions-of-interest date when that is all.
 */
function deadlineSentence(notice: Notice, now: number): string | null {
  const { tenderDeadline, expressionOfInterestDeadline } = notice.dates;
  const past = (instant: string) => Date.parse(instant) < now;
  if (tenderDeadline && notice.stage !== 'award' && notice.stage !== 'contract') {
    return `${past(tenderDeadline) ? 'Closed' : 'Closes'} ${describeDeadline(tenderDeadline, now)}.`;
  }
  if (!expressionOfInterestDeadline) return null;
  const verb = past(expressionOfInterestDeadline) ? 'closed' : 'close';
  return `Expressions of interest ${verb} ${describeDeadline(expressionOfInterestDeadline, now)}.`;
}

/** The names of the alert's detail fields, in the order they appear. */
export const FIELD_NAMES = {
  kind: 'What kind of notice',
  buyer: 'Buyer',
  value: 'Value',
  bidDeadline: 'Deadline for bids',
  interestDeadline: 'Deadline for expressions of interest',
  areas: 'Service areas',
  reserved: 'Reserved contract',
  candidate: 'Could be reserved',
  suitability: 'Suitable for small organisations',
  lots: (count: number) => `Lots (${count})`,
  why: 'Why it matched',
} as const;

export const NO_DESCRIPTION = 'No description was published.';

/** The licence line every alert carries, with the feed it came from. */
export const licenceFooter = (source: string) =>
  `${source} · Contains public sector information licensed under the Open Government Licence v3.0.`;

export const BUTTON_LABELS = {
  open: 'Open the notice',
  remind: 'Remind me',
  interested: 'Interested',
  notRelevant: 'Not relevant',
  guide: 'How do I bid?',
} as const;

/** "£60,000–£150,000 (£180,000 including VAT)", or "not stated". */
export function valueText(value: Money | null): string {
  if (!value) return 'not stated';
  const gross = value.amountGross;
  const withVat = gross && gross !== value.amount ? ` (${formatPounds(gross)} including VAT)` : '';
  return `${formatMoney(value)}${withVat}`;
}

const yesNo = (value: boolean | null) => {
  if (value === null) return 'not stated';
  return value ? 'yes' : 'no';
};

/** "SME: yes; voluntary, community or social enterprise (VCSE): not stated". */
export function suitabilityText(sme: boolean | null, vcse: boolean | null): string {
  return `SME: ${yesNo(sme)}; voluntary, community or social enterprise (VCSE): ${yesNo(vcse)}`;
}

/** "Lot 2: Grounds maintenance (£16,000)". */
export function lotLine(id: string, title: string | null, value: Money | null): string {
  return `Lot ${id}: ${title ?? 'untitled'}${value ? ` (${formatMoney(value)})` : ''}`;
}

/** "advocacy: title: 'independent advocacy'", with a watchlist named as such. */
export function reasonLine(rule: string, reason: string): string {
  return `${rule.replace(/^watchlist:[^:]*:/, 'watchlist ')}: ${reason}`;
}

/** "Advocacy (strong match), Peer support (possible match)". */
export function areasText(areas: { label: string; band: string }[]): string {
  return areas.map((a) => `${a.label} (${a.band} match)`).join(', ');
}

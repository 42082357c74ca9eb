import type { MatchResult } from '../matching/match-result.js';
import { formatMoney, formatPounds } from '../notices/money.js';
import { describeDeadline } from '../notices/date-text.js';
import { toShortUkDay } from '../notices/dates.js';
import type { Money, Notice } from '../notices/notice.js';
import { awardFall, endedEarly, standingSuppliers } from '../notices/normalise-awards.js';
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

const decided = (stage: Notice['stage']) =>
  stage === 'award' || stage === 'contract' || stage === 'cancellation';

/**
 * "Reserved for supported employment providers." / "Could be reserved for …" ("could have been" once
 * awarded).
 */
export function reservedLine(
  match: MatchResult | undefined,
  stage: Notice['stage'] = 'tender',
): string | null {
  const reserved = match?.reserved;
  if (!reserved) return null;
  const routes = [
    ...new Set(reserved.routes.filter((r) => r.open).map((r) => ROUTE_WORDS[r.route] ?? r.route)),
  ];
  if (routes.length === 0) return null;
  if (reserved.kind === 'explicit') return `Reserved for ${routes.join(' or ')}.`;
  return `${decided(stage) ? 'Could have been reserved' : 'Could be reserved'} for ${routes.join(' or ')}.`;
}

/**
 * The plain-text lead of an alert, written to read well in a screen reader, each fact once: what it is, who
 * is buying, when it closes (or when to reply, or who won and until when), the value, the areas, and whether
 * it is (or could be) reserved. Nothing here relies on colour or emoji.
 */
export function alertSummary(
  notice: Notice,
  match: MatchResult | undefined,
  kind: DeliveryKind,
  changes: string[],
  now: number,
  areaLabel: (id: string) => string,
): string {
  const parts = [sentence(`${headline(notice, kind, changes)}: ${notice.title}${buyerPart(notice)}`)];
  parts.push(...stageFacts(notice, now));
  const value = noticeValue(notice);
  if (value) parts.push(`Value ${valueText(value)}.`);
  const areas = (match?.areas ?? []).map((a) => areaLabel(a.rule));
  if (areas.length > 0) parts.push(`${areas.join(', ')}.`);
  const reserved = reservedLine(match, notice.stage);
  if (reserved) parts.push(reserved);
  return parts.join(' ');
}

function headline(notice: Notice, kind: DeliveryKind, changes: string[]): string {
  if (kind !== 'update') return kindWords(notice);
  return changes.length > 0 ? `Update (${changes.join('; ')})` : 'Update';
}

/**
 * What the notice is, in a few words: its stage's, except for an award that no longer stands (every award
 * cancelled or unsuccessful, no contract standing), a contract ended early (a UK11, or a contract with the
 * status `terminated`, whether the feed tags the release an award or a contract) and a contract change
 * (UK10).
 */
export function kindWords(notice: Notice): string {
  const fall = awardFall(notice);
  if (fall) return fall === 'cancelled' ? 'Award cancelled' : 'Not awarded';
  const decidedStage = notice.stage === 'award' || notice.stage === 'contract';
  if (decidedStage && endedEarly(notice)) return 'Contract ended early';
  if (decidedStage && notice.noticeType === 'UK10') return 'Contract changed';
  return NOTICE_KIND[notice.stage];
}

/** A sentence ends once: a title that ends with its own full stop gets no second one. */
const sentence = (text: string) => (/[.!?]$/.test(text) ? text : `${text}.`);

const buyerPart = (notice: Notice) => (notice.buyer.name ? `, ${notice.buyer.name}` : '');

/** The dates and names that matter at this stage: deadlines while open, the winner and term once awarded. */
function stageFacts(notice: Notice, now: number): string[] {
  if (decided(notice.stage)) return awardFacts(notice, now);
  const facts: string[] = [];
  const deadline = deadlineSentence(notice, now);
  if (deadline) facts.push(deadline);
  const { engagementDeadline, expectedTender } = notice.dates;
  if (engagementDeadline) facts.push(`Reply by ${describeDeadline(engagementDeadline, now)}.`);
  if (expectedTender && notice.stage === 'planning') {
    facts.push(`Tender expected ${describeDeadline(expectedTender, now)}.`);
  }
  return facts;
}

/**
 * "Closes Friday 12 December (in 9 days)." for tenders; the expressions-of-interest date when that is all.
 */
function deadlineSentence(notice: Notice, now: number): string | null {
  const { tenderDeadline, expressionOfInterestDeadline } = notice.dates;
  const past = (instant: string) => Date.parse(instant) < now;
  if (tenderDeadline)
    return `${past(tenderDeadline) ? 'Closed' : 'Closes'} ` + `${describeDeadline(tenderDeadline, now)}.`;
  if (!expressionOfInterestDeadline) return null;
  const verb = past(expressionOfInterestDeadline) ? 'closed' : 'close';
  return `Expressions of interest ${verb} ${describeDeadline(expressionOfInterestDeadline, now)}.`;
}

/**
 * "Awarded to X and Y. Runs from 19 May 2025 to 18 May 2028 (can be extended to …)." Only the awards that
 * stand name a winner; an award that fell says whose it was, and no term. A contract ended early gives its
 * period as published, not as running.
 */
function awardFacts(notice: Notice, now: number): string[] {
  const facts: string[] = [];
  const fall = awardFall(notice);
  if (fall === 'not-awarded') return ['No contract was awarded.'];
  if (fall === 'cancelled') {
    // The suppliers of the cancelled awards only: an unsuccessful one held nothing.
    const cancelled = notice.awards.filter((a) => a.status === 'cancelled');
    const named = [...new Set(cancelled.flatMap((a) => a.suppliers.map((s) => s.name)))];
    return [named.length > 0 ? `The award to ${listOf(named)} was cancelled.` : 'The award was cancelled.'];
  }
  const suppliers = standingSuppliers(notice.awards);
  if (suppliers.length > 0) facts.push(`Awarded to ${listOf(suppliers)}.`);
  const { contractStart, contractEnd, contractMaxExtent } = notice.dates;
  if (contractEnd) {
    const from = contractStart ? ` from ${toShortUkDay(contractStart)}` : '';
    const extension = contractMaxExtent
      ? ` (can be extended to ` + `${toShortUkDay(contractMaxExtent, 'end')})`
      : '';
    facts.push(
      `${termVerb(notice, contractEnd, now)}${from} to ${toShortUkDay(contractEnd, 'end')}${extension}.`,
    );
  }
  return facts;
}

function termVerb(notice: Notice, end: string, now: number): string {
  if (endedEarly(notice)) return 'Contract period as published:';
  return Date.parse(end) < now ? 'Ran' : 'Runs';
}

/** "A", "A and B", "A, B and 3 others". */
function listOf(names: string[]): string {
  if (names.length <= 2) return names.join(' and ');
  if (names.length === 3) return `${names[0]}, ${names[1]} and ${names[2]}`;
  return `${names.slice(0, 2).join(', ')} and ${names.length - 2} others`;
}

/** The names of the alert's detail fields, in the order they appear. */
export const FIELD_NAMES = {
  kind: 'What kind of notice',
  buyer: 'Buyer',
  suitability: 'Suitable for small organisations',
  lots: (count: number) => `Lots (${count})`,
  why: 'Why it matched',
} as const;

export const NO_DESCRIPTION = 'No description was published.';

const CUT_FIELD: Record<string, string> = {
  title: 'title',
  description: 'description',
  engagement: 'engagement text',
};
const cutFieldName = (field: string) =>
  CUT_FIELD[field] ?? (field.endsWith('.title') ? "a lot's title" : "a lot's description");

/**
 * The note under a description that Tender Nudge read cut (notices/text-bounds.ts), or null: "Shortened
 * here: the published description is 10,485,760 characters long, more than Tender Nudge reads. The full
 * text is on the notice page."
 */
export function textCutNote(cuts: { field: string; length: number }[]): string | null {
  const [first] = cuts;
  if (!first) return null;
  const longest = Math.max(...cuts.map((c) => c.length)).toLocaleString('en-GB');
  const what =
    cuts.length === 1
      ? `the published ${cutFieldName(first.field)} ` + `is`
      : `${cuts.length} published texts are`;
  return (
    `Shortened here: ${what} ${cuts.length === 1 ? '' : 'up to '}${longest} characters long, more than ` +
    'Tender Nudge reads. The full text is on the notice page.'
  );
}

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

/** The notice's value, or its one lot's: a lone lot (FTS LOT-0000) is the whole contract. */
export const noticeValue = (notice: Notice): Money | null =>
  notice.value ?? (notice.lots.length === 1 ? (notice.lots[0]?.value ?? null) : null);

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

/** "SME: yes; voluntary, community or social enterprise (VCSE): no"; only what the buyer said (else null). */
export function suitabilityText(sme: boolean | null, vcse: boolean | null): string | null {
  const said = [
    ...(sme === null ? [] : [`SME: ${yesNo(sme)}`]),
    ...(vcse === null ? [] : [`voluntary, community or social enterprise (VCSE): ${yesNo(vcse)}`]),
  ];
  return said.length > 0 ? said.join('; ') : null;
}

/** The name of the alert's reservation field: reserved, could be, or (once awarded) could have been. */
export function reservationFieldName(kind: 'explicit' | 'candidate', stage: Notice['stage']): string {
  if (kind === 'explicit') return 'Reserved contract';
  return decided(stage) ? 'Could have been reserved' : 'Could be reserved';
}

/** "Lot 2: Grounds maintenance (£16,000)". */
export function lotLine(id: string, title: string | null, value: Money | null): string {
  return `Lot ${id}: ${title ?? 'no title published'}${value ? ` (${formatMoney(value)})` : ''}`;
}

/** "advocacy: title: 'independent advocacy'", with a watchlist named as such. */
export function reasonLine(rule: string, reason: string): string {
  return `${rule.replace(/^watchlist:[^:]*:/, 'watchlist ')}: ${reason}`;
}

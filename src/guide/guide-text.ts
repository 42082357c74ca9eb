import { formatMoney } from '../notices/money.js';
import type { Money } from '../notices/notice.js';
import { formatDay, formatWhen } from '../notices/date-text.js';
import type { Reservation } from '../reserved/reservation-types.js';

// The words of the first-time bidder's guide: each paragraph is a small function of the facts it states.

/** What kind of notice the guide is about, in the guide's own terms. */
export type GuideKind =
  | 'pipeline'
  | 'engagement'
  | 'planned'
  | 'tender'
  | 'below-threshold'
  | 'pcr-tender'
  | 'scottish-tender'
  | 'closed'
  | 'engagement-past'
  | 'award'
  | 'change'
  | 'ended'
  | 'cancelled'
  | 'other';

/** For each kind of notice: what it is, and what you can do now. */
export const WHAT: Record<GuideKind, [string, string]> = {
  pipeline: [
    'A pipeline notice (UK1): the buyer plans to buy this in the coming months.',
    'There is nothing to bid for yet. Note it, find out who commissions it, and introduce your organisation.',
  ],
  engagement: [
    'A market engagement notice: the buyer wants to hear from possible suppliers before it decides how to ' +
      'buy.',
    'This is your chance to talk to the commissioner and shape the service: reply, join any event, explain ' +
      'what a user-led organisation brings, and ask for lots small organisations can bid for, or for the ' +
      'contract to be reserved.',
  ],
  planned: [
    'A planned procurement notice (UK3): a tender is coming soon.',
    'Register on the portal now, read what is published, and start gathering what you will need.',
  ],
  tender: [
    'A tender notice: the buyer is inviting bids now.',
    'Read the documents, ask questions before the clarification deadline, and send your bid before the ' +
      'submission deadline.',
  ],
  'below-threshold': [
    'A below-threshold tender: a smaller contract, with lighter rules.',
    'Bids are open now. Smaller contracts are often the best first bid for a small organisation.',
  ],
  'pcr-tender': [
    'A contract notice under the older rules (Public Contracts Regulations 2015).',
    'Bids are open now. Read the documents and send your bid before the deadline.',
  ],
  'scottish-tender': [
    'A contract notice under the Scottish rules (the Public Contracts (Scotland) Regulations 2015, or the ' +
      'Procurement Reform (Scotland) Act 2014 for smaller contracts).',
    'Bids are open now. Read the documents on Public Contracts Scotland and send your bid before the ' +
      'deadline.',
  ],
  closed: [
    'A tender that has closed: its deadline has passed, or the buyer has finished it.',
    'You cannot bid for this one. Note who wins and when the contract ends, so you are ready next time; ' +
      'you can ask the buyer to tell you about the next round.',
  ],
  'engagement-past': [
    'A market engagement notice: the buyer wanted to hear from possible suppliers before it decided how ' +
      'to buy.',
    'The date to reply has passed. You can still write to the commissioner to introduce your organisation ' +
      'and ask how to take part when the tender comes.',
  ],
  change: [
    'A contract change notice (UK10): a contract already let has been changed (its term, value or scope).',
    'You cannot bid for this one. Note its new end date: that is when it may be bought again.',
  ],
  ended: [
    'A contract termination notice: a contract has ended early.',
    'The buyer may need to replace it soon. Ask the commissioner how and when they will buy it again.',
  ],
  award: [
    'A contract award notice: the buyer has chosen a supplier.',
    'You cannot bid for this one. You can ask the buyer for feedback, ask the winner about subcontracting, ' +
      'and note when the contract ends so you are ready next time.',
  ],
  cancelled: [
    'A cancellation notice: the buyer has stopped this procurement.',
    'It may come back. Ask the buyer whether they plan to buy it again, and how.',
  ],
  other: ['A procurement notice.', 'Read the notice to see what the buyer is asking for.'],
};

export const PREPARE = [
  'Policies most buyers ask for: safeguarding, equality and diversity, data protection (UK GDPR), health ' +
    'and ' +
    'safety, complaints.',
  'Insurance: public liability and employers liability, and often professional indemnity; check the levels ' +
    'the buyer asks for.',
  'References: two or three examples of similar work, with someone the buyer can contact.',
  'Social value: what your organisation adds beyond the service (lived experience, local jobs, ' +
    'volunteering, ' +
    'involving disabled people in running it).',
  'Your last accounts, and who will sign the bid.',
];

/** The timeline's dates that have no time of their own: shown as days, an end as the day it ends. */
export const TIMELINE_DAYS: Partial<Record<keyof typeof TIMELINE_LABELS, 'start' | 'end'>> = {
  expectedTender: 'start',
  awardExpected: 'start',
  contractStart: 'start',
  contractEnd: 'end',
  contractMaxExtent: 'end',
};

/** The names of the dates on a notice's timeline. */
export const TIMELINE_LABELS = {
  engagementDeadline: 'Reply to the market engagement by',
  expectedTender: 'The tender is expected around',
  enquiryDeadline: 'Clarification questions close',
  expressionOfInterestDeadline: 'Expressions of interest close',
  tenderDeadline: 'Bids must be in by',
  awardExpected: 'Expected award',
  contractStart: 'Contract starts',
  contractEnd: 'Contract ends',
  contractMaxExtent: 'Latest date the contract can be extended to',
} as const;

/** How to answer an early-engagement notice: the link it gives, with its words when they say more. */
export function engagementSentence(url: string | null, description: string | null): string | null {
  if (!url && !description) return null;
  const how = description ? ` The buyer says: "${description}"` : '';
  return url ? `To take part in the engagement: ${url}.${how}` : `To take part in the engagement:${how}`;
}

export function portalSentence(link: string): string {
  return (
    `Documents and bidding: ${link}. Register on the portal first: many portals only show documents and ` +
    'answers to questions to registered suppliers, and registering can take a few days.'
  );
}

export const noticeLinkSentence = (url: string) => `The notice itself: ${url}`;

/**
 * Whom the buyer marked the notice (or some of its lots) suitable for, naming only what it marked (a lot
 * marked for SMEs alone is not "SMEs or VCSEs"); null when it said nothing.
 */
export function suitabilitySentence(
  sme: boolean,
  vcse: boolean,
  lots: string[],
  lotsFor: { sme: boolean; vcse: boolean },
): string | null {
  const whom = (s: boolean, v: boolean) =>
    [
      s && 'small and medium-sized enterprises (SMEs)',
      v && 'voluntary, community and social enterprises (VCSEs)',
    ]
      .filter(Boolean)
      .join(' and ');
  if (sme || vcse) return `The buyer marked it suitable for ${whom(sme, vcse)}.`;
  if (lots.length === 0) return null;
  const which = lots.length === 1 ? `lot ${lots[0]}` : `lots ${lots.join(', ')}`;
  return `The buyer marked ${which} suitable for ${whom(lotsFor.sme, lotsFor.vcse)}.`;
}

/** "It has 5 lots; you can usually bid for one. The smallest is lot 2 (Lot 2), £16,000." */
export function lotsSentence(
  count: number,
  smallest: { id: string; title: string | null; value: Money } | null,
  smallOrganisation: boolean,
): string {
  const title = smallest?.title ? ` (${smallest.title})` : '';
  const cheapest = smallest
    ? ` The smallest is lot ${smallest.id}${title}, ${formatMoney(smallest.value)}.`
    : '';
  const hint = smallOrganisation
    ? ' As a small organisation, a single lot (or a partnership for more) is usually the realistic start.'
    : '';
  return `It has ${count} lots; you can usually bid for one.${cheapest}${hint}`;
}

export const FRAMEWORK_CALL_OFF =
  'This is bought through a framework agreement (a list of approved suppliers): only suppliers already on ' +
  'that framework can be awarded it. If you are not on it, ask the buyer when the framework will next be ' +
  'let, or offer to work with a supplier who is on it.';

export const OUTSIDE_YOUR_AREAS =
  'It is outside the service areas in your profile, so partnering with an organisation that does this work ' +
  'may be the way in.';

/** About the time left on an open tender: gone, or under 10 days; null when there is time. */
export function timeLeftParagraph(days: number): string | null {
  if (days < 0) {
    return (
      'The deadline for this one has passed. Ask the buyer to tell you about the next round, and keep an ' +
      'eye ' +
      'out for similar notices.'
    );
  }
  if (days >= 10) return null;
  const left = days === 1 ? 'is only 1 day' : `are only ${days} days`;
  return (
    `There ${left} left. Writing a first bid in under 10 days is very hard, and that is not a failure on ` +
    'your part. A better next step may be to ask the buyer to tell you about the next round, or to contact ' +
    'an ' +
    'organisation that is bidding and offer to partner or subcontract.'
  );
}

/**
 * The reserved-contract paragraph, with what the profile's 30% answer means for the reader. A letter is
 * offered only when there is one (`canAsk`: a contract not yet decided); once awarded, the reservation is
 * something to ask for next time.
 */
export function reservedParagraph(
  reservation: Reservation,
  disabledWorkforce30: boolean | null,
  canAsk = true,
): string {
  const qualify = qualifySentence(disabledWorkforce30);
  if (reservation.kind === 'explicit') {
    return `${reservation.summary} Only organisations that meet that test can bid.${qualify}`;
  }
  if (!canAsk)
    return (
      `${reservation.summary} It is too late for this one; when it is bought again, ask the buyer early ` +
      `to reserve it.${qualify}`
    );
  return (
    `${reservation.summary} You can ask the buyer to consider it: a ready-to-send message is ` +
    `below.${qualify}`
  );
}

function qualifySentence(disabledWorkforce30: boolean | null): string {
  if (disabledWorkforce30 === null) return '';
  if (disabledWorkforce30) {
    return (
      ' You told us at least 30% of your workers are disabled or disadvantaged, so you may qualify as a ' +
      'supported employment provider.'
    );
  }
  return (
    ' You told us fewer than 30% of your workers are disabled or disadvantaged, so the supported ' +
    'employment ' +
    'route would not fit you on your own; a partner might.'
  );
}

/** The first-time bidder's guide to one notice, as `buildGuide` assembles it. */
export interface Guide {
  title: string;
  whatItIs: string;
  whatYouCanDo: string;
  /** `day`: a date with no time of its own, shown as the day only (an end read as the publisher meant it). */
  timeline: { label: string; instant: string; day?: 'start' | 'end' }[];
  whereAndHow: string[];
  prepare: string[];
  shortWindow: string | null;
  reserved: string | null;
  letter: string | null;
  /** Who holds the contract this notice probably re-procures (radar/radar-text.ts incumbentParagraph). */
  incumbent: string | null;
  glossary: { term: string; text: string }[];
}

const bullets = (items: string[]) => items.map((item) => `- ${item}`).join('\n');

/**
 * The guide as plain-text sections (headings in words, no emoji), ready to print or to split into messages.
 */
export function guideSections(guide: Guide, now: number): string[] {
  const sections = [
    `How to bid: ${guide.title}`,
    `What this is: ${guide.whatItIs}\nWhat you can do now: ${guide.whatYouCanDo}`,
  ];
  const dates = guide.timeline.map(
    (t) => `${t.label}: ${t.day ? formatDay(t.instant, t.day, now) : formatWhen(t.instant, now)}`,
  );
  if (dates.length > 0) sections.push(`Key dates:\n${bullets(dates)}`);
  if (guide.shortWindow) sections.push(`About the time left: ${guide.shortWindow}`);
  if (guide.incumbent) sections.push(`Who holds it now: ${guide.incumbent}`);
  if (guide.whereAndHow.length > 0)
    sections.push(`Where and how to take part:\n${bullets(guide.whereAndHow)}`);
  if (guide.prepare.length > 0) sections.push(`What to prepare now:\n${bullets(guide.prepare)}`);
  if (guide.reserved) sections.push(`Reserved contracts: ${guide.reserved}`);
  if (guide.letter) sections.push(`A message you could send to the commissioner:\n\n${guide.letter}`);
  const words = guide.glossary.map((g) => `${g.term}: ${g.text}`);
  if (words.length > 0) sections.push(`Words used here:\n${bullets(words)}`);
  return sections;
}

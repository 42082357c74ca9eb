import { DateTime } from 'luxon';
import { GLOSSARY } from '../alerts/glossary.js';
import type { MatchResult } from '../matching/match-result.js';
import { formatMoney } from '../notices/money.js';
import { UK_ZONE } from '../notices/dates.js';
import type { Notice } from '../notices/notice.js';
import { daysUntil, formatWhen, type DateStyle } from '../notices/date-text.js';
import { commissionerLetter } from './letter.js';
import type { Profile } from './profile.js';

export interface TimelineEntry {
  label: string;
  instant: string;
}

export interface Guide {
  title: string;
  whatItIs: string;
  whatYouCanDo: string;
  timeline: TimelineEntry[];
  whereAndHow: string[];
  prepare: string[];
  shortWindow: string | null;
  reserved: string | null;
  letter: string | null;
  glossary: { term: string; text: string }[];
}

type Kind =
  | 'pipeline'
  | 'engagement'
  | 'planned'
  | 'tender'
  | 'below-threshold'
  | 'pcr-tender'
  | 'award'
  | 'cancelled'
  | 'other';

function kindOf(notice: Notice): Kind {
  const t = notice.noticeType ?? '';
  if (notice.stage === 'cancellation' || t === 'UK12') return 'cancelled';
  if (
    notice.stage === 'award' ||
    notice.stage === 'contract' ||
    ['UK5', 'UK6', 'UK7', 'awardNotice'].includes(t)
  )
    return 'award';
  if (t === 'UK1') return 'pipeline';
  if (t === 'UK2' || t === 'marketEngagementNotice') return 'engagement';
  if (t === 'UK3' || notice.stage === 'planning') return 'planned';
  if (notice.stage === 'tender') {
    if (notice.aboveThreshold === false || /below threshold/i.test(notice.procurementMethodDetails ?? ''))
      return 'below-threshold';
    return notice.regime === 'PCR2015' ? 'pcr-tender' : 'tender';
  }
  return 'other';
}

const WHAT: Record<Kind, [string, string]> = {
  pipeline: [
    'A pipeline notice (UK1): the buyer plans to buy this in the coming months.',
    'There is nothing to bid for yet. Note it, find out who commissions it, and introduce your organisation.',
  ],
  engagement: [
    'A market engagement notice: the buyer wants to hear from possible suppliers before it decides how to buy.',
    'This is your chance to talk to the commissioner and shape the service: reply, join any event, explain what a user-led organisation brings, and ask for lots small organisations can bid for, or for the contract to be reserved.',
  ],
  planned: [
    'A planned procurement notice (UK3): a tender is coming soon.',
    'Register on the portal now, read what is published, and start gathering what you will need.',
  ],
  tender: [
    'A tender notice: the buyer is inviting bids now.',
    'Read the documents, ask questions before the clarification deadline, and send your bid before the submission deadline.',
  ],
  'below-threshold': [
    'A below-threshold tender: a smaller contract, with lighter rules.',
    'Bids are open now. Smaller contracts are often the best first bid for a small organisation.',
  ],
  'pcr-tender': [
    'A contract notice under the older rules (Public Contracts Regulations 2015).',
    'Bids are open now. Read the documents and send your bid before the deadline.',
  ],
  award: [
    'A contract award notice: the buyer has chosen a supplier.',
    'You cannot bid for this one. You can ask the buyer for feedback, ask the winner about subcontracting, and note when the contract ends so you are ready next time.',
  ],
  cancelled: [
    'A cancellation notice: the buyer has stopped this procurement.',
    'It may come back. Ask the buyer whether they plan to buy it again, and how.',
  ],
  other: ['A procurement notice.', 'Read the notice to see what the buyer is asking for.'],
};

const PREPARE = [
  'Policies most buyers ask for: safeguarding, equality and diversity, data protection (UK GDPR), health and safety, complaints.',
  'Insurance: public liability and employers liability, and often professional indemnity; check the levels the buyer asks for.',
  'References: two or three examples of similar work, with someone the buyer can contact.',
  'Social value: what your organisation adds beyond the service (lived experience, local jobs, volunteering, involving disabled people in running it).',
  'Your last accounts, and who will sign the bid.',
];

function timeline(notice: Notice): TimelineEntry[] {
  const d = notice.dates;
  const entries: [string, string | null][] = [
    ['Clarification questions close', d.enquiryDeadline],
    ['Expressions of interest close', d.expressionOfInterestDeadline],
    ['Bids must be in by', d.tenderDeadline],
    ['Expected award', d.awardExpected],
    ['Contract starts', d.contractStart],
  ];
  return entries
    .filter((e): e is [string, string] => e[1] !== null)
    .map(([label, instant]) => ({ label, instant }))
    .sort((a, b) => a.instant.localeCompare(b.instant));
}

function whereAndHow(notice: Notice, match: MatchResult | null, profile: Profile | null): string[] {
  const out: string[] = [];
  const link = notice.portalUrl ?? notice.url;
  if (link)
    out.push(
      `Documents and bidding: ${link}. Register on the portal first: many portals only show documents and answers to questions to registered suppliers, and registering can take a few days.`,
    );
  if (notice.url && notice.url !== link) out.push(`The notice itself: ${notice.url}`);
  const suitable = [
    notice.suitability.sme && 'small and medium-sized enterprises (SMEs)',
    notice.suitability.vcse && 'voluntary, community and social enterprises (VCSEs)',
  ].filter(Boolean);
  const lotsSuitable = notice.lots.filter((l) => l.suitability.sme || l.suitability.vcse).map((l) => l.id);
  if (suitable.length > 0) out.push(`The buyer marked it suitable for ${suitable.join(' and ')}.`);
  else if (lotsSuitable.length > 0)
    out.push(`The buyer marked lot ${lotsSuitable.join(', ')} suitable for SMEs or VCSEs.`);
  if (notice.lots.length > 1) {
    const valued = notice.lots.filter((l) => l.value?.amount ?? l.value?.amountGross);
    const smallest = [...valued].sort(
      (a, b) =>
        (a.value?.amount ?? a.value?.amountGross ?? 0) - (b.value?.amount ?? b.value?.amountGross ?? 0),
    )[0];
    const hint =
      profile?.size === 'micro' || profile?.size === 'small'
        ? ' As a small organisation, a single lot (or a partnership for more) is usually the realistic start.'
        : '';
    out.push(
      `It has ${notice.lots.length} lots; you can usually bid for one.${smallest?.value ? ` The smallest is lot ${smallest.id}${smallest.title ? ` (${smallest.title})` : ''}, ${formatMoney(smallest.value)}.` : ''}${hint}`,
    );
  }
  if (
    match &&
    profile &&
    profile.areas.length > 0 &&
    !match.areas.some((a) => profile.areas.includes(a.rule))
  )
    out.push(
      'It is outside the service areas in your profile, so partnering with an organisation that does this work may be the way in.',
    );
  return out;
}

function reservedText(match: MatchResult | null, profile: Profile | null): string | null {
  const reserved = match?.reserved;
  if (!reserved) return null;
  const qualify = profile?.disabledWorkforce30
    ? ' You told us at least 30% of your workers are disabled or disadvantaged, so you may qualify as a supported employment provider.'
    : profile?.disabledWorkforce30 === false
      ? ' You told us fewer than 30% of your workers are disabled or disadvantaged, so the supported employment route would not fit you on your own; a partner might.'
      : '';
  if (reserved.kind === 'explicit')
    return `${reserved.summary} Only organisations that meet that test can bid.${qualify}`;
  return `${reserved.summary} You can ask the buyer to consider it: a ready-to-send message is below.${qualify}`;
}

function glossaryFor(notice: Notice, texts: string[]): { term: string; text: string }[] {
  const haystack =
    `${notice.title} ${notice.description ?? ''} ${notice.procurementMethodDetails ?? ''} ${texts.join(' ')}`.toLowerCase();
  const present: Record<string, boolean> = {
    CPV: notice.cpv.length > 0,
    ITT: /\bitt\b|invitation to tender/.test(haystack),
    'PQQ / SQ': /\bpqq\b|\bsq\b|selection questionnaire|pre-qualification/.test(haystack),
    Lot: notice.lots.length > 1 || /\blots?\b/.test(haystack),
    Framework: /framework/.test(haystack),
    DPS: /\bdps\b|dynamic purchasing|dynamic market/.test(haystack),
    'Light touch': notice.specialRegime.includes('lightTouch') || /light touch/.test(haystack),
    'Social value': true,
    TUPE: /\btupe\b/.test(haystack),
    PPN: /\bppn\b|procurement policy note/.test(haystack),
    'Competitive flexible procedure': /competitive flexible/.test(haystack),
    'Reserved contract': /reserved/.test(haystack),
  };
  return Object.entries(GLOSSARY)
    .filter(([term]) => present[term])
    .map(([term, text]) => ({ term, text }));
}

/**
 * The first-time bidder's guide to one notice: what it is, when, where, what to prepare, and what to ask for.
 */
export function buildGuide(
  notice: Notice,
  match: MatchResult | null,
  now: number,
  profile: Profile | null = null,
): Guide {
  const kind = kindOf(notice);
  const [whatItIs, whatYouCanDo] = WHAT[kind];
  const deadline = notice.dates.tenderDeadline ?? notice.dates.expressionOfInterestDeadline;
  const open = kind === 'tender' || kind === 'below-threshold' || kind === 'pcr-tender';
  let shortWindow: string | null = null;
  if (open && deadline) {
    const days = daysUntil(deadline, now);
    if (days < 0)
      shortWindow =
        'The deadline for this one has passed. Ask the buyer to tell you about the next round, and keep an eye out for similar notices.';
    else if (days < 10)
      shortWindow = `There ${days === 1 ? 'is only 1 day' : `are only ${days} days`} left. Writing a first bid in under 10 days is very hard, and that is not a failure on your part. A better next step may be to ask the buyer to tell you about the next round, or to contact an organisation that is bidding and offer to partner or subcontract.`;
  }
  const reserved = reservedText(match, profile);
  const letter =
    match?.reserved?.kind === 'candidate' && kind !== 'award' && kind !== 'cancelled'
      ? commissionerLetter(notice, match.reserved)
      : null;
  const whereHow = whereAndHow(notice, match, profile);
  return {
    title: notice.title,
    whatItIs,
    whatYouCanDo,
    timeline: timeline(notice),
    whereAndHow: whereHow,
    prepare: open || kind === 'planned' || kind === 'engagement' ? PREPARE : [],
    shortWindow,
    reserved,
    letter,
    glossary: glossaryFor(notice, [whatItIs, whatYouCanDo, ...whereHow, reserved ?? '', letter ?? '']),
  };
}

/**
 * The guide as plain-text sections (headings in words, no emoji), ready to print or to split into messages.
 */
export function guideSections(guide: Guide, now: number, style: DateStyle): string[] {
  const sections = [
    `How to bid: ${guide.title}`,
    `What this is: ${guide.whatItIs}\nWhat you can do now: ${guide.whatYouCanDo}`,
  ];
  if (guide.timeline.length > 0)
    sections.push(
      `Key dates:\n${guide.timeline.map((t) => `- ${t.label}: ${formatWhen(t.instant, now, style)}`).join('\n')}`,
    );
  if (guide.shortWindow) sections.push(`About the time left: ${guide.shortWindow}`);
  if (guide.whereAndHow.length > 0)
    sections.push(`Where and how to take part:\n${guide.whereAndHow.map((w) => `- ${w}`).join('\n')}`);
  if (guide.prepare.length > 0)
    sections.push(`What to prepare now:\n${guide.prepare.map((p) => `- ${p}`).join('\n')}`);
  if (guide.reserved) sections.push(`Reserved contracts: ${guide.reserved}`);
  if (guide.letter) sections.push(`A message you could send to the commissioner:\n\n${guide.letter}`);
  if (guide.glossary.length > 0)
    sections.push(`Words used here:\n${guide.glossary.map((g) => `- ${g.term}: ${g.text}`).join('\n')}`);
  return sections;
}

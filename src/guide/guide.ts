import { GLOSSARY } from '../alerts/glossary.js';
import type { MatchResult } from '../matching/match-result.js';
import { endedEarly } from '../notices/normalise-awards.js';
import type { Notice } from '../notices/notice.js';
import { daysUntil } from '../notices/date-text.js';
import {
  engagementSentence,
  FRAMEWORK_CALL_OFF,
  lotsSentence,
  noticeLinkSentence,
  OUTSIDE_YOUR_AREAS,
  portalSentence,
  PREPARE,
  reservedParagraph,
  suitabilitySentence,
  TIMELINE_DAYS,
  TIMELINE_LABELS,
  timeLeftParagraph,
  WHAT,
  type GuideKind,
  type Guide,
} from './guide-text.js';
import { commissionerLetter } from './letter.js';
import type { Profile } from './profile.js';

type TimelineEntry = Guide['timeline'][number];

/** A tender's status once it can no longer be bid for (OCDS tenderStatus). */
const FINISHED = new Set(['complete', 'cancelled', 'unsuccessful', 'withdrawn']);

const isPast = (instant: string | null, now: number) => instant !== null && Date.parse(instant) < now;

function kindOf(notice: Notice, now: number): GuideKind {
  const t = notice.noticeType ?? '';
  if (notice.stage === 'cancellation' || t === 'UK12') return 'cancelled';
  const awarded = notice.stage === 'award' || notice.stage === 'contract';
  if (awarded && endedEarly(notice)) return 'ended';
  if (awarded && t === 'UK10') return 'change';
  if (awarded || ['UK5', 'UK6', 'UK7', 'awardNotice'].includes(t)) return 'award';
  if (t === 'UK1') return 'pipeline';
  if (t === 'UK2' || t === 'marketEngagementNotice')
    return isPast(notice.dates.engagementDeadline, now) ? 'engagement-past' : 'engagement';
  if (t === 'UK3' || notice.stage === 'planning') return 'planned';
  if (notice.stage !== 'tender') return 'other';
  const deadline = notice.dates.tenderDeadline ?? notice.dates.expressionOfInterestDeadline;
  if (FINISHED.has(notice.status ?? '') || isPast(deadline, now)) return 'closed';
  if (notice.aboveThreshold === false || /below threshold/i.test(notice.procurementMethodDetails ?? '')) {
    return 'below-threshold';
  }
  if (notice.regime === 'PCSR2015') return 'scottish-tender';
  return notice.regime === 'PCR2015' ? 'pcr-tender' : 'tender';
}

function timeline(notice: Notice): TimelineEntry[] {
  return (Object.keys(TIMELINE_LABELS) as (keyof typeof TIMELINE_LABELS)[])
    .flatMap((key) => {
      const instant = notice.dates[key];
      const day = TIMELINE_DAYS[key];
      return instant ? [{ label: TIMELINE_LABELS[key], instant, ...(day ? { day } : {}) }] : [];
    })
    .sort((a, b) => a.instant.localeCompare(b.instant));
}

const lotAmount = (lot: Notice['lots'][number]) => lot.value?.amount ?? lot.value?.amountGross ?? 0;

function whereAndHow(notice: Notice, match: MatchResult | null, profile: Profile | null): string[] {
  const out: string[] = [];
  // "Call-off from a framework agreement", "Award under framework": a tender that sets up a framework is
  // open to all, a call-off only to the framework's suppliers.
  if (/call[- ]off|award under (a )?framework/i.test(notice.procurementMethodDetails ?? '')) {
    out.push(FRAMEWORK_CALL_OFF);
  }
  const engagement = engagementSentence(
    notice.engagement?.url ?? null,
    notice.engagement?.description ?? null,
  );
  if (engagement) out.push(engagement);
  const link = notice.portalUrl ?? notice.url;
  if (link) out.push(portalSentence(link));
  if (notice.url && notice.url !== link) out.push(noticeLinkSentence(notice.url));
  // A notice's one lot is the whole contract: "lot LOT-0000" (Find a Tender's id for it) names nothing.
  const lone = notice.lots.length === 1 ? notice.lots[0] : undefined;
  const lots = lone ? [] : notice.lots;
  const suitableLots = lots.filter((l) => l.suitability.sme || l.suitability.vcse).map((l) => l.id);
  const lotsFor = {
    sme: lots.some((l) => l.suitability.sme),
    vcse: lots.some((l) => l.suitability.vcse),
  };
  const suitable = suitabilitySentence(
    !!(notice.suitability.sme || lone?.suitability.sme),
    !!(notice.suitability.vcse || lone?.suitability.vcse),
    suitableLots,
    lotsFor,
  );
  if (suitable) out.push(suitable);
  if (notice.lots.length > 1) {
    const smallest = notice.lots
      .filter((l) => lotAmount(l) > 0)
      .sort((a, b) => lotAmount(a) - lotAmount(b))[0];
    const small = profile?.size === 'micro' || profile?.size === 'small';
    const cheapest = smallest?.value
      ? { id: smallest.id, title: smallest.title, value: smallest.value }
      : null;
    out.push(lotsSentence(notice.lots.length, cheapest, small));
  }
  const wanted = profile?.areas ?? [];
  if (match && wanted.length > 0 && !match.areas.some((a) => wanted.includes(a.rule))) {
    out.push(OUTSIDE_YOUR_AREAS);
  }
  return out;
}

/** Which glossary terms the notice (or the guide's own words) uses. */
function glossaryFor(notice: Notice, texts: string[]): { term: string; text: string }[] {
  const haystack = [notice.title, notice.description ?? '', notice.procurementMethodDetails ?? '', ...texts]
    .join(' ')
    .toLowerCase();
  const present: Record<string, boolean> = {
    // Explained only where the words use it (the guide itself prints no codes).
    CPV: /\bcpv\b/.test(haystack),
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
    'Re-procurement': /re-procure/.test(haystack),
  };
  return Object.entries(GLOSSARY)
    .filter(([term]) => present[term])
    .map(([term, text]) => ({ term, text }));
}

/**
 * The first-time bidder's guide to one notice: what it is, when, where, what to prepare, and what to ask for.
 * `incumbent` says who holds the contract it probably re-procures, when the radar knows one.
 */
export function buildGuide(
  notice: Notice,
  match: MatchResult | null,
  now: number,
  profile: Profile | null = null,
  incumbent: string | null = null,
): Guide {
  const kind = kindOf(notice, now);
  const [whatItIs, whatYouCanDo] = WHAT[kind];
  const deadline = notice.dates.tenderDeadline ?? notice.dates.expressionOfInterestDeadline;
  const open = ['tender', 'below-threshold', 'pcr-tender', 'scottish-tender'].includes(kind);
  const shortWindow = open && deadline ? timeLeftParagraph(daysUntil(deadline, now)) : null;
  const reservation = match?.reserved ?? null;
  const decided = ['award', 'change', 'ended', 'cancelled', 'closed'].includes(kind);
  const canStillAsk = reservation?.kind === 'candidate' && !decided;
  const reserved = reservation
    ? reservedParagraph(reservation, profile?.disabledWorkforce30 ?? null, !decided)
    : null;
  const letter = canStillAsk ? commissionerLetter(notice, reservation) : null;
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
    incumbent: decided ? null : incumbent,
    glossary: glossaryFor(notice, [
      whatItIs,
      whatYouCanDo,
      ...whereHow,
      reserved ?? '',
      letter ?? '',
      incumbent ?? '',
    ]),
  };
}

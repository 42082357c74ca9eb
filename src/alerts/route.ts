import type { MatchResult, RuleMatch } from '../matching/match-result.js';
import { comparableValue } from '../notices/money.js';
import { NATIONWIDE } from '../notices/regions.js';
import type { Notice } from '../notices/notice.js';
import { whyHeldBack, whyMatched } from './route-text.js';
import type { StageGroup, Subscription } from './subscription.js';

export type DeliveryKind = 'new' | 'update';

/** Which of a channel's stage groups a saved notice falls in. */
export function stageGroupOf(notice: Notice, outcome: 'new' | 'updated'): StageGroup {
  if (outcome === 'updated' || notice.stage === 'cancellation') return 'updates';
  if (notice.stage === 'planning') return 'early';
  if (notice.stage === 'award' || notice.stage === 'contract') return 'awards';
  return 'opportunities';
}

/** Why a subscription gets nothing, as facts; route-text.ts says it in words. */
export type HoldBack =
  | { kind: 'paused'; reason: string }
  | { kind: 'closed'; deadline: string }
  | { kind: 'stage'; group: StageGroup }
  | { kind: 'area-not-followed'; matched: string[] }
  | { kind: 'no-area'; rejected: { rule: string; reason: string } | null }
  | { kind: 'not-reserved' }
  | { kind: 'below-floor'; value: number; floor: number }
  | { kind: 'above-ceiling'; value: number; ceiling: number }
  | { kind: 'region'; regions: string[]; followed: string[] };

/** What a subscription gets a notice for: its areas, its watchlists, or (reserved-only) the reservation. */
export interface Delivered {
  areas: RuleMatch[];
  watchlists: RuleMatch[];
  reservation: string | null;
}

export type Verdict = { deliver: true; why: string; kind: DeliveryKind } | { deliver: false; why: string };

/**
 * A tender first seen after its deadline is stored and findable, but is no "new opportunity": the deadline it
 * closed on, or null while it is open (or gives no deadline).
 */
function closedOn(notice: Notice, outcome: 'new' | 'updated', now: number): string | null {
  if (outcome !== 'new' || notice.stage !== 'tender') return null;
  const deadline = notice.dates.tenderDeadline ?? notice.dates.expressionOfInterestDeadline;
  return deadline && Date.parse(deadline) < now ? deadline : null;
}

function noArea(match: MatchResult, sub: Subscription): HoldBack {
  if (match.areas.length > 0) return { kind: 'area-not-followed', matched: match.areas.map((a) => a.rule) };
  const rejected = match.rejected.find((r) => sub.areas.some((a) => a === r.rule));
  return {
    kind: 'no-area',
    rejected: rejected ? { rule: rejected.rule, reason: rejected.reasons[0] ?? '' } : null,
  };
}

function valueHoldBack(notice: Notice, sub: Subscription): HoldBack | null {
  const value = comparableValue(notice);
  if (value === null) return null;
  if (sub.minValue !== null && value < sub.minValue)
    return { kind: 'below-floor', value, floor: sub.minValue };
  if (sub.maxValue !== null && value > sub.maxValue)
    return { kind: 'above-ceiling', value, ceiling: sub.maxValue };
  return null;
}

function regionHoldBack(notice: Notice, sub: Subscription): HoldBack | null {
  const regions = [
    ...new Set([notice.buyer.regionName, ...notice.deliveryRegions].filter((r): r is string => !!r)),
  ];
  if (sub.regions.length === 0 || regions.length === 0 || regions.includes(NATIONWIDE)) return null;
  return regions.some((r) => sub.regions.includes(r))
    ? null
    : { kind: 'region', regions, followed: sub.regions };
}

/**
 * Whether a saved notice goes to one subscription, and why: what it was delivered for, or what held it back.
 * Unknown values and regions never hide a notice: a channel asked not to miss things, so only a known
 * mismatch keeps one back.
 */
export function planFor(
  notice: Notice,
  outcome: 'new' | 'updated',
  match: MatchResult,
  sub: Subscription,
  now: number,
): { deliver: true; kind: DeliveryKind; delivered: Delivered } | { deliver: false; holdBack: HoldBack } {
  const held = (holdBack: HoldBack) => ({ deliver: false as const, holdBack });
  if (sub.pausedReason) return held({ kind: 'paused', reason: sub.pausedReason });
  const closed = closedOn(notice, outcome, now);
  if (closed) return held({ kind: 'closed', deadline: closed });
  const group = stageGroupOf(notice, outcome);
  if (!sub.stages.includes(group)) return held({ kind: 'stage', group });
  const areas = match.areas.filter((a) => sub.areas.some((id) => id === a.rule));
  const watchlists = match.watchlists.filter((w) =>
    sub.watchlists.some((id) => w.rule === `watchlist:${sub.guildId}:${id}`),
  );
  const reserved = match.reserved?.kind === 'explicit';
  // A reserved-only channel hears about every explicitly reserved contract: being reserved is the point,
  // whatever the service.
  if (areas.length === 0 && watchlists.length === 0 && !(sub.reservedOnly && reserved)) {
    return held(noArea(match, sub));
  }
  if (sub.reservedOnly && !reserved) return held({ kind: 'not-reserved' });
  const mismatch = valueHoldBack(notice, sub) ?? regionHoldBack(notice, sub);
  if (mismatch) return held(mismatch);
  const reservation = areas.length === 0 && watchlists.length === 0 ? (match.reserved?.summary ?? '') : null;
  return {
    deliver: true,
    kind: outcome === 'updated' ? 'update' : 'new',
    delivered: { areas, watchlists, reservation },
  };
}

/** `planFor` with its reason in words, for `/explain`. */
export function checkSubscription(
  notice: Notice,
  outcome: 'new' | 'updated',
  match: MatchResult,
  sub: Subscription,
  now: number,
): Verdict {
  const plan = planFor(notice, outcome, match, sub, now);
  if (!plan.deliver) return { deliver: false, why: whyHeldBack(plan.holdBack) };
  return { deliver: true, why: whyMatched(plan.delivered), kind: plan.kind };
}

/** Every subscription a saved notice goes to. */
export function recipientsFor(
  notice: Notice,
  outcome: 'new' | 'updated',
  match: MatchResult,
  subs: Subscription[],
  now: number,
): { subscriptionId: number; kind: DeliveryKind }[] {
  return subs.flatMap((sub) => {
    const plan = planFor(notice, outcome, match, sub, now);
    return plan.deliver ? [{ subscriptionId: sub.id, kind: plan.kind }] : [];
  });
}

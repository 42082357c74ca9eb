import type { MatchResult } from '../matching/match-result.js';
import { comparableValue, formatPounds as pounds } from '../notices/money.js';
import type { Notice } from '../notices/notice.js';
import { STAGE_GROUP_NAMES, type StageGroup, type Subscription } from './subscription.js';

export type DeliveryKind = 'new' | 'update';

/** Which of a channel's stage groups a saved notice falls in. */
export function stageGroupOf(notice: Notice, outcome: 'new' | 'updated'): StageGroup {
  if (outcome === 'updated' || notice.stage === 'cancellation') return 'updates';
  if (notice.stage === 'planning') return 'early';
  if (notice.stage === 'award' || notice.stage === 'contract') return 'awards';
  return 'opportunities';
}

export type Verdict = { deliver: true; why: string; kind: DeliveryKind } | { deliver: false; why: string };

function noAreaReason(match: MatchResult, sub: Subscription): string {
  if (match.areas.length > 0)
    return `it matched ${match.areas.map((a) => a.rule).join(', ')}, which this channel does not follow`;
  const rejected = match.rejected.find((r) => sub.areas.some((a) => a === r.rule));
  return rejected
    ? `it matched no service area (${rejected.rule}: ${rejected.reasons[0] ?? 'too weak'})`
    : 'it matched no service area';
}

/**
 * Whether a saved notice goes to one subscription, and why (or why not), in words for `/explain`. Unknown
 * values and regions never hide a notice: a channel asked not to miss things, so only a known mismatch keeps
 * one back.
 */
export function checkSubscription(
  notice: Notice,
  outcome: 'new' | 'updated',
  match: MatchResult,
  sub: Subscription,
): Verdict {
  if (sub.pausedReason)
    return { deliver: false, why: `this channel's alerts are paused: ${sub.pausedReason}` };
  const group = stageGroupOf(notice, outcome);
  if (!sub.stages.includes(group))
    return {
      deliver: false,
      why: `it is one of the ${STAGE_GROUP_NAMES[group]}, which this channel does not follow`,
    };
  const areas = match.areas.filter((a) => sub.areas.some((id) => id === a.rule));
  const watchlists = match.watchlists.filter((w) =>
    sub.watchlists.some((id) => w.rule === `watchlist:${sub.guildId}:${id}`),
  );
  const reserved = match.reserved?.kind === 'explicit';
  // A reserved-only channel hears about every explicitly reserved contract: being reserved is the point,
  // whatever the service.
  if (areas.length === 0 && watchlists.length === 0 && !(sub.reservedOnly && reserved))
    return { deliver: false, why: noAreaReason(match, sub) };
  if (sub.reservedOnly && !reserved)
    return {
      deliver: false,
      why: 'this channel only wants reserved contracts, and this one is not reserved',
    };
  const value = comparableValue(notice);
  if (value !== null && sub.minValue !== null && value < sub.minValue)
    return {
      deliver: false,
      why: `its value (${pounds(value)}) is below this channel's floor of ${pounds(sub.minValue)}`,
    };
  if (value !== null && sub.maxValue !== null && value > sub.maxValue)
    return {
      deliver: false,
      why: `its value (${pounds(value)}) is above this channel's ceiling of ${pounds(sub.maxValue)}`,
    };
  const regions = [
    ...new Set([notice.buyer.regionName, ...notice.deliveryRegions].filter((r): r is string => !!r)),
  ];
  if (
    sub.regions.length > 0 &&
    regions.length > 0 &&
    !regions.includes('United Kingdom') &&
    !regions.some((r) => sub.regions.includes(r))
  ) {
    return {
      deliver: false,
      why: `it is in ${regions.join(', ')}, outside this channel's regions (${sub.regions.join(', ')})`,
    };
  }
  const what = [
    ...(areas.length === 0 && watchlists.length === 0
      ? [`a reserved contract (${match.reserved?.summary ?? ''})`]
      : []),
    ...areas.map((a) => `${a.rule} (${a.band}: ${a.reasons[0] ?? ''})`),
    ...watchlists.map(
      (w) => `watchlist ${w.rule.replace(/^watchlist:[^:]*:/, '')} (${w.reasons[0] ?? w.band})`,
    ),
  ];
  return {
    deliver: true,
    why: `it matched ${what.join('; ')}`,
    kind: outcome === 'updated' ? 'update' : 'new',
  };
}

/** Every subscription a saved notice goes to. */
export function recipientsFor(
  notice: Notice,
  outcome: 'new' | 'updated',
  match: MatchResult,
  subs: Subscription[],
): { subscriptionId: number; kind: DeliveryKind }[] {
  return subs.flatMap((sub) => {
    const verdict = checkSubscription(notice, outcome, match, sub);
    return verdict.deliver ? [{ subscriptionId: sub.id, kind: verdict.kind }] : [];
  });
}

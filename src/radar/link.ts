import type { MatchResult } from '../matching/match-result.js';
import type { Notice } from '../notices/notice.js';
import { addMonths, buyerKey, type ContractRecord } from './contract.js';

// Which known contract a new pipeline, engagement, planned-procurement or tender notice probably replaces.
// Deliberately cautious: a wrong "this replaces X's contract" misleads more than silence. All three must
// hold:
// - the same buyer (same identifier, or the same name once folded: buyerKey);
// - a service area in common (the matcher's verdicts on both notices; a notice in no area links to nothing);
// - the old contract ends (or can be extended to) near when the new one is planned to start.

/** Notices that can announce the next round of a contract: early engagement and planning, and tenders. */
export function canReplace(notice: Notice): boolean {
  const early = ['UK1', 'UK2', 'UK3', 'plannedProcurementNotice', 'marketEngagementNotice'];
  return notice.stage === 'planning' || notice.stage === 'tender' || early.includes(notice.noticeType ?? '');
}

/**
 * The span the old contract's end must fall in, from the best date the new notice gives: its planned
 * contract start (the old one ends just before: 9 months before to 3 after), else its expected tender date
 * (the old one ends 3 months before to 18 after), else its deadline (3 before to 15 after), else its
 * publication (3 months before to 2 years after: engagement starts 6 to 18 months ahead). `target` is the
 * most likely end, for choosing between candidates.
 */
export function replacementWindow(notice: Notice): { from: number; to: number; target: number } | null {
  const { contractStart, expectedTender, tenderDeadline, published } = notice.dates;
  const spans: [string | null, number, number, number][] = [
    [contractStart, -9, 3, 0],
    [expectedTender, -3, 18, 6],
    [tenderDeadline, -3, 15, 5],
    [published, -3, 24, 9],
  ];
  for (const [date, before, after, likely] of spans) {
    if (!date) continue;
    const at = Date.parse(date);
    return { from: addMonths(at, before), to: addMonths(at, after), target: addMonths(at, likely) };
  }
  return null;
}

/** Whether the contract is the same buyer's, by identifier or by folded name. */
function sameBuyer(notice: Notice, contract: ContractRecord): boolean {
  if (notice.buyer.id && contract.buyer.id && notice.buyer.id === contract.buyer.id) return true;
  const key = buyerKey(notice.buyer.name);
  return key !== '' && key === contract.buyer.key;
}

const ends = (c: ContractRecord) =>
  [c.end, c.maxExtent].filter((d): d is string => d !== null).map(Date.parse);

export interface Replacement {
  contract: ContractRecord;
  /** The service areas the two have in common. */
  areas: string[];
  /** Other contracts that fitted as well (a procurement that merges several). */
  others: number;
}

/**
 * The contract the notice probably replaces, or null. Among several that fit, the one ending nearest the
 * likely date, then the one sharing more CPV codes.
 */
export function findReplacedContract(
  notice: Notice,
  match: MatchResult | null,
  candidates: ContractRecord[],
): Replacement | null {
  if (!canReplace(notice)) return null;
  const areas = (match?.areas ?? []).map((a) => a.rule);
  const window = replacementWindow(notice);
  if (areas.length === 0 || !window) return null;
  const published = notice.dates.published ? Date.parse(notice.dates.published) : Number.POSITIVE_INFINITY;
  const fits = candidates.flatMap((contract) => {
    if (contract.ocid === notice.ocid || !sameBuyer(notice, contract)) return [];
    const shared = contract.areas.filter((a) => areas.includes(a));
    if (shared.length === 0) return [];
    // A contract awarded after this notice was published cannot be the one it replaces.
    if (contract.awardedOn && Date.parse(contract.awardedOn) > published) return [];
    const inWindow = ends(contract).filter((at) => at >= window.from && at <= window.to);
    if (inWindow.length === 0) return [];
    const distance = Math.min(...inWindow.map((at) => Math.abs(at - window.target)));
    const cpv = contract.cpv.filter((c) => notice.cpv.includes(c)).length;
    return [{ contract, areas: shared, distance, cpv }];
  });
  fits.sort((a, b) => a.distance - b.distance || b.cpv - a.cpv);
  const best = fits[0];
  return best ? { contract: best.contract, areas: best.areas, others: fits.length - 1 } : null;
}

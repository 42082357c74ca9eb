import { cpvAncestors } from '../notices/cpv.js';
import { comparableValue, formatPounds } from '../notices/money.js';
import type { Notice } from '../notices/notice.js';
import { FIELD_NAMES, type CompiledMatcher, type CompiledRule } from './compile.js';
import { evidenceByField, type AreaAcc, type NoticeAcc, type WatchAcc } from './evidence.js';

// Scoring what the walk left for each rule: a service area from its evidence per field (title and lot titles
// weigh most), vetoes, generic care/housing words, and CPV as a small prior; a watchlist from its best field.
// Each is O(the rule's evidence), and only rules the walk touched are scored.

export interface Scored {
  score: number;
  reasons: string[];
  rejected: string[];
}

type AreaRule = Extract<CompiledRule, { type: 'area' }>;

function cpvPrior(rule: AreaRule, notice: Notice): { prior: number; reason: string } | null {
  let best: { prior: number; reason: string } | null = null;
  for (const code of notice.cpv) {
    for (const ancestor of cpvAncestors(code)) {
      const prior = rule.cpv.get(ancestor);
      if (prior !== undefined && (!best || prior > best.prior))
        best = { prior, reason: ancestor === code ? `cpv: ${code}` : `cpv: ${code} (under ${ancestor})` };
    }
  }
  return best;
}

function contextNeeded(rule: AreaRule, area: AreaAcc): string[] {
  if (area.hasContext || area.contextual.length === 0) return [];
  const context = rule.area.context
    .slice(0, 3)
    .map((c) => `'${c}'`)
    .join(', ');
  return [...new Set(area.contextual.map((e) => `${e.reason} counts only with ${context}… in the notice`))];
}

export function scoreArea(rule: AreaRule, area: AreaAcc, notice: NoticeAcc, m: CompiledMatcher, n: Notice) {
  const s = m.scoring;
  const rejected = [...area.rejected, ...contextNeeded(rule, area)];
  const byField = evidenceByField(area);
  const all = byField.flatMap(([, list]) => list);
  if (all.length === 0) return { score: 0, reasons: [], rejected };
  const lotStrong = all.some((e) => e.field === 'lots' && e.strength >= s.strengths.strong);
  if (area.titleVeto && !lotStrong)
    return { score: 0, reasons: [], rejected: [...rejected, `vetoed: title says '${area.titleVeto}'`] };
  // Care, housing, treatment and works in the title: the notice is about that, unless its title or a lot
  // names this area too.
  const namedUpFront = all.some((e) => e.field !== 'description' && e.strength >= s.strengths.medium);
  if (notice.genericInTitle && !namedUpFront)
    return {
      score: 0,
      reasons: [],
      rejected: [...rejected, `vetoed: title says '${notice.genericInTitle}' (not DPULO work on its own)`],
    };
  // Weak words only support other evidence: on their own they never make a match.
  const onlyWeak = all.every((e) => e.strength <= s.strengths.weak);
  let score = 0;
  const reasons: string[] = [];
  for (const [field, distinct] of byField) {
    const [top, ...rest] = distinct;
    if (!top) continue;
    const extra = s.repeatBonus * rest.reduce((sum, e) => sum + e.strength, 0);
    let fieldScore = s.fieldWeights[field] * Math.min(s.fieldCap, top.strength + extra);
    if (field === 'description' && notice.generic.length > 0) {
      fieldScore *= s.genericDamping;
      rejected.push(`description evidence weakened: the notice mentions '${notice.generic[0]}'`);
    }
    score += fieldScore;
    reasons.push(...distinct.slice(0, 3).map((e) => e.reason));
    if (distinct.length > 3) reasons.push(`${FIELD_NAMES[field]}: ${distinct.length - 3} more`);
  }
  const prior = cpvPrior(rule, n);
  if (prior) {
    score += prior.prior;
    reasons.push(prior.reason);
  }
  const negative = n.cpv.find((code) =>
    rule.negativeCpv.some((x) => cpvAncestors(code).includes(x.padEnd(8, '0'))),
  );
  if (negative && !all.some((e) => e.field === 'title' && e.strength >= s.strengths.strong)) {
    score *= 0.5;
    rejected.push(`weakened: CPV ${negative} is usually not this kind of work`);
  }
  if (onlyWeak && score >= s.bands.possible) {
    rejected.push('only weak hints (a word that also means other things)');
    score = Math.min(score, s.bands.possible - 0.01);
  }
  return { score: Math.min(1, score), reasons, rejected };
}

/** What every watchlist's filters ask of a notice, worked out once per notice rather than per watchlist. */
export interface NoticeFacts {
  value: number | null;
  regions: string[];
  buyer: string;
}

export function noticeFacts(notice: Notice): NoticeFacts {
  return {
    value: comparableValue(notice),
    regions: [notice.buyer.regionName, ...notice.deliveryRegions]
      .filter((r): r is string => !!r)
      .map((r) => r.toLowerCase()),
    buyer: (notice.buyer.name ?? '').toLowerCase(),
  };
}

type WatchRule = Extract<CompiledRule, { type: 'watchlist' }>;

function passesFilters(rule: WatchRule, notice: Notice, facts: NoticeFacts): string | null {
  if (rule.stages && !rule.stages.includes(notice.stage)) return `stage ${notice.stage} is not followed`;
  const { value, regions, buyer } = facts;
  if (rule.minValue !== null && (value === null || value < rule.minValue))
    return value === null
      ? 'no value stated (watchlist has a minimum)'
      : `value ${formatPounds(value)} is below ${formatPounds(rule.minValue)}`;
  if (rule.maxValue !== null && value !== null && value > rule.maxValue)
    return `value ${formatPounds(value)} is above ${formatPounds(rule.maxValue)}`;
  if (rule.regions && !regions.includes('united kingdom')) {
    if (!rule.regions.some((r) => regions.includes(r))) return 'not in a followed region';
  }
  if (rule.buyers && !rule.buyers.some((b) => buyer.includes(b))) return 'buyer is not followed';
  return null;
}

/** A watchlist from its best hit (title 0.9, lot 0.8, description 0.5, CPV 0.5): O(its own hits). */
export function scoreWatchlist(
  rule: WatchRule,
  hits: WatchAcc | undefined,
  cpvHit: boolean,
  n: Notice,
  facts: NoticeFacts,
): Scored {
  const filtered = passesFilters(rule, n, facts);
  if (filtered) return { score: 0, reasons: [], rejected: [filtered] };
  if (hits?.excluded) return { score: 0, reasons: [], rejected: [`excluded by ${hits.excluded}`] };
  const reasons = [...(hits?.reasons ?? [])];
  if (cpvHit) reasons.push(`cpv: ${n.cpv.join(', ')}`);
  return { score: Math.max(hits?.best ?? 0, cpvHit ? 0.5 : 0), reasons, rejected: [] };
}

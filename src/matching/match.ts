import { cpvAncestors } from '../notices/cpv.js';
import { comparableValue, formatPounds } from '../notices/money.js';
import type { Notice } from '../notices/notice.js';
import type { CompiledMatcher, HitKind, TrieEntry } from './compile.js';
import type { Band, MatchResult, RuleMatch } from './match-result.js';
import type { ServiceArea, Watchlist } from './rules.js';
import { tokenize, type Token } from './tokens.js';

export type Field = 'title' | 'lots' | 'description';
const FIELD_NAMES: Record<Field, string> = { title: 'title', lots: 'lot title', description: 'description' };

export interface Hit {
  entry: TrieEntry;
  field: Field;
  /** Which text of the field (lot titles are scanned one by one), and the token span in it. */
  segment: number;
  start: number;
  end: number;
}

/** The texts a notice is matched on, by field; lot descriptions count as description. */
function fieldTexts(notice: Notice): [Field, string[]][] {
  return [
    ['title', [notice.title]],
    ['lots', notice.lots.map((l) => l.title ?? '').filter((t) => t.length > 0)],
    [
      'description',
      [notice.description ?? '', ...notice.lots.map((l) => l.description ?? '')].filter((t) => t.length > 0),
    ],
  ];
}

function scanTokens(tokens: Token[], field: Field, segment: number, m: CompiledMatcher, hits: Hit[]): void {
  for (let i = 0; i < tokens.length; i++) {
    const raw = tokens[i]?.raw ?? '';
    const acronymEntries =
      m.acronyms.get(raw) ?? (raw.endsWith('s') ? m.acronyms.get(raw.slice(0, -1)) : undefined);
    for (const entry of acronymEntries ?? []) hits.push({ entry, field, segment, start: i, end: i });
    let node = m.root;
    for (let j = i; j < tokens.length && j < i + m.maxPhraseTokens; j++) {
      const next = node.next.get(tokens[j]?.norm ?? '');
      if (!next) break;
      node = next;
      for (const entry of node.entries) hits.push({ entry, field, segment, start: i, end: j });
    }
  }
}

/** Walks the notice's text once against every phrase of every rule. */
export function scanNotice(notice: Notice, m: CompiledMatcher): Hit[] {
  const hits: Hit[] = [];
  for (const [field, texts] of fieldTexts(notice))
    texts.forEach((text, segment) => scanTokens(tokenize(text), field, segment, m, hits));
  return hits;
}

const overlaps = (a: Hit, b: Hit) =>
  a.field === b.field && a.segment === b.segment && a.start <= b.end && b.start <= a.end;
const quote = (hit: Hit) => `${FIELD_NAMES[hit.field]}: '${hit.entry.phrase}'`;

interface Evidence {
  field: Field;
  strength: number;
  reason: string;
}

function nearEvidence(area: ServiceArea, hits: Hit[], strength: number): Evidence[] {
  const out: Evidence[] = [];
  area.near.forEach((rule, index) => {
    const a = hits.filter((h) => h.entry.kind === 'nearA' && h.entry.near === index);
    const b = hits.filter((h) => h.entry.kind === 'nearB' && h.entry.near === index);
    for (const x of a) {
      const y = b.find(
        (h) =>
          h.field === x.field &&
          h.segment === x.segment &&
          !overlaps(h, x) &&
          Math.min(Math.abs(h.start - x.end), Math.abs(x.start - h.end)) <= rule.window,
      );
      if (y)
        out.push({
          field: x.field,
          strength,
          reason: `${FIELD_NAMES[x.field]}: '${x.entry.phrase}' near '${y.entry.phrase}'`,
        });
    }
  });
  return out;
}

interface Scored {
  score: number;
  reasons: string[];
  rejected: string[];
}

const STRENGTH_KINDS: HitKind[] = ['strong', 'medium', 'weak', 'contextual'];

/** How much one hit counts: medium and weak phrases as such, everything else as strong. */
function strengthOf(kind: HitKind, s: CompiledMatcher['scoring']): number {
  if (kind === 'medium') return s.strengths.medium;
  return kind === 'weak' ? s.strengths.weak : s.strengths.strong;
}

function bandOf(score: number, s: CompiledMatcher['scoring']): Band | null {
  if (score >= s.bands.strong) return 'strong';
  return score >= s.bands.possible ? 'possible' : null;
}

function scoreArea(
  area: ServiceArea,
  hits: Hit[],
  generic: Hit[],
  notice: Notice,
  m: CompiledMatcher,
  cpvPrior: { prior: number; reason: string } | null,
): Scored {
  const s = m.scoring;
  const rejected: string[] = [];
  const exclusions = hits.filter((h) => h.entry.kind === 'exclusion');
  const titleVeto = hits.find(
    (h) => h.field === 'title' && (h.entry.kind === 'veto' || h.entry.kind === 'exclusion'),
  );
  const hasContext = hits.some((h) => h.entry.kind === 'context');
  const evidence: Evidence[] = [];
  const positive = hits.filter((h) => STRENGTH_KINDS.includes(h.entry.kind));
  for (const hit of positive) {
    // "advocacy" inside "advocacy service" is the same evidence, not more of it.
    if (
      positive.some(
        (o) =>
          o !== hit &&
          overlaps(o, hit) &&
          o.start <= hit.start &&
          o.end >= hit.end &&
          o.end - o.start > hit.end - hit.start,
      )
    )
      continue;
    const cancelledBy = exclusions.find((x) => overlaps(x, hit) && x !== hit);
    if (cancelledBy) {
      rejected.push(`${quote(hit)} is part of excluded '${cancelledBy.entry.phrase}'`);
      continue;
    }
    if (hit.entry.kind === 'contextual' && !hasContext) {
      rejected.push(
        `${quote(hit)} counts only with ${area.context
          .slice(0, 3)
          .map((c) => `'${c}'`)
          .join(', ')}… in the notice`,
      );
      continue;
    }
    const strength = strengthOf(hit.entry.kind, s);
    evidence.push({
      field: hit.field,
      strength,
      reason:
        hit.entry.kind === 'contextual'
          ? `${quote(hit)} (with ${area.label.toLowerCase()} context)`
          : quote(hit),
    });
  }
  evidence.push(...nearEvidence(area, hits, s.strengths.medium));
  if (evidence.length === 0) return { score: 0, reasons: [], rejected };

  const lotStrong = evidence.some((e) => e.field === 'lots' && e.strength >= s.strengths.strong);
  if (titleVeto && !lotStrong)
    return {
      score: 0,
      reasons: [],
      rejected: [...rejected, `vetoed: title says '${titleVeto.entry.phrase}'`],
    };
  // Care, housing, treatment and works in the title: the notice is about that, unless its title or a lot
  // names this area too.
  const genericInTitle = generic.find((h) => h.field === 'title');
  const namedUpFront = evidence.some((e) => e.field !== 'description' && e.strength >= s.strengths.medium);
  if (genericInTitle && !namedUpFront)
    return {
      score: 0,
      reasons: [],
      rejected: [
        ...rejected,
        `vetoed: title says '${genericInTitle.entry.phrase}' (not DPULO work on its own)`,
      ],
    };
  // Weak words only support other evidence: on their own they never make a match.
  const onlyWeak = evidence.every((e) => e.strength <= s.strengths.weak);

  let score = 0;
  const reasons: string[] = [];
  for (const field of ['title', 'lots', 'description'] as Field[]) {
    const inField = evidence.filter((e) => e.field === field).sort((a, b) => b.strength - a.strength);
    const distinct = [...new Map(inField.map((e) => [e.reason, e])).values()];
    const top = distinct[0];
    if (!top) continue;
    let fieldScore =
      m.scoring.fieldWeights[field] *
      Math.min(
        s.fieldCap,
        top.strength + s.repeatBonus * distinct.slice(1).reduce((sum, e) => sum + e.strength, 0),
      );
    if (field === 'description' && generic.length > 0) {
      fieldScore *= s.genericDamping;
      rejected.push(`description evidence weakened: the notice mentions '${generic[0]?.entry.phrase}'`);
    }
    score += fieldScore;
    reasons.push(
      ...distinct.slice(0, 3).map((e) => e.reason),
      ...(distinct.length > 3 ? [`${FIELD_NAMES[field]}: ${distinct.length - 3} more`] : []),
    );
  }
  if (cpvPrior) {
    score += cpvPrior.prior;
    reasons.push(cpvPrior.reason);
  }
  const negative = notice.cpv.find((code) =>
    area.negativeCpv.some((n) => cpvAncestors(code).includes(n.padEnd(8, '0'))),
  );
  if (negative && !evidence.some((e) => e.field === 'title' && e.strength >= s.strengths.strong)) {
    score *= 0.5;
    rejected.push(`weakened: CPV ${negative} is usually not this kind of work`);
  }
  if (onlyWeak && score >= s.bands.possible) {
    rejected.push('only weak hints (a word that also means other things)');
    score = Math.min(score, s.bands.possible - 0.01);
  }
  return { score: Math.min(1, score), reasons, rejected };
}

function areaCpvPrior(
  rule: { cpv: Map<string, number> },
  notice: Notice,
): { prior: number; reason: string } | null {
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

function passesFilters(w: Watchlist, notice: Notice): string | null {
  if (w.stages.length > 0 && !w.stages.includes(notice.stage)) return `stage ${notice.stage} is not followed`;
  const value = comparableValue(notice);
  if (w.minValue !== null && (value === null || value < w.minValue))
    return value === null
      ? 'no value stated (watchlist has a minimum)'
      : `value ${formatPounds(value)} is below ${formatPounds(w.minValue)}`;
  if (w.maxValue !== null && value !== null && value > w.maxValue)
    return `value ${formatPounds(value)} is above ${formatPounds(w.maxValue)}`;
  const regions = [notice.buyer.regionName, ...notice.deliveryRegions]
    .filter((r): r is string => !!r)
    .map((r) => r.toLowerCase());
  if (
    w.regions.length > 0 &&
    !w.regions.some((r) => regions.includes(r.toLowerCase()) || regions.includes('united kingdom'))
  )
    return 'not in a followed region';
  const buyer = (notice.buyer.name ?? '').toLowerCase();
  if (w.buyers.length > 0 && !w.buyers.some((b) => buyer.includes(b.toLowerCase())))
    return 'buyer is not followed';
  return null;
}

function scoreWatchlist(w: Watchlist, hits: Hit[], cpvHit: boolean, notice: Notice): Scored {
  const filtered = passesFilters(w, notice);
  if (filtered) return { score: 0, reasons: [], rejected: [filtered] };
  const exclusion = hits.find((h) => h.entry.kind === 'exclusion');
  if (exclusion) return { score: 0, reasons: [], rejected: [`excluded by ${quote(exclusion)}`] };
  const positive = hits.filter((h) => h.entry.kind === 'strong');
  const weight: Record<Field, number> = { title: 0.9, lots: 0.8, description: 0.5 };
  const best = Math.max(0, ...positive.map((h) => weight[h.field]), cpvHit ? 0.5 : 0);
  const reasons = [...new Set(positive.map(quote))].slice(0, 5);
  if (cpvHit) reasons.push(`cpv: ${notice.cpv.join(', ')}`);
  return { score: best, reasons, rejected: [] };
}

/**
 * Decides which service areas and watchlists a notice belongs to, with reasons a person can check. Pure: the
 * same notice and rules always give the same result, which is stored with the notice.
 */
export function matchNotice(notice: Notice, m: CompiledMatcher): MatchResult {
  const hits = scanNotice(notice, m);
  const byRule = new Map<number, Hit[]>();
  for (const hit of hits) byRule.set(hit.entry.rule, [...(byRule.get(hit.entry.rule) ?? []), hit]);
  const generic = byRule.get(-1) ?? [];
  const cpvWatch = new Set<number>();
  for (const code of notice.cpv)
    for (let len = 2; len <= 8; len++)
      for (const rule of m.watchCpv.get(code.slice(0, len)) ?? []) cpvWatch.add(rule);

  const result: MatchResult = { areas: [], watchlists: [], rejected: [] };
  const candidates = new Set([...byRule.keys(), ...cpvWatch]);
  for (const index of [...candidates].sort((a, b) => a - b)) {
    const rule = m.rules[index];
    if (!rule) continue;
    const ruleHits = byRule.get(index) ?? [];
    const scored =
      rule.type === 'area'
        ? scoreArea(rule.area, ruleHits, generic, notice, m, areaCpvPrior(rule, notice))
        : scoreWatchlist(rule.watchlist, ruleHits, cpvWatch.has(index), notice);
    const id = rule.type === 'area' ? rule.area.id : `watchlist:${rule.key}`;
    const band = bandOf(scored.score, m.scoring);
    if (band) {
      const match: RuleMatch = {
        rule: id,
        band,
        score: Math.round(scored.score * 100) / 100,
        reasons: scored.reasons,
      };
      (rule.type === 'area' ? result.areas : result.watchlists).push(match);
    } else if (scored.rejected.length > 0 || scored.reasons.length > 0) {
      result.rejected.push({
        rule: id,
        reasons: [
          ...scored.rejected,
          ...(scored.reasons.length > 0
            ? [`too weak (score ${scored.score.toFixed(2)}): ${scored.reasons.join('; ')}`]
            : []),
        ],
      });
    }
  }
  return result;
}

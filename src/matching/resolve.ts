import {
  FIELD_NAMES,
  GENERIC_RULE,
  PASSING_RULE,
  PROVISION_RULE,
  NEGATION_RULE,
  type CompiledFamily,
  type CompiledMatcher,
  type CompiledRule,
} from './compile.js';
import { addEvidence, addGeneric, areaAcc, reject, type AreaAcc, type NoticeAcc } from './evidence.js';
import type { Chunk, ChunkHit } from './scan.js';

// Resolving one chunk of clauses: grammar pairs (head × qualifier), exclusions that cancel what they overlap,
// the longer of two nested phrases, and services named only in passing. Every step is a sort and a sweep
// (or a binary search) over the chunk's hits, so a chunk costs O(h log h) for h hits, never h².

interface Span {
  start: number;
  end: number;
  /** The rules' phrase, or null for a grammar pair: then the notice's own words, quoted only if needed. */
  label: string | null;
}

const labelOf = (chunk: Chunk, span: Span) => span.label ?? quoteSpan(chunk, span.start, span.end);

interface Candidate extends Span {
  rule: number;
  area: AreaAcc;
  strength: number;
  contextual: boolean;
  /** The grammar family of a pair (null: a listed phrase, which wins a tie). */
  family: string | null;
  /** The listed phrase's quote; a pair's is built from the notice's words once it counts. */
  reason: string;
  passing: boolean;
  /** A `bought` term: medium, or strong where the description lists it among what is bought. */
  bought: boolean;
}

const byStart = <T extends { start: number; end: number }>(a: T, b: T) => a.start - b.start || b.end - a.end;

/** Index of the first item whose start is at least `value` (items sorted by start). */
function lowerBound(items: { start: number }[], value: number): number {
  let lo = 0;
  let hi = items.length;
  while (lo < hi) {
    const mid = (lo + hi) >> 1;
    if ((items[mid]?.start ?? 0) < value) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}

/** The words of a span as the notice wrote them, whitespace folded, kept short. */
function quoteSpan(chunk: Chunk, start: number, end: number): string {
  const text = chunk.text.slice(chunk.charStart[start], chunk.charEnd[end]).replace(/\s+/g, ' ').trim();
  return text.length <= 80 ? text : `${text.slice(0, 79)}…`;
}

/** The words between a head and its qualifier: one of the family's `via` words if it has any, no "not". */
function betweenHolds(family: CompiledFamily, chunk: Chunk, from: number, to: number, negation: Set<string>) {
  let via = family.via.size === 0;
  for (let k = from; k < to; k++) {
    const word = chunk.norms[k] ?? '';
    if (negation.has(word)) return false;
    if (!via && family.via.has(word)) via = true;
  }
  return via;
}

/**
 * For each head, its nearest qualifier within the family's gap and order, in the same clause: one span per
 * head (O(heads × log qualifiers), plus the few qualifiers inside each window).
 */
function pairs(
  family: CompiledFamily,
  heads: ChunkHit[],
  quals: ChunkHit[],
  chunk: Chunk,
  m: CompiledMatcher,
) {
  const maxLen = m.maxPhraseTokens;
  const negation = m.negationWords;
  const out: Span[] = [];
  if (heads.length === 0 || quals.length === 0) return out;
  quals.sort(byStart);
  for (const h of heads) {
    const clause = chunk.clause[h.start];
    let best: ChunkHit | null = null;
    if (family.order !== 'qualifier-first') {
      for (let j = lowerBound(quals, h.end + 1); j < quals.length; j++) {
        const q = quals[j];
        if (!q || q.start > h.end + 1 + family.gap) break;
        if (chunk.clause[q.start] === clause && betweenHolds(family, chunk, h.end + 1, q.start, negation)) {
          best = q;
          break;
        }
      }
    }
    if (!best && family.order !== 'head-first') {
      for (let j = lowerBound(quals, h.start - 1 - family.gap - maxLen); j < quals.length; j++) {
        const q = quals[j];
        if (!q || q.start >= h.start) break;
        const gap = h.start - q.end - 1;
        if (gap < 0 || gap > family.gap || chunk.clause[q.start] !== clause) continue;
        if (betweenHolds(family, chunk, q.end + 1, h.start, negation) && (!best || q.end > best.end))
          best = q;
      }
    }
    if (best) {
      const start = Math.min(h.start, best.start);
      const end = Math.max(h.end, best.end);
      out.push({ start, end, label: null });
    }
  }
  return out;
}

/** The exclusion overlapping [start, end], if any (exclusions sorted by start, with running max end). */
function overlapping(exclusions: Span[], maxEnd: number[], start: number, end: number, reach: number) {
  const last = lowerBound(exclusions, end + 1) - 1;
  if (last < 0 || (maxEnd[last] ?? -1) < start) return null;
  for (let j = last; j >= 0; j--) {
    const x = exclusions[j];
    if (!x || x.start < start - reach) break;
    if (x.end >= start) return x;
  }
  return null;
}

function strengthOf(kind: string, m: CompiledMatcher): number {
  if (kind === 'medium' || kind === 'bought') return m.scoring.strengths.medium;
  return kind === 'weak' ? m.scoring.strengths.weak : m.scoring.strengths.strong;
}

const POSITIVE = new Set(['strong', 'medium', 'weak', 'contextual', 'bought']);

function resolveArea(
  rule: number,
  compiled: Extract<CompiledRule, { type: 'area' }>,
  hits: ChunkHit[],
  chunk: Chunk,
  m: CompiledMatcher,
  into: NoticeAcc,
): Candidate[] {
  // Qualifiers alone ("carers", "disabled people") are everywhere and say nothing: skip the area.
  const title = chunk.field === 'title';
  const telling = (kind: string) =>
    POSITIVE.has(kind) ||
    kind === 'head' ||
    kind === 'context' ||
    (title && (kind === 'veto' || kind === 'exclusion'));
  if (!hits.some((h) => telling(h.entry.kind))) return [];
  const area = areaAcc(into, rule);
  const field = FIELD_NAMES[chunk.field];
  const exclusions: Span[] = [];
  const phrases: ChunkHit[] = [];
  const heads: (ChunkHit[] | undefined)[] = [];
  const quals: (ChunkHit[] | undefined)[] = [];
  const add = (lists: (ChunkHit[] | undefined)[], family: number, hit: ChunkHit) => {
    const list = lists[family];
    if (list) list.push(hit);
    else lists[family] = [hit];
  };
  for (const hit of hits) {
    const { kind, phrase, family } = hit.entry;
    if (kind === 'exclusion') exclusions.push({ start: hit.start, end: hit.end, label: phrase });
    if ((kind === 'exclusion' || kind === 'veto') && chunk.field === 'title') area.titleVeto ??= phrase;
    if (kind === 'context') area.hasContext = true;
    if (kind === 'head' && family !== undefined) add(heads, family, hit);
    if (kind === 'qualifier' && family !== undefined) add(quals, family, hit);
    if (POSITIVE.has(kind)) phrases.push(hit);
  }
  const maxLen = m.maxPhraseTokens;
  const listed = new Set(exclusions.map((x) => `${x.start}:${x.end}`));
  compiled.families.forEach((family, f) => {
    if (family.strength !== 'exclusion' || !heads[f] || !quals[f]) return;
    for (const span of pairs(family, heads[f] ?? [], quals[f] ?? [], chunk, m)) {
      // A listed exclusion over the same words says it in the rules' words ('legal advocacy').
      if (listed.has(`${span.start}:${span.end}`)) continue;
      exclusions.push(span);
      if (chunk.field === 'title') area.titleVeto ??= labelOf(chunk, span);
    }
  });
  exclusions.sort(byStart);
  let running = -1;
  const maxEnd = exclusions.map((x) => (running = Math.max(running, x.end)));
  const reach = 2 * maxLen + 8;
  const cancelled = (h: { start: number; end: number }) =>
    exclusions.length > 0 ? overlapping(exclusions, maxEnd, h.start, h.end, reach) : null;
  // One look per hit: the same qualifier can stand in many families.
  const verdicts = new Map<ChunkHit, boolean>();
  const live = (list: ChunkHit[]) =>
    exclusions.length === 0
      ? list
      : list.filter((h) => {
          let ok = verdicts.get(h);
          if (ok === undefined) verdicts.set(h, (ok = !cancelled(h)));
          return ok;
        });

  const candidates: Candidate[] = [];
  for (const hit of phrases) {
    const by = cancelled(hit);
    const quote = hit.entry.quotes[chunk.field];
    if (by) {
      reject(area, `${quote} is part of excluded '${labelOf(chunk, by)}'`);
      continue;
    }
    const { kind, phrase } = hit.entry;
    candidates.push({
      start: hit.start,
      end: hit.end,
      label: phrase,
      rule,
      area,
      strength: strengthOf(kind, m),
      contextual: kind === 'contextual',
      family: null,
      reason: quote,
      passing: false,
      bought: kind === 'bought',
    });
  }
  compiled.families.forEach((family, f) => {
    const familyHeads = heads[f];
    const familyQuals = quals[f];
    if (family.strength === 'exclusion' || !familyHeads || !familyQuals) return;
    const strength = family.strength === 'medium' ? m.scoring.strengths.medium : m.scoring.strengths.strong;
    const contextual = family.strength === 'contextual';
    for (const span of pairs(family, outermost(live(familyHeads)), live(familyQuals), chunk, m))
      // The same fields in the same order as a phrase's candidate: one object shape for the sorts below.
      candidates.push({
        start: span.start,
        end: span.end,
        label: null,
        rule,
        area,
        strength,
        contextual,
        family: family.name,
        reason: '',
        passing: false,
        bought: false,
      });
  });
  const kept = longest(candidates, m);
  for (const c of kept)
    if (c.family !== null) c.reason = `${field}: '${quoteSpan(chunk, c.start, c.end)}' (${c.family})`;
  return kept;
}

/** Heads not inside a longer head of the same family ("advice" inside "information and advice"). */
function outermost(heads: ChunkHit[]): ChunkHit[] {
  if (heads.length < 2) return heads;
  heads.sort(byStart);
  let maxEnd = -1;
  return heads.filter((h) => {
    const inside = h.end <= maxEnd;
    maxEnd = Math.max(maxEnd, h.end);
    return !inside;
  });
}

/** Drops evidence inside longer evidence at least as strong: "advocacy" inside "advocacy service" is one. */
function longest(candidates: Candidate[], m: CompiledMatcher): Candidate[] {
  const tier = (c: Candidate) => {
    if (c.strength >= m.scoring.strengths.strong) return 2;
    return c.strength >= m.scoring.strengths.medium ? 1 : 0;
  };
  candidates.sort(
    (a, b) =>
      a.start - b.start ||
      b.end - a.end ||
      b.strength - a.strength ||
      Number(a.family !== null) - Number(b.family !== null),
  );
  const maxEndFromTier = [-1, -1, -1];
  return candidates.filter((c) => {
    const t = tier(c);
    const covered = maxEndFromTier.slice(t).some((end) => end >= c.end);
    maxEndFromTier[t] = Math.max(maxEndFromTier[t] ?? -1, c.end);
    return !covered;
  });
}

/**
 * Calls `reach` for each candidate that starts just after one of the markers (within `window` words, in the
 * same clause) or continues a list that did ("signposting to advocacy, peer support and …"): a sort and one
 * sweep.
 */
function sweepAfter(
  candidates: Candidate[],
  markers: ChunkHit[],
  chunk: Chunk,
  window: number,
  reach: (c: Candidate, marker: string) => boolean,
): void {
  if (markers.length === 0) return;
  markers.sort(byStart);
  candidates.sort(byStart);
  let next = 0;
  let markerEnd = -1;
  let listEnd = -1;
  let clause = -1;
  let marker = '';
  for (const c of candidates) {
    for (let mk = markers[next]; mk && mk.end < c.start; mk = markers[++next]) {
      const mkClause = chunk.clause[mk.start] ?? -1;
      if (mkClause !== clause || mk.end > listEnd) {
        markerEnd = mk.end;
        listEnd = mk.end;
        clause = mkClause;
        marker = mk.entry.phrase;
      }
    }
    const after = c.start > markerEnd && c.start - listEnd - 1 <= window;
    if (chunk.clause[c.start] === clause && after && reach(c, marker)) listEnd = Math.max(listEnd, c.end);
  }
}

/** Evidence named only in passing ("signposting to", "access to") does not count. */
function markPassing(candidates: Candidate[], markers: ChunkHit[], chunk: Chunk, window: number): void {
  sweepAfter(candidates, markers, chunk, window, (c, marker) => {
    c.passing = true;
    reject(c.area, `${c.reason} is named only in passing ('${marker}')`);
    return true;
  });
}

/** Evidence just after "not", "without"… is denied, not bought. */
function markNegated(candidates: Candidate[], markers: ChunkHit[], chunk: Chunk): void {
  sweepAfter(candidates, markers, chunk, 1, (c, marker) => {
    if (c.passing) return false;
    c.passing = true;
    reject(c.area, `${c.reason} is denied ('${marker}')`);
    return true;
  });
}

/** A `bought` term in a list of what is bought ("will provide advocacy, …") counts as strong. */
function markBought(candidates: Candidate[], markers: ChunkHit[], chunk: Chunk, m: CompiledMatcher): void {
  sweepAfter(candidates, markers, chunk, m.structureWindow, (c, marker) => {
    if (c.passing) return false;
    if (c.bought && c.strength < m.scoring.strengths.strong) {
      c.strength = m.scoring.strengths.strong;
      c.reason = `${c.reason} (listed after '${marker}')`;
    }
    return true;
  });
}

/** Resolves a chunk's service-area hits into evidence on the notice's accumulators. */
export function resolveChunk(chunk: Chunk, m: CompiledMatcher, into: NoticeAcc): void {
  const byRule = new Map<number, ChunkHit[]>();
  for (const hit of chunk.hits) {
    const list = byRule.get(hit.entry.rule);
    if (list) list.push(hit);
    else byRule.set(hit.entry.rule, [hit]);
  }
  // A qualifier counts only for an area with a grammar head in the chunk.
  const withHeads = new Set<number>();
  for (const [rule, hits] of byRule) if (hits.some((h) => h.entry.kind === 'head')) withHeads.add(rule);
  if (withHeads.size > 0)
    for (const q of chunk.qualifiers)
      for (const entry of q.node?.qualifiers ?? [])
        if (withHeads.has(entry.rule)) byRule.get(entry.rule)?.push({ entry, start: q.start, end: q.end });
  for (const g of byRule.get(GENERIC_RULE) ?? []) addGeneric(into, g.entry.phrase, chunk.field);
  const candidates: Candidate[] = [];
  for (const [rule, hits] of byRule) {
    const compiled = m.rules[rule];
    if (rule < 0 || compiled?.type !== 'area') continue;
    candidates.push(...resolveArea(rule, compiled, hits, chunk, m, into));
  }
  markPassing(candidates, byRule.get(PASSING_RULE) ?? [], chunk, m.structureWindow);
  markNegated(candidates, byRule.get(NEGATION_RULE) ?? [], chunk);
  markBought(candidates, byRule.get(PROVISION_RULE) ?? [], chunk, m);
  for (const c of candidates)
    if (!c.passing)
      addEvidence(c.area, { field: chunk.field, strength: c.strength, reason: c.reason }, c.contextual);
}

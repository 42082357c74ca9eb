import { FIELDS, type Field } from './compile.js';

// What the walk over a notice leaves behind for each rule it touched: bounded, whatever the text's length, so
// a notice of any size is scored from a few dozen facts per rule.

/** Distinct reasons kept per field and rule: more only adds "N more" (and the score is capped anyway). */
const MAX_REASONS = 64;
const MAX_REJECTED = 12;
const MAX_WATCH_REASONS = 5;

export interface Evidence {
  field: Field;
  strength: number;
  reason: string;
}

export interface AreaAcc {
  /** reason → strength, per field. */
  evidence: Record<Field, Map<string, number>>;
  /** Evidence that counts only if the area's context appears anywhere in the notice. */
  contextual: Evidence[];
  rejected: string[];
  titleVeto: string | null;
  hasContext: boolean;
}

export interface WatchAcc {
  best: number;
  reasons: string[];
  excluded: string | null;
}

export interface NoticeAcc {
  areas: Map<number, AreaAcc>;
  watch: Map<number, WatchAcc>;
  /** The first generic exclusions (supported living…) seen, and the one in the title if any. */
  generic: string[];
  genericInTitle: string | null;
}

export const newNoticeAcc = (): NoticeAcc => ({
  areas: new Map(),
  watch: new Map(),
  generic: [],
  genericInTitle: null,
});

export function areaAcc(acc: NoticeAcc, rule: number): AreaAcc {
  let found = acc.areas.get(rule);
  if (!found) {
    found = {
      evidence: { title: new Map(), lots: new Map(), description: new Map() },
      contextual: [],
      rejected: [],
      titleVeto: null,
      hasContext: false,
    };
    acc.areas.set(rule, found);
  }
  return found;
}

export function addEvidence(area: AreaAcc, e: Evidence, contextual: boolean): void {
  if (contextual) {
    if (area.contextual.length < MAX_REASONS) area.contextual.push(e);
    return;
  }
  const inField = area.evidence[e.field];
  const known = inField.get(e.reason);
  if (known !== undefined) {
    if (e.strength > known) inField.set(e.reason, e.strength);
  } else if (inField.size < MAX_REASONS) inField.set(e.reason, e.strength);
}

export function reject(area: AreaAcc, reason: string): void {
  if (area.rejected.length < MAX_REJECTED && !area.rejected.includes(reason)) area.rejected.push(reason);
}

/** A watchlist hit: O(1), straight from the walk (watchlists read their phrases literally). */
export function addWatchHit(acc: NoticeAcc, rule: number, excluded: boolean, quote: string, weight: number) {
  let w = acc.watch.get(rule);
  if (!w) acc.watch.set(rule, (w = { best: 0, reasons: [], excluded: null }));
  if (excluded) {
    w.excluded ??= quote;
    return;
  }
  if (weight > w.best) w.best = weight;
  if (w.reasons.length < MAX_WATCH_REASONS && !w.reasons.includes(quote)) w.reasons.push(quote);
}

export function addGeneric(acc: NoticeAcc, phrase: string, field: Field): void {
  if (field === 'title') acc.genericInTitle ??= phrase;
  if (acc.generic.length < 3 && !acc.generic.includes(phrase)) acc.generic.push(phrase);
}

/** Every field's evidence as a list, strongest first within each field. */
export function evidenceByField(area: AreaAcc): [Field, Evidence[]][] {
  const withContext = area.hasContext ? area.contextual : [];
  return FIELDS.map((field) => {
    const list: Evidence[] = [...area.evidence[field]].map(([reason, strength]) => ({
      field,
      reason,
      strength,
    }));
    for (const e of withContext) if (e.field === field && !area.evidence[field].has(e.reason)) list.push(e);
    const distinct = [...new Map(list.map((e) => [e.reason, e])).values()];
    return [field, distinct.sort((a, b) => b.strength - a.strength)];
  });
}

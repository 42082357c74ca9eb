import type { Family, ServiceArea, ServiceAreasFile, Watchlist } from './rules.js';
import { isAcronymTerm, phraseKey, toSpellings, type Spellings } from './tokens.js';

export type Field = 'title' | 'lots' | 'description';
export const FIELDS: Field[] = ['title', 'lots', 'description'];
export const FIELD_NAMES: Record<Field, string> = {
  title: 'title',
  lots: 'lot title',
  description: 'description',
};

export type HitKind =
  | 'strong'
  | 'medium'
  | 'weak'
  | 'contextual'
  | 'context'
  | 'exclusion'
  | 'veto'
  | 'head'
  | 'qualifier'
  | 'bought'
  | 'generic'
  | 'passing'
  | 'provision'
  | 'negation';

/** The rule index of the generic exclusions (supported living…) and of the passing and provision markers. */
export const GENERIC_RULE = -1;
export const PASSING_RULE = -2;
export const PROVISION_RULE = -3;
export const NEGATION_RULE = -4;

/**
 * What a phrase in the trie stands for: which rule, what kind, which grammar family (heads and qualifiers),
 * and how it is quoted in each field (built once here, so matching never builds a string per hit).
 */
export interface TrieEntry {
  rule: number;
  kind: HitKind;
  phrase: string;
  family?: number;
  quotes: Record<Field, string>;
}

/**
 * Service-area entries are resolved per clause; watchlist entries count straight away. Qualifiers ("carers",
 * "disabled people") are kept apart: a word in many families' vocabularies is one hit, looked at only for
 * the areas whose heads appear in the same chunk.
 */
export interface TrieNode {
  next: Map<string, TrieNode>;
  area: TrieEntry[];
  qualifiers: TrieEntry[];
  watch: WatchGroup[];
}

/**
 * Watchlist phrases at one trie node: runs of entries quoted alike (the same phrase, both phrases or both
 * exclusions), in the order they were compiled, as a packed list of rule numbers. With thousands of
 * watchlists a common phrase has hundreds of entries; reading numbers in a row, not an object per watchlist
 * scattered over the heap, is what keeps a hit cheap.
 */
export interface WatchGroup {
  phrase: string;
  excluded: boolean;
  quotes: Record<Field, string>;
  rules: number[];
}

export interface CompiledFamily extends Omit<Family, 'via' | 'heads' | 'qualifiers'> {
  via: Set<string>;
}

export type CompiledRule =
  | {
      type: 'area';
      area: ServiceArea;
      cpv: Map<string, number>;
      negativeCpv: string[];
      families: CompiledFamily[];
    }
  | {
      type: 'watchlist';
      watchlist: Watchlist;
      key: string;
      /** `watchlist:<key>`, and its regions and buyers in lower case: worked out once, not per notice. */
      id: string;
      /**
       * The watchlist's filters on the rule itself, each null when it has none: scoring a touched watchlist
       * reads one object (tests against an empty list read a second).
       */
      regions: string[] | null;
      buyers: string[] | null;
      stages: string[] | null;
      minValue: number | null;
      maxValue: number | null;
    };

/**
 * Every phrase of every area and watchlist in one token trie (and one acronym table), so matching a notice
 * walks its text once whatever the number of rules; only rules with evidence are then scored.
 */
export interface CompiledMatcher {
  rules: CompiledRule[];
  root: TrieNode;
  acronyms: Map<string, TrieNode>;
  /** The first characters of the acronyms (as char codes): a word starting otherwise needs no look-up. */
  acronymStarts: Set<number>;
  /** CPV prefix → watchlist rule indexes, for watchlists that follow codes. */
  watchCpv: Map<string, number[]>;
  scoring: ServiceAreasFile['scoring'];
  spellings: Spellings;
  /** Words after a passing or provision marker that it reaches (in one clause). */
  structureWindow: number;
  /** Words no grammar pair may span ("not", "without"). */
  negationWords: Set<string>;
  maxPhraseTokens: number;
}

const orNull = <T>(list: T[]): T[] | null => (list.length > 0 ? list : null);

const newNode = (): TrieNode => ({ next: new Map(), area: [], qualifiers: [], watch: [] });

const quotesOf = (phrase: string): Record<Field, string> => ({
  title: `title: '${phrase}'`,
  lots: `lot title: '${phrase}'`,
  description: `description: '${phrase}'`,
});

/** Expands `@name` vocabulary references (recursively, each name once) into their terms. */
function expander(vocabulary: Record<string, string[]>): (terms: string[]) => string[] {
  const expand = (terms: string[], seen: Set<string>): string[] =>
    terms.flatMap((term) => {
      if (!term.startsWith('@')) return [term];
      const name = term.slice(1);
      if (seen.has(name)) return [];
      return expand(vocabulary[name] ?? [], new Set([...seen, name]));
    });
  return (terms) => [...new Set(expand(terms, new Set()))];
}

/**
 * Compiles the service areas and any number of watchlists into one matcher. Pure: call again when rules
 * change.
 */
export function compileMatcher(
  file: ServiceAreasFile,
  watchlists: (Watchlist & { key?: string })[] = [],
): CompiledMatcher {
  const root = newNode();
  const acronyms = new Map<string, TrieNode>();
  const watchCpv = new Map<string, number[]>();
  const spellings = toSpellings(file.lexicon.spellings);
  const expand = expander(file.vocabulary);
  let maxPhraseTokens = 1;

  const seen = new Set<string>();
  const place = (node: TrieNode, entry: TrieEntry) => {
    if (entry.rule >= 0 && rules[entry.rule]?.type === 'watchlist') {
      const excluded = entry.kind === 'exclusion';
      const last = node.watch[node.watch.length - 1];
      if (last && last.phrase === entry.phrase && last.excluded === excluded) last.rules.push(entry.rule);
      else node.watch.push({ phrase: entry.phrase, excluded, quotes: entry.quotes, rules: [entry.rule] });
    } else if (entry.kind === 'qualifier') node.qualifiers.push(entry);
    else node.area.push(entry);
  };
  // A term in capitals is an acronym in the areas' grammar; a watchlist says which it means.
  type As = 'term' | 'phrase' | 'acronym';
  const addTerm = (term: string, entry: Omit<TrieEntry, 'phrase' | 'quotes'>, as: As = 'term') => {
    const full: TrieEntry = { ...entry, phrase: term, quotes: quotesOf(term) };
    if (as === 'acronym' || (as === 'term' && isAcronymTerm(term))) {
      const id = `${entry.rule}|${entry.kind}|${entry.family ?? ''}|=${term}`;
      if (seen.has(id)) return;
      seen.add(id);
      let node = acronyms.get(term);
      if (!node) acronyms.set(term, (node = newNode()));
      place(node, full);
      return;
    }
    const key = phraseKey(term, spellings);
    // "self directed support" and "self-directed support" are one phrase once tokenised: count it once.
    const id = `${entry.rule}|${entry.kind}|${entry.family ?? ''}|${key.join(' ')}`;
    if (key.length === 0 || seen.has(id)) return;
    seen.add(id);
    maxPhraseTokens = Math.max(maxPhraseTokens, key.length);
    let node = root;
    for (const word of key) {
      let child = node.next.get(word);
      if (!child) node.next.set(word, (child = newNode()));
      node = child;
    }
    place(node, full);
  };

  const rules: CompiledRule[] = [];
  for (const area of file.areas) {
    const rule = rules.length;
    rules.push({
      type: 'area',
      area,
      cpv: new Map(Object.entries(area.cpv).map(([code, prior]) => [code.padEnd(8, '0'), prior])),
      negativeCpv: area.negativeCpv,
      families: area.families.map((f) => ({
        name: f.name,
        gap: f.gap,
        order: f.order,
        strength: f.strength,
        via: new Set(f.via.flatMap((v) => phraseKey(v, spellings))),
      })),
    });
    const kinds: [HitKind, string[]][] = [
      ['strong', area.strong],
      ['medium', area.medium],
      ['weak', area.weak],
      ['contextual', area.contextual],
      ['context', area.context],
      ['exclusion', area.exclusions],
      ['veto', area.vetoInTitle],
      ['bought', area.bought],
    ];
    for (const [kind, terms] of kinds) for (const term of expand(terms)) addTerm(term, { rule, kind });
    for (const acronym of area.acronyms) addTerm(acronym, { rule, kind: 'strong' }, 'acronym');
    for (const acronym of area.contextAcronyms) addTerm(acronym, { rule, kind: 'context' }, 'acronym');
    area.families.forEach((family, index) => {
      for (const term of expand(family.heads)) addTerm(term, { rule, kind: 'head', family: index });
      for (const term of expand(family.qualifiers)) addTerm(term, { rule, kind: 'qualifier', family: index });
    });
  }
  for (const phrase of file.genericExclusions)
    addTerm(phrase, { rule: GENERIC_RULE, kind: 'generic' }, 'phrase');
  for (const phrase of file.structure.passing)
    addTerm(phrase, { rule: PASSING_RULE, kind: 'passing' }, 'phrase');
  for (const phrase of file.structure.provision)
    addTerm(phrase, { rule: PROVISION_RULE, kind: 'provision' }, 'phrase');
  for (const phrase of file.structure.negation)
    addTerm(phrase, { rule: NEGATION_RULE, kind: 'negation' }, 'phrase');
  for (const watchlist of watchlists) {
    const rule = rules.length;
    const key = watchlist.key ?? watchlist.id;
    rules.push({
      type: 'watchlist',
      watchlist,
      key,
      id: `watchlist:${key}`,
      regions: orNull(watchlist.regions.map((r) => r.toLowerCase())),
      buyers: orNull(watchlist.buyers.map((b) => b.toLowerCase())),
      stages: orNull(watchlist.stages),
      minValue: watchlist.minValue,
      maxValue: watchlist.maxValue,
    });
    for (const phrase of watchlist.phrases) addTerm(phrase, { rule, kind: 'strong' }, 'phrase');
    for (const phrase of watchlist.exclusions) addTerm(phrase, { rule, kind: 'exclusion' }, 'phrase');
    for (const acronym of watchlist.acronyms) addTerm(acronym, { rule, kind: 'strong' }, 'acronym');
    for (const prefix of watchlist.cpvPrefixes) {
      const key = prefix.length === 8 ? prefix.replace(/0+$/, '').padEnd(2, '0') : prefix;
      watchCpv.set(key, [...(watchCpv.get(key) ?? []), rule]);
    }
  }
  return {
    rules,
    root,
    acronyms,
    acronymStarts: new Set([...acronyms.keys()].map((a) => a.charCodeAt(0))),
    watchCpv,
    scoring: file.scoring,
    spellings,
    structureWindow: file.structure.window,
    negationWords: new Set(file.structure.negation.flatMap((n) => phraseKey(n, spellings))),
    maxPhraseTokens,
  };
}

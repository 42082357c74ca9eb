import type { ServiceArea, ServiceAreasFile, Watchlist } from './rules.js';
import { phraseKey } from './tokens.js';

export type HitKind =
  | 'strong'
  | 'medium'
  | 'weak'
  | 'contextual'
  | 'context'
  | 'exclusion'
  | 'veto'
  | 'nearA'
  | 'nearB'
  | 'generic';

/**
 * What a phrase in the trie stands for: which rule (-1 for the generic exclusions), what kind, which near
 * rule.
 */
export interface TrieEntry {
  rule: number;
  kind: HitKind;
  phrase: string;
  near?: number;
}

export interface TrieNode {
  next: Map<string, TrieNode>;
  entries: TrieEntry[];
}

export type CompiledRule =
  | { type: 'area'; area: ServiceArea; cpv: Map<string, number>; negativeCpv: string[] }
  | { type: 'watchlist'; watchlist: Watchlist; key: string };

/**
 * Every phrase of every area and watchlist in one token trie (and one acronym table), so matching a notice
 * walks its text once whatever the number of rules; only rules with evidence are then scored.
 */
export interface CompiledMatcher {
  rules: CompiledRule[];
  root: TrieNode;
  acronyms: Map<string, TrieEntry[]>;
  /** CPV prefix → watchlist rule indexes, for watchlists that follow codes. */
  watchCpv: Map<string, number[]>;
  scoring: ServiceAreasFile['scoring'];
  maxPhraseTokens: number;
}

const newNode = (): TrieNode => ({ next: new Map(), entries: [] });

/**
 * Compiles the service areas and any number of watchlists into one matcher. Pure: call again when rules
 * change.
 */
export function compileMatcher(
  file: ServiceAreasFile,
  watchlists: (Watchlist & { key?: string })[] = [],
): CompiledMatcher {
  const root = newNode();
  const acronyms = new Map<string, TrieEntry[]>();
  const watchCpv = new Map<string, number[]>();
  let maxPhraseTokens = 1;

  const seen = new Set<string>();
  const addPhrase = (phrase: string, entry: TrieEntry) => {
    const key = phraseKey(phrase);
    // "self directed support" and "self-directed support" are one phrase once tokenised: count it once.
    const id = `${entry.rule}|${entry.kind}|${entry.near ?? ''}|${key.join(' ')}`;
    if (key.length === 0 || seen.has(id)) return;
    seen.add(id);
    maxPhraseTokens = Math.max(maxPhraseTokens, key.length);
    let node = root;
    for (const word of key) {
      let child = node.next.get(word);
      if (!child) node.next.set(word, (child = newNode()));
      node = child;
    }
    node.entries.push(entry);
  };
  const addAcronym = (acronym: string, entry: TrieEntry) =>
    acronyms.set(acronym, [...(acronyms.get(acronym) ?? []), entry]);

  const rules: CompiledRule[] = [];
  for (const area of file.areas) {
    const rule = rules.length;
    rules.push({
      type: 'area',
      area,
      cpv: new Map(Object.entries(area.cpv).map(([code, prior]) => [code.padEnd(8, '0'), prior])),
      negativeCpv: area.negativeCpv,
    });
    const kinds: [HitKind, string[]][] = [
      ['strong', area.strong],
      ['medium', area.medium],
      ['weak', area.weak],
      ['contextual', area.contextual],
      ['context', area.context],
      ['exclusion', area.exclusions],
      ['veto', area.vetoInTitle],
    ];
    for (const [kind, phrases] of kinds)
      for (const phrase of phrases) addPhrase(phrase, { rule, kind, phrase });
    for (const acronym of area.acronyms) addAcronym(acronym, { rule, kind: 'strong', phrase: acronym });
    for (const acronym of area.contextAcronyms)
      addAcronym(acronym, { rule, kind: 'context', phrase: acronym });
    area.near.forEach((near, index) => {
      for (const phrase of near.a) addPhrase(phrase, { rule, kind: 'nearA', phrase, near: index });
      for (const phrase of near.b) addPhrase(phrase, { rule, kind: 'nearB', phrase, near: index });
    });
  }
  for (const phrase of file.genericExclusions) addPhrase(phrase, { rule: -1, kind: 'generic', phrase });
  for (const watchlist of watchlists) {
    const rule = rules.length;
    rules.push({ type: 'watchlist', watchlist, key: watchlist.key ?? watchlist.id });
    for (const phrase of watchlist.phrases) addPhrase(phrase, { rule, kind: 'strong', phrase });
    for (const phrase of watchlist.exclusions) addPhrase(phrase, { rule, kind: 'exclusion', phrase });
    for (const acronym of watchlist.acronyms) addAcronym(acronym, { rule, kind: 'strong', phrase: acronym });
    for (const prefix of watchlist.cpvPrefixes) {
      const key = prefix.length === 8 ? prefix.replace(/0+$/, '').padEnd(2, '0') : prefix;
      watchCpv.set(key, [...(watchCpv.get(key) ?? []), rule]);
    }
  }
  return { rules, root, acronyms, watchCpv, scoring: file.scoring, maxPhraseTokens };
}

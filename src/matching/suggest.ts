import type { Notice } from '../notices/notice.js';
import type { SuggestedNotice, Suggestion } from './corrections.js';
import { forEachWord, phraseKey } from './tokens.js';

// What a server's corrections imply for its watchlists (issue 17): words common to the notices marked not
// relevant and absent from the ones kept become proposed exclusions; words of the notices reported missed,
// absent from the ones marked not relevant, become proposed phrases. Each says which notices it would change.

/** Words that never start or end a suggestion: grammar words and the boilerplate of every notice. */
const STOPWORDS = new Set(
  (
    'a an and or the of for to in on at by with from as is are be been will shall may can this that these ' +
    'those it its their our we you they who which what all any each other such into within per via up ' +
    'new provision provide providing service services contract contracts council county borough city ' +
    'authority tender tenders procurement framework lot lots notice award support opportunity requirement ' +
    'requirements supplier suppliers provider providers deliver delivery including include year years ' +
    'month months week value total estimated period start end date dates uk england wales scotland ltd ' +
    'limited plc nhs trust icb please see more further information details document documents also not'
  ).split(' '),
);
const MAX_WORDS = 3;
/** Enough of a long description to find its vocabulary; what follows is mostly boilerplate. */
const DESCRIPTION_CHARS = 3_000;

interface Gram {
  key: string;
  text: string;
  words: number;
  inTitle: boolean;
}

/** The distinct 1–3-word phrases of a notice (within a clause), keyed by their stemmed words. */
function gramsOf(notice: Notice): Map<string, Gram> {
  const out = new Map<string, Gram>();
  const texts: [string, boolean][] = [
    [notice.title, true],
    ...notice.lots.map((l): [string, boolean] => [l.title ?? '', true]),
    [(notice.description ?? '').slice(0, DESCRIPTION_CHARS), false],
  ];
  for (const [text, inTitle] of texts) {
    let clause: { norm: string; raw: string }[] = [];
    const flush = () => {
      for (let i = 0; i < clause.length; i++)
        for (let n = 1; n <= MAX_WORDS && i + n <= clause.length; n++) {
          const words = clause.slice(i, i + n);
          const first = words[0]?.norm ?? '';
          const last = words[words.length - 1]?.norm ?? '';
          if (STOPWORDS.has(first) || STOPWORDS.has(last)) continue;
          if (words.every((w) => /^\d+$/.test(w.norm)) || (n === 1 && first.length < 4)) continue;
          const key = words.map((w) => w.norm).join(' ');
          const known = out.get(key);
          if (known) known.inTitle ||= inTitle;
          else
            out.set(key, { key, text: words.map((w) => w.raw.toLowerCase()).join(' '), words: n, inTitle });
        }
      clause = [];
    };
    forEachWord(text, (norm, raw, _start, _end, boundary) => {
      if (boundary) flush();
      if (raw !== '&') clause.push({ norm, raw });
    });
    flush();
  }
  return out;
}

interface Tally {
  gram: Gram;
  notices: Notice[];
}

function tally(notices: Notice[]): Map<string, Tally> {
  const out = new Map<string, Tally>();
  for (const notice of notices)
    for (const gram of gramsOf(notice).values()) {
      const known = out.get(gram.key);
      if (known) {
        known.notices.push(notice);
        known.gram.inTitle ||= gram.inTitle;
      } else out.set(gram.key, { gram: { ...gram }, notices: [notice] });
    }
  return out;
}

const named = (n: Notice): SuggestedNotice => ({ source: n.source, ocid: n.ocid, title: n.title });

/**
 * The best candidates, at most two per set of notices changed and never one inside another (five suggestions
 * about the same two notices help no one).
 */
function pick(candidates: Tally[], kind: Suggestion['kind'], limit: number): Suggestion[] {
  candidates.sort(
    (a, b) =>
      b.notices.length - a.notices.length ||
      Number(b.gram.inTitle) - Number(a.gram.inTitle) ||
      b.gram.words - a.gram.words ||
      a.gram.text.localeCompare(b.gram.text),
  );
  const bySet = new Map<string, string[]>();
  const out: Suggestion[] = [];
  for (const c of candidates) {
    const set = c.notices
      .map((n) => `${n.source}:${n.ocid}`)
      .sort()
      .join('|');
    const taken = bySet.get(set) ?? [];
    const key = ` ${c.gram.key} `;
    if (taken.length >= 2 || taken.some((t) => t.includes(key) || key.includes(t))) continue;
    bySet.set(set, [...taken, key]);
    out.push({ kind, phrase: c.gram.text, notices: c.notices.slice(0, 5).map(named) });
    if (out.length >= limit) break;
  }
  return out;
}

export interface SuggestionInput {
  notRelevant: Notice[];
  missed: Notice[];
  kept: Notice[];
  /** The server's watchlists, so nothing already in one is proposed again. */
  watchlists: { phrases: string[]; exclusions: string[] }[];
  limit?: number;
}

/** Proposed exclusions, then proposed phrases, each with the notices it would change. */
export function suggestFromCorrections(input: SuggestionInput): Suggestion[] {
  const limit = input.limit ?? 5;
  const keyOf = (p: string) => phraseKey(p).join(' ');
  const haveExclusions = new Set(input.watchlists.flatMap((w) => w.exclusions.map(keyOf)));
  const havePhrases = new Set(input.watchlists.flatMap((w) => w.phrases.map(keyOf)));
  const keptOrMissed = tally([...input.kept, ...input.missed]);
  const notRelevant = tally(input.notRelevant);
  // With two or more notices marked not relevant, an exclusion must be common to at least two of them; with
  // one, it must be in its title.
  const minimum = input.notRelevant.length >= 2 ? 2 : 1;
  const exclusions = [...notRelevant.values()].filter(
    (t) =>
      t.notices.length >= minimum &&
      (minimum > 1 || t.gram.inTitle) &&
      !keptOrMissed.has(t.gram.key) &&
      !haveExclusions.has(t.gram.key),
  );
  const phrases = [...tally(input.missed).values()].filter(
    (t) =>
      (t.gram.inTitle || t.gram.words > 1) &&
      !notRelevant.has(t.gram.key) &&
      !havePhrases.has(t.gram.key) &&
      t.gram.text.length >= 2 &&
      t.gram.text.length <= 100,
  );
  return [...pick(exclusions, 'exclusion', limit), ...pick(phrases, 'phrase', limit)];
}

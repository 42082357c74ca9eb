/**
 * Receives one word of a text as the matcher sees it: `norm` is lower-cased and lightly stemmed for phrase
 * matching, `raw` keeps its case for acronyms; `start`/`end` are its place in the text (for quoting);
 * `boundary` says a clause ended before it (. ; : ! ? a line break or a bullet), which no phrase or grammar
 * rule crosses. (Arguments rather than an object: this runs once per word of every notice.)
 */
export type WordVisitor = (norm: string, raw: string, start: number, end: number, boundary: boolean) => void;

/** Spellings folded to the rules' own (lexicon in config/service-areas.json), as stemmed words. */
export type Spellings = ReadonlyMap<string, readonly string[]>;

const NO_SPELLINGS: Spellings = new Map();
// A word is what /[A-Za-z0-9\u00C0-\u024F]+(?:['’][A-Za-z]+)?|&/g would find, read by char codes rather
// than by the regular expression: this runs for every word of every notice, and each exec() allocated a match
// array (tokens.test.ts holds the two to the same words).
const AMPERSAND = 0x26;
// Char classes as tables (a load instead of four comparisons or a Set look-up per character: a fifth of the
// scanner's time, measured 2026-12-02).
const WORD_END = 0x250;
const WORD_CODES = new Uint8Array(WORD_END);
for (let c = 0; c < WORD_END; c++)
  WORD_CODES[c] =
    (c >= 0x61 && c <= 0x7a) || (c >= 0x41 && c <= 0x5a) || (c >= 0x30 && c <= 0x39) || c >= 0xc0 ? 1 : 0;
const isWordCode = (c: number) => c < WORD_END && WORD_CODES[c] === 1;
const isAsciiLetter = (c: number) => (c >= 0x61 && c <= 0x7a) || (c >= 0x41 && c <= 0x5a);
const isApostrophe = (c: number) => c === 0x27 || c === 0x2019;

/** Where the next word (or "&") starts at or after `from`; the text's length when there is none. */
function nextWord(text: string, from: number): number {
  let i = from;
  while (i < text.length) {
    const c = text.charCodeAt(i);
    if (c === AMPERSAND || isWordCode(c)) return i;
    i++;
  }
  return i;
}

/** Where the word starting at `start` ends: its letters and digits, then an apostrophe and letters. */
function wordEnd(text: string, start: number): number {
  if (text.charCodeAt(start) === AMPERSAND) return start + 1;
  let i = start + 1;
  while (i < text.length && isWordCode(text.charCodeAt(i))) i++;
  if (isApostrophe(text.charCodeAt(i)) && isAsciiLetter(text.charCodeAt(i + 1))) {
    i += 2;
    while (i < text.length && isAsciiLetter(text.charCodeAt(i))) i++;
  }
  return i;
}
// Between two words, what ends a clause: . ; : ! ? line breaks, bullets, bars, dashes. A hyphen does only
// with a space beside it ("Lot 1 - Advocacy"), never inside a word ("peer-led").
const CLAUSE_END = 0x2030;
const CLAUSE_CODES = new Uint8Array(CLAUSE_END);
for (const c of '.;:!?\n\r•|*–—·') CLAUSE_CODES[c.charCodeAt(0)] = 1;
const HYPHEN = '-'.charCodeAt(0);
const SPACE = ' '.charCodeAt(0);

function endsClause(text: string, from: number, to: number): boolean {
  for (let i = from; i < to; i++) {
    const c = text.charCodeAt(i);
    if (c < CLAUSE_END && CLAUSE_CODES[c] === 1) return true;
    if (c === HYPHEN && (text.charCodeAt(i - 1) === SPACE || text.charCodeAt(i + 1) === SPACE)) return true;
  }
  return false;
}
// Words whose final "s" is not a plural (so "services" → "service" but "status", "bus", "analysis", "access"
// stay).
const KEEP_S = /(ss|us|is|ys|ics|ws|hs)$/;

/**
 * Light, predictable stemming so phrases match their inflections: possessive "'s" and plural "s"/"ies" are
 * folded ("advocates" → "advocate", "carers'" → "carer", "communities" → "community"). Verb forms are listed
 * in the config where they matter, rather than guessed.
 */
export function stem(word: string): string {
  const known = STEMS.get(word);
  if (known !== undefined) return known;
  const stemmed = stemWord(word);
  // Notices repeat a small vocabulary: remember it (bounded, so a hostile text cannot grow it for ever).
  if (STEMS.size >= 50_000) STEMS.clear();
  STEMS.set(word, stemmed);
  return stemmed;
}

const STEMS = new Map<string, string>();

function stemWord(word: string): string {
  let w = word
    .toLowerCase()
    .replace(/['’]s$/, '')
    .replace(/['’]$/, '');
  if (w.length > 4 && w.endsWith('ies')) return `${w.slice(0, -3)}y`;
  if (w.length > 3 && w.endsWith('s') && !KEEP_S.test(w)) w = w.slice(0, -1);
  return w;
}

// The words met so far, by their characters, without slicing them out of the text first: a slice and a
// Map look-up (which hashes the new string) were a fifth of the matcher's time in a profile; a hash of the
// characters read in place and a comparison with the one word in its slot take the whole match to
// 0.85-0.93 of its time (paired in one process, 4,000 and 30,000 generated notices, verdicts identical;
// 2026-12-02). Open addressing over a fixed table (bounded, whatever a text holds): a word whose probes find
// no room replaces the one in its first slot.
const WORD_BITS = 15;
const WORD_MASK = (1 << WORD_BITS) - 1;
const WORD_PROBES = 8;
const WORD_HASH = new Int32Array(1 << WORD_BITS);
const WORD_RAW: (string | undefined)[] = new Array<string | undefined>(1 << WORD_BITS).fill(undefined);
const WORD_NORM: (string | undefined)[] = new Array<string | undefined>(1 << WORD_BITS).fill(undefined);

/** The slot holding text[start, end) as a word (its raw text and its norm), filled on first sight. */
function wordSlot(text: string, start: number, end: number): number {
  let hash = 0x811c9dc5;
  for (let i = start; i < end; i++) hash = Math.imul(hash ^ text.charCodeAt(i), 0x01000193);
  const first = hash & WORD_MASK;
  for (let probe = 0; probe < WORD_PROBES; probe++) {
    const slot = (first + probe) & WORD_MASK;
    const raw = WORD_RAW[slot];
    if (raw === undefined) return fillSlot(slot, hash, text.slice(start, end));
    if (WORD_HASH[slot] === hash && raw.length === end - start && sameChars(raw, text, start)) return slot;
  }
  return fillSlot(first, hash, text.slice(start, end));
}

function fillSlot(slot: number, hash: number, raw: string): number {
  WORD_HASH[slot] = hash;
  WORD_RAW[slot] = raw;
  WORD_NORM[slot] = raw === '&' ? 'and' : stem(raw);
  return slot;
}

function sameChars(word: string, text: string, at: number): boolean {
  for (let i = 0; i < word.length; i++) if (word.charCodeAt(i) !== text.charCodeAt(at + i)) return false;
  return true;
}

/** The lexicon's spellings as stemmed word → stemmed replacement words. */
export function toSpellings(spellings: Record<string, string>): Spellings {
  return new Map(Object.entries(spellings).map(([from, to]) => [stem(from), to.split(' ').map(stem)]));
}

/**
 * Calls `visit` for each word of `text` in order, without building a list, so text of any length is read in
 * one pass: "&" reads as "and", hyphens separate words ("co-production" → co, production), and a word the
 * lexicon respells may become several ("coproduction" → co, production, both quoting the same text).
 */
export function forEachWord(text: string, visit: WordVisitor, spellings = NO_SPELLINGS): void {
  let previousEnd = 0;
  for (let at = nextWord(text, 0); at < text.length; at = nextWord(text, at)) {
    const start = at;
    const end = wordEnd(text, start);
    at = end;
    const slot = wordSlot(text, start, end);
    const raw = WORD_RAW[slot] ?? '';
    const norm = WORD_NORM[slot] ?? '';
    const boundary = previousEnd > 0 && endsClause(text, previousEnd, start);
    previousEnd = end;
    const respelt = spellings.get(norm);
    if (!respelt) {
      visit(norm, raw, start, end, boundary);
      continue;
    }
    respelt.forEach((part, i) => visit(part, raw, start, end, boundary && i === 0));
  }
}

/** A config phrase as the word sequence the matcher looks for. */
export function phraseKey(phrase: string, spellings = NO_SPELLINGS): string[] {
  const out: string[] = [];
  forEachWord(phrase, (norm) => out.push(norm), spellings);
  return out;
}

/** A term written in capitals (`IMCA`, `SEND`) is an acronym: it matches only in capitals. */
export function isAcronymTerm(term: string): boolean {
  return /^[A-Z][A-Z0-9]{1,9}$/.test(term);
}

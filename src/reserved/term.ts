import { DateTime } from 'luxon';
import type { Notice } from '../notices/notice.js';

// How long a contract can run at most, extensions included: the test a mutual reservation sets (at most 3
// years under PCR 2015 regulation 77, at most 5 under Procurement Act 2023 section 33). Read from the
// notice's dates, and from its words ("3 years with the option to extend for a further 2 years", "5 + 2
// years"), since many notices state the extensions only in the description.

export interface MaximumTerm {
  years: number;
  /** Where it comes from: the contract dates, the dates with the extension limit, or the notice's words. */
  from: 'dates' | 'extension' | 'words';
  /** The words it was read from, as written (for `from: 'words'`). */
  phrase: string | null;
}

const NUMBER_WORDS: Record<string, number> = {
  one: 1,
  two: 2,
  three: 3,
  four: 4,
  five: 5,
  six: 6,
  seven: 7,
  eight: 8,
  nine: 9,
  ten: 10,
  twelve: 12,
};
const NUM = String.raw`(\d{1,3}|${Object.keys(NUMBER_WORDS).join('|')})`;
const UNIT = String.raw`(years?|yrs?|months?)`;
const GAP = String.raw`[\s-]*`;

/** "3+1+1 years", "2 + 1 years". */
const SUM = new RegExp(String.raw`\b${NUM}((?:\s*\+\s*${NUM})+)\s*${UNIT}\b`, 'gi');
/**
 * "three years with the option to extend for a further two years", "5 years plus 2", "36 months with an
 * optional extension of up to 24 months", "3 years, extendable by 1 year": a term, then within one clause an
 * extension of it.
 */
const EXTENDED = new RegExp(
  String.raw`\b${NUM}${GAP}${UNIT}\b([^.;:\n]{0,80}?)\b(plus|extend\w*|extension\w*|further)\b` +
    String.raw`([^.;:\d\n]{0,40}?)\b${NUM}(?:${GAP}${UNIT}\b)?`,
  'gi',
);
/** Words that show a number is not a term: "3 years' experience", "2 years ago". */
const NOT_A_TERM = /\b(?:experience|old|ago|previous|prior|since)\b/i;

const count = (word: string) => NUMBER_WORDS[word.toLowerCase()] ?? Number(word);
const inYears = (n: number, unit: string) => (/^m/i.test(unit) ? n / 12 : n);

/** The longest term with its extensions the words state, or null when they state none. */
export function termFromWords(text: string): { years: number; phrase: string } | null {
  let best: { years: number; phrase: string } | null = null;
  const consider = (years: number, phrase: string) => {
    if (years > 0 && years <= 50 && (!best || years > best.years)) best = { years, phrase: phrase.trim() };
  };
  for (const m of text.matchAll(SUM)) {
    const parts = [m[1]!, ...m[2]!.split('+').slice(1)].map((p) => count(p.trim()));
    consider(
      inYears(
        parts.reduce((a, b) => a + b, 0),
        m[m.length - 1]!,
      ),
      m[0],
    );
  }
  for (const m of text.matchAll(EXTENDED)) {
    const [whole, base, baseUnit, between, word, lead, extra, extraUnit] = m;
    if (NOT_A_TERM.test(whole)) continue;
    // "5 years plus 2" gives the second number the first's unit; after "further" or "extend" it needs its own
    // ("a further 2 references" is not a term).
    if (!extraUnit && !/^plus$/i.test(word!)) continue;
    if ((between ?? '').length > 0 && /\d/.test(between!)) continue;
    const first = inYears(count(base!), baseUnit!);
    const second = inYears(count(extra!), extraUnit ?? baseUnit!);
    // "extendable up to 60 months" is the whole term; "extend for up to a further 2 years" adds to it.
    const total = /^extend(?!sion)/i.test(word!) && /^\s*(?:up\s+)?to\s*$/i.test(lead!);
    consider(total ? Math.max(first, second) : first + second, whole);
  }
  return best;
}

function termFromDates(notice: Notice): MaximumTerm | null {
  const { contractStart, contractEnd, contractMaxExtent } = notice.dates;
  const end = contractMaxExtent ?? contractEnd;
  if (!contractStart || !end) return null;
  const years = DateTime.fromISO(end).diff(DateTime.fromISO(contractStart), 'years').years;
  if (!(years > 0)) return null;
  return { years, from: contractMaxExtent ? 'extension' : 'dates', phrase: null };
}

/**
 * The contract's maximum term: the longer of what its dates (to the extension limit when given) and its
 * words (title, description, lots) say; null when neither says.
 */
export function maximumTerm(notice: Notice): MaximumTerm | null {
  const dated = termFromDates(notice);
  const text = [notice.title, notice.description ?? '', ...notice.lots.map((l) => l.description ?? '')].join(
    '\n',
  );
  const worded = termFromWords(text);
  if (worded && (!dated || worded.years > dated.years + 0.02))
    return { years: worded.years, from: 'words', phrase: worded.phrase };
  return dated;
}

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
  eleven: 11,
  twelve: 12,
  fifteen: 15,
  eighteen: 18,
  twenty: 20,
  thirty: 30,
  forty: 40,
  fifty: 50,
  sixty: 60,
};
const TENS = 'twenty|thirty|forty|fifty|sixty';
const ONES = 'one|two|three|four|five|six|seven|eight|nine';
const NUMBER = String.raw`\d{1,3}(?:\.\d{1,2})?|${Object.keys(NUMBER_WORDS).join('|')}`;
const NUM = `(${NUMBER})`;
const UNIT = String.raw`(years?|yrs?|months?|weeks?)`;
const GAP = String.raw`[\s-]*`;
/** "2 x 12 months": a count of equal periods (the count's own group is not captured: sumYears reads it). */
const TIMES = String.raw`\s*[x×]\s*`;
/**
 * One part of a sum, its unit optional ("36 months + 12 + 12" gives the later parts the first's unit), and
 * itself a count of periods ("3 years + 2 x 12 months").
 */
const PART = String.raw`${NUM}(?:${TIMES}(?:${NUMBER}))?(?:${GAP}${UNIT}\b)?`;

/** "3+1+1 years", "36 months + 12 + 12", "2 years plus 1 year plus 1 year" (plus is read as +). */
// Not a time zone: "2026-05-01T00:00:00+01:00".
const SUM = new RegExp(String.raw`(?<![\d:.])\b${PART}(?:\s*\+\s*${PART})+(?![\d:])`, 'gi');
/**
 * "three years with the option to extend for a further two years", "36 months with an optional extension of
 * up to 24 months", "3 years, extendable by 1 year", "3 years, extendable to a maximum of 5 years": a term,
 * then within one clause an extension of it (its amount may itself be a sum: "a further 1 year + 1 year"; the
 * term may be a count of periods: "2 x 12 months, extendable by 12 months").
 */
const EXTENDED = new RegExp(
  String.raw`\b${NUM}(?:${TIMES}(?:${NUMBER}))?${GAP}${UNIT}\b([^.;:\n]{0,80}?)` +
    String.raw`\b(plus|extend\w*|extension\w*|further)\b` +
    String.raw`([^.;:\d\n]{0,40}?)\b(${PART}(?:\s*\+\s*${PART})*)(?:\s+(?:further|more|additional))?` +
    String.raw`(?:${GAP}${UNIT}\b)?`,
  'gi',
);
/** "a 3 year contract with a possible 2 year extension": the extension's length before the word. */
const EXTENSION_AFTER = new RegExp(
  String.raw`\b${NUM}${GAP}${UNIT}\b([^.;:\d\n]{0,60}?)\b${NUM}${GAP}${UNIT}\s+(?:optional\s+)?extension`,
  'gi',
);
/** "two options to extend of 12 months", "two further periods of one year each": a count of extensions. */
const REPEATED = new RegExp(
  String.raw`\b${NUM}\s+(?:(?:optional|further|additional|possible|annual)\s+)*` +
    String.raw`(?:extensions?|periods?|options?(?:\s+to\s+extend)?)\s+(?:of\s+)?(?:up\s+to\s+)?` +
    String.raw`${NUM}${GAP}${UNIT}\b`,
  'gi',
);
/**
 * "a further two twelve month periods", "an additional two 12 month extensions", "2 x 12 month extensions":
 * the count first.
 */
const REPEATED_BEFORE = new RegExp(
  String.raw`\b${NUM}(?:\s+|${TIMES})${NUM}${GAP}${UNIT}\s+(?:optional\s+)?(?:extensions?|periods?)\b`,
  'gi',
);
/** "a contract of 2 x 12 months": a term as a count of equal periods, on its own. */
const TIMES_TERM = new RegExp(String.raw`(?<![\d+]\s*)\b${NUM}${TIMES}${NUM}${GAP}${UNIT}\b`, 'gi');
/**
 * "a maximum term of 7 years", "up to a total of 5 years", "contract duration: up to 48 months", "for a
 * period of five (5) years": the length stated as such (a term with no extension is still one the dates may
 * not give).
 */
const TOTAL = new RegExp(
  String.raw`\b(?:maximum(?:\s+(?:contract\s+)?(?:term|period|duration|length))?\s+of|total\s+of|` +
    String.raw`(?:contract|term|duration|period|agreement)\b[^.;\n\d]{0,30}?\bup\s+to|` +
    String.raw`(?:contract\s+|initial\s+)?(?:period|term|duration)\s+of)\s+${NUM}${GAP}${UNIT}\b`,
  'gi',
);
/** A sum without a unit ("a 2+1+1 basis") counts only beside words of a contract's length. */
const TERM_CONTEXT = /\b(?:contract|term|period|duration|basis|extension|extend|years?)\b/i;
/** Words that show a number is not a term: "3 years' experience", "2 years ago", "16 to 25 year olds". */
const NOT_A_TERM = new RegExp(
  String.raw`\b(?:experience|olds?|aged?|ages|ago|previous|prior|since|accounts|running|operated|trading|` +
    String.raw`retain\w*|records|warranty|pilot|defects|mobilisation|consultation|notice\s+period|` +
    String.raw`(?:per|each)\s+(?:client|family|patient|person|resident|service\s+user)s?)\b`,
  'i',
);
/** A length stated as such ("for a period of 3 years") is the contract's only in a clause about it. */
const CONTRACT_WORD = /\b(?:contracts?|agreements?|framework|term)\b/i;

const count = (word: string) => NUMBER_WORDS[word.toLowerCase()] ?? Number(word);
const inYears = (n: number, unit: string) => {
  if (/^m/i.test(unit)) return n / 12;
  return /^w/i.test(unit) ? n / 52 : n;
};

/** The replacement padded with spaces to the length of what it replaces: positions stay the words'. */
const padded = (replacement: string, matched: string) => replacement.padEnd(matched.length, ' ');

/**
 * The words made plain for the patterns: "five (5)" is 5, "twenty four" is 24, "plus 2" is "+ 2". Each
 * replacement keeps the length of what it replaces, so a phrase found is quoted from the words as written.
 */
function plainWords(text: string): string {
  return text
    .replace(
      new RegExp(
        String.raw`\b(?:(?:${TENS})[\s-]+(?:${ONES})|${Object.keys(NUMBER_WORDS).join('|')})\s*\((\d{1,3})\)`,
        'gi',
      ),
      (matched, digits: string) => padded(digits, matched),
    )
    .replace(
      new RegExp(String.raw`\b(${TENS})[\s-]+(${ONES})\b`, 'gi'),
      (matched, tens: string, ones: string) => padded(String(count(tens) + count(ones)), matched),
    )
    .replace(new RegExp(String.raw`\bplus\s+(?=(?:a\s+further\s+)?${NUM}\b)`, 'gi'), (m) => padded('+', m))
    .replace(/\+\s*a\s+further\s+/gi, (m) => padded('+', m));
}

const COUNTED = new RegExp(String.raw`^(${NUMBER})${TIMES}(${NUMBER})`, 'i');

/** A part's amount in its unit: "2 x 12 months" is 24, "12 months" 12. */
function amountOf(part: string, first: string): number {
  const counted = COUNTED.exec(part);
  return counted ? count(counted[1]!) * count(counted[2]!) : count(first);
}

/** A sum's parts in years, each without a unit taking the unit before it (or after it, for the first). */
function sumYears(text: string, fallbackUnit: string | null): number | null {
  const parts = [...text.matchAll(new RegExp(PART, 'gi'))].map((m) => ({
    n: amountOf(m[0], m[1]!),
    unit: m[2],
  }));
  const firstUnit = parts.find((p) => p.unit)?.unit ?? fallbackUnit;
  if (!firstUnit) return null;
  let unit = firstUnit;
  let years = 0;
  for (const part of parts) {
    unit = part.unit ?? unit;
    years += inYears(part.n, unit);
  }
  return years;
}

/** The longest term with its extensions the words state, or null when they state none. */
export function termFromWords(original: string): { years: number; phrase: string } | null {
  const text = plainWords(original);
  let best: { years: number; phrase: string } | null = null;
  const clauseOf = (at: number, length: number) =>
    (original
      .slice(Math.max(0, at - 60), at)
      .split(/[.;:\n](?!\d)/)
      .pop() ?? '') + original.slice(at, at + length + 30).split(/[.;\n](?!\d)/)[0];
  const consider = (years: number | null, at: number, length: number) => {
    const phrase = original
      .slice(at, at + length)
      .replace(/\s+/g, ' ')
      .trim();
    // Not a term when its clause is about something else: "young people aged 16 to 21 years, extendable to
    // 25", "retain records for a period of 7 years", "up to 12 weeks support per client".
    if (years === null || NOT_A_TERM.test(clauseOf(at, length))) return;
    if (years > 0 && years <= 50 && (!best || years > best.years)) best = { years, phrase };
  };
  /** The clause before a position, as far back as `reach` characters. */
  const clauseBefore = (index: number, reach: number) =>
    text
      .slice(Math.max(0, index - reach), index)
      .split(/[.;:\n](?!\d)/)
      .pop() ?? '';
  const clauseAround = (index: number, length: number) =>
    text
      .slice(Math.max(0, index - 60), index + length + 20)
      .split(/[.;:\n](?!\d)/)
      .join(' ');
  for (const m of text.matchAll(SUM)) {
    const hasUnit = new RegExp(UNIT, 'i').test(m[0]);
    if (!hasUnit && !TERM_CONTEXT.test(clauseAround(m.index, m[0].length))) continue;
    // "(5+2)" after "up to 7 years" is the same term, counted once (the larger is kept).
    consider(sumYears(m[0], 'years'), m.index, m[0].length);
  }
  for (const m of text.matchAll(EXTENDED)) {
    const [whole, base, baseUnit, between, word, lead, extra, , , , , extraUnit] = m;
    // "5 years plus a possible 2" gives the amount the term's unit; after "further" or "extend" it needs its
    // own ("a further 2 references" is not a term).
    const plus = /^plus$/i.test(word!);
    if (!plus && !extraUnit && !new RegExp(UNIT, 'i').test(extra!)) continue;
    if ((between ?? '').length > 0 && /\d/.test(between!)) continue;
    const first = inYears(amountOf(whole, base!), baseUnit!);
    const second = sumYears(extra!, extraUnit ?? (plus ? baseUnit! : null));
    if (second === null) continue;
    // "extendable up to 60 months" and "extendable to a maximum of 5 years" are the whole term (when longer
    // than the first); "extend for up to a further 2 years" and "extend up to 2 years" add to it.
    // Also "extendable annually up to a maximum of 4 years", "extend the contract to a total of 5 years";
    // not "by", "further" or "another", which add.
    const toTotal =
      /^extend(?!sion)/i.test(word!) &&
      !/\b(?:by|further|additional|another)\b/i.test(lead!) &&
      /\bto\b(?:\s+a\s+(?:maximum|total)(?:\s+\w+){0,2}\s+of)?\s*$/i.test(lead!);
    consider(toTotal && second > first ? second : first + second, m.index, whole.length);
  }
  for (const m of text.matchAll(EXTENSION_AFTER)) {
    const [whole, base, baseUnit, , extra, extraUnit] = m;
    consider(inYears(count(base!), baseUnit!) + inYears(count(extra!), extraUnit!), m.index, whole.length);
  }
  for (const m of [...text.matchAll(REPEATED), ...text.matchAll(REPEATED_BEFORE)]) {
    const [whole, times, each, unit] = m;
    // The term before it in the same clause: "12 months from commencement, with two options to extend of …".
    const before = clauseBefore(m.index, 100);
    const base = [...before.matchAll(new RegExp(String.raw`\b${NUM}${GAP}${UNIT}\b`, 'gi'))].pop();
    const extension = count(times!) * inYears(count(each!), unit!);
    if (!base || count(times!) > 10) continue;
    const from = m.index - (before.length - base.index);
    consider(inYears(count(base[1]!), base[2]!) + extension, from, m.index + whole.length - from);
  }
  for (const m of text.matchAll(TIMES_TERM)) {
    const [whole, times, each, unit] = m;
    // As an extension ("the option to extend by 2 x 12 months", "2 x 12 month extensions") it is read with
    // the term before it, above; on its own it is the term only in a clause about one.
    const before = clauseBefore(m.index, 100);
    const after = text.slice(m.index + whole.length, m.index + whole.length + 40);
    if (/\b(?:extend|extension|further|plus)/i.test(before)) continue;
    if (/^\s*(?:optional\s+|possible\s+)?(?:extensions?|periods?\s+of\s+extension)\b/i.test(after)) continue;
    if (count(times!) > 10 || !TERM_CONTEXT.test(clauseAround(m.index, whole.length))) continue;
    consider(count(times!) * inYears(count(each!), unit!), m.index, whole.length);
  }
  for (const m of text.matchAll(TOTAL)) {
    // "may extend … for further periods up to a maximum of 12 months in aggregate" is the extension, not the
    // term.
    const before = clauseBefore(m.index, 120);
    if (/\b(?:extend|extension|further)/i.test(before + m[0])) continue;
    if (!CONTRACT_WORD.test(before + m[0])) continue;
    consider(inYears(count(m[1]!), m[2]!), m.index, m[0].length);
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

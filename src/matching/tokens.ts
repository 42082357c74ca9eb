/**
 * One word of a text: `norm` is lower-cased and lightly stemmed for phrase matching; `raw` keeps its case for
 * acronyms.
 */
export interface Token {
  norm: string;
  raw: string;
}

const WORD = /[A-Za-z0-9\u00C0-\u024F]+(?:['’][A-Za-z]+)?/g;
// Words whose final "s" is not a plural (so "services" → "service" but "status", "bus", "analysis", "access"
// stay).
const KEEP_S = /(ss|us|is|ys|ics|ws|hs)$/;

/**
 * Light, predictable stemming so phrases match their inflections: possessive "'s" and plural "s"/"ies" are
 * folded ("advocates" → "advocate", "carers'" → "carer", "communities" → "community"). Verb forms are listed
 * in the config where they matter, rather than guessed.
 */
export function stem(word: string): string {
  let w = word
    .toLowerCase()
    .replace(/['’]s$/, '')
    .replace(/['’]$/, '');
  if (w.length > 4 && w.endsWith('ies')) return `${w.slice(0, -3)}y`;
  if (w.length > 3 && w.endsWith('s') && !KEEP_S.test(w)) w = w.slice(0, -1);
  return w;
}

/**
 * Splits text into tokens; "&" reads as "and" and hyphens separate words ("co-production" → co, production).
 */
export function tokenize(text: string): Token[] {
  const out: Token[] = [];
  for (const match of text.replace(/&/g, ' and ').matchAll(WORD))
    out.push({ norm: stem(match[0]), raw: match[0] });
  return out;
}

/** A config phrase as the token sequence the matcher looks for. */
export function phraseKey(phrase: string): string[] {
  return tokenize(phrase).map((t) => t.norm);
}

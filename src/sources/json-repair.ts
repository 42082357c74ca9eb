// FTS has served numbers JSON cannot hold: `1e9999` (Infinity) and ` 000,` (leading zeros, a syntax error).
// kingfisher-collect repairs both before parsing (issue #592, commit f7b809f0); so do we. The patterns only touch a
// number that stands as a whole value (after `:`, `,` or `[`, before `,`, `}` or `]`), never text inside strings
// in practice.
const HUGE_EXPONENT = /([:,[]\s*)-?\d+(?:\.\d+)?[eE]\+?(?:3[1-9]\d|[4-9]\d\d|\d{4,})(?=\s*[,}\]])/g;
const LEADING_ZEROS = /([:,[]\s*)(-?)0+(?=\d)(\d+(?:\.\d+)?)(?=\s*[,}\]])/g;

/** Repairs the known bad JSON from FTS, then parses it. Throws SyntaxError on anything else (e.g. truncation). */
export function parseRepairedJson(text: string): unknown {
  const repaired = text.replace(HUGE_EXPONENT, '$19999999').replace(LEADING_ZEROS, '$1$2$3');
  return JSON.parse(repaired);
}

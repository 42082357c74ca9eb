// FTS has served numbers JSON cannot hold: `1e9999` (Infinity) and ` 000,` (leading zeros, a syntax error).
// kingfisher-collect repairs both before parsing (issue #592, commit f7b809f0); so do we. The patterns only
// touch a number that stands as a whole value (after `:`, `,` or `[`, before `,`, `}` or `]`), never text
// inside strings in practice.
const HUGE_EXPONENT = /([:,[]\s*)-?\d+(?:\.\d+)?[eE]\+?(?:3[1-9]\d|[4-9]\d\d|\d{4,})(?=\s*[,}\]])/g;
const LEADING_ZEROS = /([:,[]\s*)(-?)0+(?=\d)(\d+(?:\.\d+)?)(?=\s*[,}\]])/g;

function repair(text: string): string {
  return text.replace(HUGE_EXPONENT, '$19999999').replace(LEADING_ZEROS, '$1$2$3');
}

/**
 * Parses JSON, repairing the known bad numbers from FTS first where needed. The clean path costs one native
 * parse; only a body that fails (or holds FTS's `1e9999`) is scanned and repaired. Throws SyntaxError
 * on anything else (e.g. truncation).
 */
export function parseRepairedJson(text: string): unknown {
  let parsed: unknown;
  try {
    parsed = JSON.parse(text);
  } catch {
    return JSON.parse(repair(text));
  }
  return text.includes('e9999') || text.includes('E9999') ? JSON.parse(repair(text)) : parsed;
}

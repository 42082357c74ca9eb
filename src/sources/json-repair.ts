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
  return parseJson(text).value;
}

/** As parseRepairedJson, saying whether the text was repaired (the whole of it, wherever the fault was). */
export function parseJson(text: string): { value: unknown; repaired: boolean } {
  const clean = parseCleanJson(text);
  return clean === undefined
    ? { value: JSON.parse(repair(text)), repaired: true }
    : { value: clean, repaired: false };
}

/** JSON.parse when the text needs no repair; undefined when it would be repaired (or not parse at all). */
export function parseCleanJson(text: string): unknown {
  let parsed: unknown;
  try {
    parsed = JSON.parse(text);
  } catch {
    return undefined;
  }
  return holdsE9999(text) ? undefined : parsed;
}

/**
 * Whether the text holds `e9999` or `E9999`. One search for "9999" (which V8 runs about ten times faster than
 * a search for a pattern with a letter) and a look at the character before each: two includes() calls cost a
 * fifth of the parse of a 784 KB page, this a fiftieth (measured 2026-12-02).
 */
function holdsE9999(text: string): boolean {
  for (let at = text.indexOf('9999', 1); at !== -1; at = text.indexOf('9999', at + 1)) {
    const before = text.charCodeAt(at - 1);
    if (before === 0x65 || before === 0x45) return true;
  }
  return false;
}

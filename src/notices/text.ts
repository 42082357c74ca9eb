import he from 'he';
import iconv from 'iconv-lite';

// Characters that windows-1252 maps from the bytes 0x80–0xBF: a UTF-8 continuation byte read as windows-1252
// turns into one of these, so a lead character (Â–ô) followed by them is the mark of mojibake.
const CONTINUATION =
  '\\u0080-\\u00BF\\u0152\\u0153\\u0160\\u0161\\u0178\\u017D\\u017E\\u0192\\u02C6\\u02DC' +
  '\\u2013\\u2014\\u2018\\u2019\\u201A\\u201C\\u201D\\u201E\\u2020\\u2021\\u2022' +
  '\\u2026\\u2030\\u2039\\u203A\\u20AC\\u2122';
const MOJIBAKE = new RegExp(`[\\u00C2-\\u00F4][${CONTINUATION}]{1,3}`, 'g');
const UTF8 = new TextDecoder('utf-8', { fatal: true });

/**
 * The first `end` UTF-16 units of `text`, one fewer when the cut would split a surrogate pair (an emoji, a
 * flag): a lone half is invalid Unicode, which Discord may strip or refuse.
 */
export function sliceWhole(text: string, end: number): string {
  if (end <= 0) return '';
  const code = text.charCodeAt(end - 1);
  return text.slice(0, end < text.length && code >= 0xd800 && code <= 0xdbff ? end - 1 : end);
}

/** Repairs UTF-8 text that was once decoded as windows-1252 (`â€¯` → narrow no-break space), run by run. */
export function fixMojibake(text: string): string {
  if (!/[\u00C2-\u00F4]/.test(text)) return text;
  return text.replace(MOJIBAKE, (run) => {
    try {
      const bytes = iconv.encode(run, 'windows-1252');
      const fixed = UTF8.decode(bytes);
      return fixed.length < run.length ? fixed : run;
    } catch {
      return run;
    }
  });
}

/** Decodes response bytes: UTF-8 when valid, else windows-1252 (Contracts Finder has served Latin-1). */
export function decodeBytes(bytes: Uint8Array): string {
  try {
    return UTF8.decode(bytes);
  } catch {
    return iconv.decode(Buffer.from(bytes), 'windows-1252');
  }
}

const SAFETY_LIMIT = 200_000;

/**
 * Cleans one text field: entities decoded, mojibake repaired, line endings and spaces tidied; empty → null.
 */
export function cleanText(value: unknown): string | null {
  if (typeof value !== 'string') return null;
  // A safety net for the fields with no bound of their own (a name, a phone number): none is this long.
  let text = value.length > SAFETY_LIMIT ? value.slice(0, SAFETY_LIMIT) : value;
  if (text.includes('&')) text = he.decode(text);
  text = fixMojibake(text);
  // Each pass only where it can change something: this runs on every title and description ingested.
  if (text.includes('\r')) text = text.replace(/\r\n?/g, '\n');
  text = text.replace(/[\t\u00A0\u202F]+| {2,}/g, ' ');
  if (text.includes('\n')) text = text.replace(/ *\n */g, '\n').replace(/\n{3,}/g, '\n\n');
  text = text.trim();
  return text.length > 0 ? text : null;
}

import { createHash } from 'node:crypto';
import { NORMALISER_VERSION } from '../notices/normalise.js';

/**
 * Fingerprints of each release's bytes as the feed served them, so that a release read again unchanged (every
 * poll re-reads the last 15 minutes) is known to be stored before it is normalised: one SHA-1 of its slice of
 * the body and one index look-up, instead of normalising it to find its content hash equal. The slices are
 * sliceReleases', checked against the parsed releases.
 *
 * The slices come from the page's layout, not from a second parser: in JSON a raw newline occurs only between
 * tokens, never inside a string, so in a pretty-printed package (Find a Tender's, 4 spaces) each element of
 * `releases` starts at "\n" + its indent + "{" and ends at "\n" + the same indent + "}". The slicing is
 * trusted only when it finds exactly one slice per parsed release and each slice holds, at its own top level,
 * that release's `"id"`; otherwise (a compact body, Contracts Finder's, or any other layout) there are no
 * fingerprints and every release is normalised, as before. The fingerprint is salted with the normaliser's
 * version, so a release stored by an older normaliser is normalised again after an upgrade.
 */
export function releaseFingerprints(bytes: Buffer, releases: readonly unknown[]): Map<string, string> | null {
  if (releases.length === 0) return headOf(bytes) ? new Map() : null;
  const slices = sliceReleases(bytes);
  if (!slices || slices.length !== releases.length) return null;
  const fingerprints = new Map<string, string>();
  for (const [i, slice] of slices.entries()) {
    const raw = releases[i];
    if (typeof raw !== 'object' || raw === null || Array.isArray(raw)) return null;
    const id = rawReleaseId(raw);
    if (id === null) continue;
    if (slice.id !== String(id) || slice.fingerprint === null) return null;
    // A release repeated in one page is normalised once, the first time (ocds-page.ts): its bytes count.
    if (!fingerprints.has(slice.id)) fingerprints.set(slice.id, slice.fingerprint);
  }
  return fingerprints;
}

/** One element of `releases` as a byte range, with the id its own top-level `"id"` line gives (or null). */
export interface ReleaseSlice {
  start: number;
  end: number;
  id: string | null;
  fingerprint: string | null;
}

/**
 * The elements of `releases` found by the layout alone, before any parse (ocds-page.ts reads the envelope
 * and only the releases it does not hold already): each slice's id read from its `"id": ` line at the
 * release's own indent, and the fingerprint of its bytes. Null when the layout is not the pretty-printed one
 * described above; the caller checks the slicing against a parse (releaseFingerprints, parseHeldPage).
 */
export function sliceReleases(bytes: Buffer): ReleaseSlice[] | null {
  const head = headOf(bytes);
  const layout = head && layoutOf(bytes, head);
  if (!layout) return null;
  const slices: ReleaseSlice[] = [];
  let cursor = layout.first;
  for (;;) {
    const slice = nextSlice(bytes, cursor, layout);
    if (!slice) break;
    cursor = slice.end;
    const bytesOf = bytes.subarray(slice.start, slice.end);
    const id = idIn(bytesOf, layout.fieldIndent);
    slices.push({ ...slice, id, fingerprint: id === null ? null : fingerprintOf(bytesOf) });
  }
  // Only commas and white space may follow the last element before the array closes.
  let at = cursor;
  while (bytes[at] === 0x2c || bytes[at] === 0x0a || bytes[at] === 0x20) at++;
  return at === layout.close ? slices : null;
}

interface Layout {
  /** Where the first element may start (just after `"releases": [`) and where the array's "]" line is. */
  first: number;
  end: number;
  /** The array's closing "]". */
  close: number;
  indent: string;
  /** "\n" + the release's own field indent + `"id": `. */
  fieldIndent: string;
}

/**
 * Where `"releases": [` is, with the indent of its line (spaces only), or null. It must be a key of the
 * package itself, at the indent of the package's first key (not one nested deeper); layoutOf checks that no
 * other `"releases"` follows the array (JSON.parse keeps the last of two equal keys).
 */
function headOf(bytes: Buffer): { key: number; keyIndent: string } | null {
  const key = bytes.indexOf('"releases": [');
  if (key < 0) return null;
  const lineStart = bytes.lastIndexOf('\n', key) + 1;
  const keyIndent = bytes.toString('latin1', lineStart, key);
  if (!/^ *$/.test(keyIndent)) return null;
  // The package's first key: the first line after its opening "{".
  const open = bytes.indexOf(0x7b);
  if (open < 0 || bytes[open + 1] !== 0x0a) return null;
  let first = open + 2;
  while (bytes[first] === 0x20) first++;
  return bytes[first] === 0x22 && first - open - 2 === keyIndent.length ? { key, keyIndent } : null;
}

/** The pretty-printed layout of the `releases` array (see above), or null when laid out otherwise. */
function layoutOf(bytes: Buffer, { key, keyIndent }: { key: number; keyIndent: string }): Layout | null {
  // The first element's indent, from the line after `"releases": [`.
  const first = key + '"releases": ['.length;
  const end = lineStartingWith(bytes, 0x5d, first, keyIndent.length);
  if (end < 0) return null;
  const brace = bytes.indexOf('{', first);
  const close = end + 1 + keyIndent.length;
  // Searched only after the array (the envelope's tail, small): a second `"releases"` there would be the one
  // JSON.parse keeps.
  if (bytes.indexOf('"releases"', close) >= 0) return null;
  if (brace < 0 || brace > end) return { first, end, close, indent: '', fieldIndent: '' };
  const elementIndent = bytes.toString('latin1', first, brace);
  if (!/^\n +$/.test(elementIndent) || elementIndent.length - 1 <= keyIndent.length) return null;
  const indent = elementIndent.slice(1);
  const step = indent.length - keyIndent.length;
  return { first, end, close, indent, fieldIndent: `\n${indent}${' '.repeat(step)}"id": ` };
}

/** The next element's byte range after `cursor`, inside the array; null when there is none. */
function nextSlice(bytes: Buffer, cursor: number, layout: Layout): { start: number; end: number } | null {
  if (layout.indent === '') return null;
  const start = openAt(bytes, cursor, layout.indent.length);
  const stop = start < 0 ? -1 : closeAt(bytes, start, layout.indent.length);
  if (start < 0 || stop < 0 || stop > layout.end) return null;
  return { start, end: stop + 1 };
}

/** The value of a slice's own top-level `"id"` (a string or a number, as text), or null. */
function idIn(slice: Buffer, fieldIndent: string): string | null {
  const at = slice.indexOf(fieldIndent);
  if (at < 0) return null;
  const from = at + Buffer.byteLength(fieldIndent);
  let to = from;
  while (to < slice.length && slice[to] !== 0x0a) to++;
  const token = slice.toString('utf8', from, slice[to - 1] === 0x2c ? to - 1 : to);
  try {
    const id: unknown = JSON.parse(token);
    return typeof id === 'string' || (typeof id === 'number' && Number.isFinite(id)) ? String(id) : null;
  } catch {
    return null;
  }
}

/**
 * The "{" that opens the next element after `cursor`, with only commas and whitespace before it, at the
 * start of a line indented by exactly `indent` spaces; -1 when the next thing is anything else.
 */
function openAt(bytes: Buffer, cursor: number, indent: number): number {
  let at = cursor;
  while (bytes[at] === 0x2c || bytes[at] === 0x0a || bytes[at] === 0x20) at++;
  return bytes[at] === 0x7b && startsLine(bytes, at, indent) ? at : -1;
}

/** Whether the byte at `at` is the first on its line after exactly `indent` spaces. */
function startsLine(bytes: Buffer, at: number, indent: number): boolean {
  let spaces = 0;
  while (spaces < indent && bytes[at - 1 - spaces] === 0x20) spaces++;
  return spaces === indent && bytes[at - 1 - indent] === 0x0a;
}

/**
 * The "}" that closes an element opened at `start`: the first "}" at the start of a line indented by exactly
 * `indent` spaces.
 */
function closeAt(bytes: Buffer, start: number, indent: number): number {
  const at = lineStartingWith(bytes, 0x7d, start, indent);
  return at < 0 ? -1 : at + 1 + indent;
}

/**
 * The "\n" of the first line after `from` that is exactly `indent` spaces and then `byte`; -1 when none. By a
 * byte search for `byte` (memchr), each hit checked for its line's indent: Buffer.indexOf of the whole
 * "\n" + spaces + byte took 8 times as long (every line starts with "\n" and spaces), and the releases
 * array's closing line was a sixth of the slicing's time that way (measured 2026-12-02).
 */
function lineStartingWith(bytes: Buffer, byte: number, from: number, indent: number): number {
  for (let at = bytes.indexOf(byte, from); at >= 0; at = bytes.indexOf(byte, at + 1))
    if (startsLine(bytes, at, indent)) return at - 1 - indent;
  return -1;
}

/**
 * Salted with the normaliser's version and this reading's own: "2" since a repaired page gives no
 * fingerprints (ocds-page.ts parsePackage), so that none stored before from a repaired page is trusted.
 */
const READING_VERSION = '2';

function fingerprintOf(slice: Buffer): string {
  return createHash('sha1')
    .update(NORMALISER_VERSION)
    .update('\0')
    .update(READING_VERSION)
    .update('\0')
    .update(slice)
    .digest('base64');
}

/** A raw release's `id` as published (a string or a number), or null. */
export function rawReleaseId(raw: unknown): string | number | null {
  if (typeof raw !== 'object' || raw === null || !('id' in raw)) return null;
  return typeof raw.id === 'string' || typeof raw.id === 'number' ? raw.id : null;
}

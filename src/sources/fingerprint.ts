import { createHash } from 'node:crypto';
import { NORMALISER_VERSION } from '../notices/normalise.js';

/**
 * Fingerprints of each release's bytes as the feed served them, so that a release read again unchanged (every
 * poll re-reads the last 15 minutes) is known to be stored before it is normalised: one SHA-1 of its slice of
 * the body and one index look-up, instead of normalising it to find its content hash equal.
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
  const key = bytes.indexOf('"releases": [');
  if (key < 0) return null;
  const lineStart = bytes.lastIndexOf('\n', key) + 1;
  const keyIndent = bytes.toString('latin1', lineStart, key);
  if (!/^ *$/.test(keyIndent)) return null;
  const fingerprints = new Map<string, string>();
  if (releases.length === 0) return fingerprints;
  // The first element's indent, from the line after `"releases": [`.
  const first = key + '"releases": ['.length;
  const brace = bytes.indexOf('{', first);
  const elementIndent = bytes.toString('latin1', first, brace);
  if (!/^\n +$/.test(elementIndent) || elementIndent.length - 1 <= keyIndent.length) return null;
  const indent = elementIndent.slice(1);
  const step = indent.length - keyIndent.length;
  const end = bytes.indexOf(`\n${keyIndent}]`, first);
  if (end < 0) return null;
  const fieldIndent = `\n${indent}${' '.repeat(step)}"id": `;
  let cursor = first;
  for (const raw of releases) {
    if (typeof raw !== 'object' || raw === null || Array.isArray(raw)) return null;
    const start = openAt(bytes, cursor, indent.length);
    const stop = start < 0 ? -1 : closeAt(bytes, start, indent.length);
    if (start < 0 || stop < 0 || stop > end) return null;
    cursor = stop + 1;
    const id = rawReleaseId(raw);
    if (id === null) continue;
    const slice = bytes.subarray(start, cursor);
    if (!holdsId(slice, fieldIndent + JSON.stringify(id))) return null;
    // A release repeated in one page is normalised once, the first time (ocds-page.ts): its bytes count.
    if (!fingerprints.has(String(id))) fingerprints.set(String(id), fingerprintOf(slice));
  }
  if (openAt(bytes, cursor, indent.length) >= 0) return null;
  return fingerprints;
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
 * `indent` spaces. Found by a byte search for "}" (memchr: about 8 times faster than searching for the whole
 * "\n" + indent + "}", measured 2026-12-02), each checked for its line's indent.
 */
function closeAt(bytes: Buffer, start: number, indent: number): number {
  for (let at = bytes.indexOf(0x7d, start); at >= 0; at = bytes.indexOf(0x7d, at + 1))
    if (startsLine(bytes, at, indent)) return at;
  return -1;
}

function fingerprintOf(slice: Buffer): string {
  return createHash('sha1').update(NORMALISER_VERSION).update('\0').update(slice).digest('base64');
}

/** The `"id": <id>` line at the release's own top level, followed by the end of its value. */
function holdsId(slice: Buffer, needle: string): boolean {
  const at = slice.indexOf(needle);
  if (at < 0) return false;
  const next = slice[at + Buffer.byteLength(needle)];
  return next === 0x2c || next === 0x0a; // "," or "\n"
}

/** A raw release's `id` as published (a string or a number), or null. */
export function rawReleaseId(raw: unknown): string | number | null {
  if (typeof raw !== 'object' || raw === null || !('id' in raw)) return null;
  return typeof raw.id === 'string' || typeof raw.id === 'number' ? raw.id : null;
}

import { z } from 'zod';
import { toNotice } from '../notices/normalise.js';
import { releasesIn } from '../notices/ocds-input.js';
import type { SourceProfile } from '../notices/source-profile.js';
import type { SourcePage, SourceRun } from '../pipeline/ports.js';
import { isAscii, isUtf8 } from 'node:buffer';
import { rawReleaseId, releaseFingerprints, sliceReleases } from './fingerprint.js';
import type { HttpPolicy, PoliteFetcher, RequestScope } from './http.js';
import { parseCleanJson, parseJson, parseRepairedJson } from './json-repair.js';

/** An OCDS release package as both UK services serve it; releases stay raw until normalised one by one. */
export const OcdsPackage = z.object({
  releases: z.array(z.unknown()),
  links: z
    .object({ next: z.string().url().optional().catch(undefined) })
    .optional()
    .catch(undefined),
});
export type OcdsPackage = z.infer<typeof OcdsPackage> & {
  /** Each release's fingerprint of its bytes (fingerprint.ts), by release id, when the layout gave them. */
  fingerprints?: Map<string, string>;
  /**
   * The releases the store held with these bytes already, found before the parse: each stands in
   * `releases` as `{ id }` only, never to be normalised (toSourcePage counts them as known).
   */
  knownIds?: Set<string>;
};

type StoredReleases = (fingerprints: Map<string, string>) => Set<string>;

/**
 * Parses a package body (repairing known bad JSON); throws when the body is not a package at all. The
 * Proactis portals (Scotland, Wales) answer a month with no notices with a package that has no `releases`.
 * Given the body's bytes, it fingerprints each release's bytes too.
 */
export function parsePackage(
  text: string,
  options: { emptyWithoutReleases?: boolean } = {},
  bytes?: Buffer,
): OcdsPackage {
  const { value: json, repaired } = parseJson(text);
  const empty = typeof json === 'object' && json !== null && !Array.isArray(json) && !('releases' in json);
  if (options.emptyWithoutReleases && empty && 'uri' in json) return { releases: [] };
  const parsed = OcdsPackage.safeParse(json);
  if (!parsed.success)
    throw new Error(`not an OCDS release package (${parsed.error.issues[0]?.message ?? 'bad shape'})`);
  // A repaired body gives no fingerprints: the repair reaches the whole text, so a release's bytes alone do
  // not say what it parsed to, and a page read later from its bytes must never hold one (parseHeldPage).
  const fingerprints = bytes && !repaired ? releaseFingerprints(bytes, parsed.data.releases) : null;
  return fingerprints ? { ...parsed.data, fingerprints } : parsed.data;
}

/**
 * The poll re-reads the last 15 minutes every time, so half a page is usually stored already with the same
 * bytes. Given what the store holds, such a page is read from its bytes without them: the releases' byte
 * ranges and ids come from the layout (fingerprint.ts), the store is asked once about their fingerprints,
 * each known release becomes `{"id": …}`, and each other release is decoded and parsed from its own bytes
 * (an all-ASCII one as a one-byte string, which decodes about six times faster than a whole body and parses
 * faster). The envelope is parsed with every release replaced by `0`, so the releases array must hold
 * exactly one value per slice: JSON's grammar then makes the result the same as a parse of the whole body. A
 * known release's bytes are the ones an earlier page parsed and stored whole, so nothing unread is trusted.
 * Anything unexpected (a body that is not UTF-8, a layout the slicing does not fit, an envelope or a release
 * that does not parse, a release whose id is not the one its slice said) returns null, and the body is
 * decoded and parsed whole as before (parsePackage). Given to the fetcher as its bytes-first reader, it saves
 * decoding the body whole; toSourcePage keeps the store's answer (knownIds), so nothing is asked twice.
 */
export function parseHeldPage(bytes: Buffer, stored: StoredReleases): OcdsPackage | null {
  const slices = sliceReleases(bytes);
  if (!slices || slices.length === 0 || !isUtf8(bytes)) return null;
  const fingerprints = new Map<string, string>();
  for (const s of slices)
    if (s.id !== null && s.fingerprint !== null && !fingerprints.has(s.id))
      fingerprints.set(s.id, s.fingerprint);
  const pieces: Buffer[] = [];
  let cursor = 0;
  for (const s of slices) {
    pieces.push(bytes.subarray(cursor, s.start), PLACE);
    cursor = s.end;
  }
  pieces.push(bytes.subarray(cursor));
  // Each piece parsed without repair: one that needs it (json-repair.ts) sends the page to the whole parse,
  // which repairs the whole text wherever the fault is, as it always has (a held release's bytes come from a
  // page that needed none: parsePackage).
  const envelope = OcdsPackage.safeParse(parseCleanJson(Buffer.concat(pieces).toString('utf8')));
  if (!envelope.success) return null;
  const places = envelope.data.releases;
  if (places.length !== slices.length || !places.every((r) => r === 0)) return null;
  const held = stored(fingerprints);
  // The first release of each id, when held: later ones are skipped by toSourcePage whatever they hold.
  const stubbed = new Set<string>();
  const releases: unknown[] = [];
  for (const s of slices) {
    // A repeat's bytes may differ from its first's; only the first (whose fingerprint was asked) is replaced.
    if (s.id !== null && !stubbed.has(s.id) && held.has(s.id)) {
      stubbed.add(s.id);
      releases.push({ id: s.id });
      continue;
    }
    const slice = bytes.subarray(s.start, s.end);
    // Sliced at ASCII braces of a body that is UTF-8 throughout: each slice is UTF-8 on its own.
    const release = parseCleanJson(slice.toString(isAscii(slice) ? 'latin1' : 'utf8'));
    if (typeof release !== 'object' || release === null) return null;
    const id = rawReleaseId(release);
    if (s.id === null ? id !== null : id === null || String(id) !== s.id) return null;
    releases.push(release);
  }
  return { ...envelope.data, releases, fingerprints, knownIds: stubbed };
}

/** What stands in the envelope for each release while it is parsed alone. */
const PLACE = Buffer.from('0');

/** The fetcher's bytes-first reader for a run that can say what the store holds (none otherwise). */
export function heldPageReader(
  run: SourceRun | undefined,
): ((bytes: Buffer) => OcdsPackage | null) | undefined {
  const stored = run?.storedReleases;
  return stored && ((bytes) => parseHeldPage(bytes, stored));
}

function releaseIdOf(raw: unknown): string | null {
  const id = rawReleaseId(raw);
  return id === null ? null : String(id);
}

/**
 * Normalises every release of a page; one malformed release is listed as skipped and the rest go on. A
 * release the run's store already holds with the same bytes (its fingerprint) is counted as known instead.
 */
export function toSourcePage(
  pkg: OcdsPackage,
  source: SourceProfile,
  seen: Set<string>,
  run?: SourceRun,
): SourcePage {
  const page: SourcePage = { notices: [], skipped: [] };
  const stored = pkg.knownIds ?? (pkg.fingerprints && run?.storedReleases?.(pkg.fingerprints));
  for (const raw of pkg.releases) {
    const releaseId = releaseIdOf(raw);
    if (releaseId !== null && seen.has(releaseId)) continue;
    const fingerprint = releaseId === null ? undefined : pkg.fingerprints?.get(releaseId);
    if (releaseId !== null && stored?.has(releaseId)) {
      seen.add(releaseId);
      page.known = (page.known ?? 0) + 1;
      continue;
    }
    const result = toNotice(raw, source);
    if (!result.ok) {
      page.skipped.push({ releaseId, reason: result.reason });
      continue;
    }
    seen.add(result.notice.releaseId);
    page.notices.push(result.notice);
    if (fingerprint !== undefined && result.notice.releaseId === releaseId)
      (page.fingerprints ??= new Map()).set(releaseId, fingerprint);
    // A release whose text was cut is kept as published, whole, beside the notice.
    if (result.notice.textCut.length > 0)
      (page.originals ??= new Map()).set(result.notice.releaseId, JSON.stringify(raw));
  }
  return page;
}

/**
 * A record package (Contracts Finder `/Published/OCDS/Record/{ocid}`): each record as its compiled release,
 * its latest values or its newest release, read into the same shape as a release package.
 */
export function parseRecordPackage(text: string): OcdsPackage {
  const json = parseRepairedJson(text);
  const inputs = releasesIn(json);
  const unreadable = inputs.find((i) => 'error' in i);
  if (inputs.length === 0 || (unreadable && inputs.length === 1)) {
    throw new Error(
      `not an OCDS record package (${unreadable && 'error' in unreadable ? unreadable.error : 'empty'})`,
    );
  }
  return { releases: inputs.flatMap((i) => ('raw' in i ? [i.raw] : [])) };
}

/**
 * Follows `links.next` until a page has none (or a cursor repeats, which would loop forever). A link to
 * another host or scheme is refused by the fetcher; a cursor that is new every time is stopped by the poll
 * cycle's cap on pages per window.
 */
export async function* followNextLinks(
  fetcher: PoliteFetcher,
  next: string | undefined,
  policy: HttpPolicy,
  source: SourceProfile,
  seen: Set<string>,
  scope: RequestScope,
  /** The bytes-first reader for the pages (Find a Tender's: heldPageReader); none reads each page whole. */
  fromBytes?: (bytes: Buffer) => OcdsPackage | null,
): AsyncGenerator<SourcePage> {
  const visited = new Set<string>();
  while (next && !visited.has(next)) {
    visited.add(next);
    const page = await fetcher.fetchParsed(
      next,
      undefined,
      policy,
      (text, bytes) => parsePackage(text, {}, bytes),
      scope,
      fromBytes,
    );
    yield toSourcePage(page, source, seen, scope.run);
    next = page.links?.next;
  }
}

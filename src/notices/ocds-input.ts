import { isRaw, type Raw } from './ocds-release.js';

// What `classify`, `eval`, `guide` and `inspect` read, and what a record-package endpoint serves: an OCDS
// release package, a record package, an array or JSON Lines of releases, or one release, compiled or
// versioned.

/** One release found in the input, or why an item could not be read (one clear message per item). */
export type ReleaseInput = { line: number; raw: unknown } | { line: number; error: string };

/**
 * A versioned field: `[{releaseID, releaseDate, releaseTag, value}, …]`, one entry per release that set it.
 */
function isVersioned(value: unknown[]): value is { releaseDate?: unknown; value?: unknown }[] {
  return value.length > 0 && value.every((v) => isRaw(v) && 'releaseDate' in v && 'value' in v);
}

/** A versioned release read as the latest value of every field (OCDS record `versionedRelease`). */
export function latestValues(value: unknown): unknown {
  if (Array.isArray(value)) {
    if (!isVersioned(value)) return value.map(latestValues);
    const newest = [...value]
      .sort((a, b) => String(a.releaseDate).localeCompare(String(b.releaseDate)))
      .pop();
    return latestValues(newest?.value);
  }
  if (!isRaw(value)) return value;
  return Object.fromEntries(Object.entries(value).map(([key, v]) => [key, latestValues(v)]));
}

const dateOf = (release: unknown) => (isRaw(release) && typeof release.date === 'string' ? release.date : '');

/**
 * A record: its compiled release, else its versioned release (latest values), else its newest full release.
 */
function releaseOfRecord(record: Raw): unknown {
  if (isRaw(record.compiledRelease)) return record.compiledRelease;
  if (isRaw(record.versionedRelease)) return latestValues(record.versionedRelease);
  const releases = Array.isArray(record.releases) ? record.releases.filter(isRaw) : [];
  const full = releases.filter((r) => 'ocid' in r);
  if (full.length === 0 && releases.length > 0) {
    throw new Error('the record lists only linked releases (URLs) and has no compiled release');
  }
  return [...full].sort((a, b) => dateOf(a).localeCompare(dateOf(b))).pop();
}

function itemsOf(list: unknown[], read: (item: unknown) => unknown = (r) => r): ReleaseInput[] {
  return list.map((item, index) => {
    try {
      const raw = read(item);
      if (raw === undefined) return { line: index + 1, error: `item ${index + 1} holds no release` };
      return { line: index + 1, raw };
    } catch (err) {
      return {
        line: index + 1,
        error: `item ${index + 1}: ${err instanceof Error ? err.message : String(err)}`,
      };
    }
  });
}

/** The releases in one parsed OCDS document, whatever its kind. */
export function releasesIn(doc: unknown): ReleaseInput[] {
  if (Array.isArray(doc)) return itemsOf(doc);
  if (!isRaw(doc)) return [{ line: 1, error: 'not an OCDS document: expected an object or a list' }];
  if (Array.isArray(doc.records)) {
    return itemsOf(doc.records, (r) => (isRaw(r) ? releaseOfRecord(r) : undefined));
  }
  if (Array.isArray(doc.releases)) return itemsOf(doc.releases);
  if (!('ocid' in doc) && ('releases' in doc || 'uri' in doc)) return [];
  // A single release; a versioned one reads as its latest values (a plain release is unchanged by this).
  return [{ line: 1, raw: latestValues(doc) }];
}

/** Reads a whole file: one JSON document, or JSON Lines (a bad line is reported and the rest go on). */
export function readReleases(text: string): ReleaseInput[] {
  const trimmed = text.replace(/^\uFEFF/, '').trim();
  if (trimmed.startsWith('{') || trimmed.startsWith('[')) {
    try {
      return releasesIn(JSON.parse(trimmed));
    } catch {
      // Not one JSON document: read it as JSON Lines below.
    }
  }
  return trimmed.split('\n').flatMap((lineText, index): ReleaseInput[] => {
    if (lineText.trim() === '') return [];
    try {
      const parsed: unknown = JSON.parse(lineText);
      return releasesIn(parsed).map((item) => ({ ...item, line: index + 1 }));
    } catch (err) {
      const reason = err instanceof Error ? err.message : String(err);
      return [{ line: index + 1, error: `line ${index + 1} is not JSON: ${reason}` }];
    }
  });
}

/** The release id to print for a raw release, when it has one. */
export function rawId(raw: unknown): string | null {
  if (!isRaw(raw)) return null;
  return typeof raw.id === 'string' || typeof raw.id === 'number' ? String(raw.id) : null;
}

/** The ocid of a raw release ('' when it has none). */
export function rawOcid(raw: unknown): string {
  return isRaw(raw) && typeof raw.ocid === 'string' ? raw.ocid : '';
}

/** One release read from a file: the raw object, or why that line could not be read. */
export type ReleaseInput = { line: number; raw: unknown } | { line: number; error: string };

/**
 * Reads what `npm run classify` and `npm run eval` accept: an OCDS release package (`{"releases": [...]}`), a
 * single release, or JSON Lines of releases. A bad line is reported and the rest go on.
 */
export function readReleases(text: string): ReleaseInput[] {
  const trimmed = text.trim();
  if (trimmed.startsWith('{') || trimmed.startsWith('[')) {
    try {
      const whole: unknown = JSON.parse(trimmed);
      const releases: unknown =
        typeof whole === 'object' && whole !== null && 'releases' in whole ? whole.releases : whole;
      if (Array.isArray(releases)) {
        const items: unknown[] = releases;
        return items.map((raw, i) => ({ line: i + 1, raw }));
      }
      return [{ line: 1, raw: whole }];
    } catch {
      // Not one JSON document: read it as JSON Lines below.
    }
  }
  return text.split('\n').flatMap((lineText, index): ReleaseInput[] => {
    if (lineText.trim() === '') return [];
    try {
      return [{ line: index + 1, raw: JSON.parse(lineText) as unknown }];
    } catch (err) {
      return [
        {
          line: index + 1,
          error: `line ${index + 1} is not JSON: ${err instanceof Error ? err.message : String(err)}`,
        },
      ];
    }
  });
}

/** The release id to print for a raw release, when it has one. */
export function rawId(raw: unknown): string | null {
  if (typeof raw !== 'object' || raw === null || !('id' in raw)) return null;
  return typeof raw.id === 'string' || typeof raw.id === 'number' ? String(raw.id) : null;
}

/**
 * The OCDS source of a raw release, from its ocid prefix (Contracts Finder `ocds-b5fd17`, else Find a
 * Tender).
 */
export function sourceOf(raw: unknown): 'fts' | 'cf' {
  const ocid = typeof raw === 'object' && raw !== null && 'ocid' in raw ? String(raw.ocid) : '';
  return ocid.startsWith('ocds-b5fd17') ? 'cf' : 'fts';
}

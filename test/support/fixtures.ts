import { readFileSync } from 'node:fs';

const ROOT = new URL('../fixtures/', import.meta.url);

/** Raw text of a recorded fixture (see test/fixtures/SOURCES.md for where each came from). */
export function fixtureText(path: string): string {
  return readFileSync(new URL(path, ROOT), 'utf8');
}

/** A recorded fixture parsed as JSON, for reading expected values straight from the source. */
export function fixtureJson(path: string): any {
  return JSON.parse(fixtureText(path));
}

/** The first (or only) release in a recorded file, whether a package or a bare release. */
export function fixtureRelease(path: string): any {
  const data = fixtureJson(path);
  return Array.isArray(data.releases) ? data.releases[0] : data;
}

/** A package of `count` releases cloned from a real one, each with its own id (for full-page tests). */
export function clonedPackage(
  path: string,
  count: number,
  idPrefix: string,
  start = 0,
): { releases: unknown[] } {
  const template = fixtureRelease(path);
  return {
    releases: Array.from({ length: count }, (_, i) => ({
      ...template,
      id: `${idPrefix}-${String(start + i).padStart(4, '0')}`,
      ocid: `ocds-h6vhtk-${idPrefix}${start + i}`,
    })),
  };
}

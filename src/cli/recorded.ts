import { readdirSync, readFileSync } from 'node:fs';
import type { ReplayData } from '../replay/replay-server.js';
import { profileOfRaw } from '../sources/registry.js';

// The recorded feed responses a local replay serves (`npm run demo`, `npm run replay`).

/** The folders of test/fixtures that hold recorded releases of the four feeds. */
export const RECORDED_FOLDERS = ['fts', 'cf', 'pcs', 's2w', 'reserved'];

/** Every release in a folder's JSON files: a package's releases, or the file itself when it is a release. */
export function releasesIn(dir: URL): unknown[] {
  return readdirSync(dir)
    .filter((f) => f.endsWith('.json'))
    .flatMap((f) => {
      const data: unknown = JSON.parse(readFileSync(new URL(f, dir), 'utf8'));
      const releases: unknown =
        typeof data === 'object' && data !== null && 'releases' in data ? data.releases : undefined;
      if (!Array.isArray(releases)) return [data];
      const items: unknown[] = releases;
      return items;
    });
}

/**
 * Each release served by the feed that publishes it (by its ocid), as the live services would; releases of
 * no UK feed's ocid are served as Find a Tender's.
 */
export function byFeed(recorded: unknown[]): Required<ReplayData> {
  const feedOf = (r: unknown) => (profileOfRaw(r).id === 'ocds' ? 'fts' : profileOfRaw(r).id);
  const feed = (id: string) => recorded.filter((r) => feedOf(r) === id);
  return { fts: feed('fts'), cf: feed('cf'), pcs: feed('pcs'), s2w: feed('s2w') };
}

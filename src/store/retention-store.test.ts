import { describe, expect, it } from 'vitest';
import { buildNotice } from '../../test/support/builders.js';
import { openDb } from './db.js';
import { createSqliteNoticeStore } from './notice-store.js';
import { createSqliteQueries } from './query-store.js';
import { createSqliteRetention } from './retention-store.js';

const YEAR = 365.25 * 86_400_000;

/** One process with three releases over the years, and one old notice with a single release. */
function history() {
  const db = openDb(':memory:');
  const store = createSqliteNoticeStore(db);
  const release = (ocid: string, id: string, published: string, title: string) =>
    buildNotice({
      ocid,
      releaseId: id,
      title,
      dates: { ...buildNotice().dates, published },
    });
  store.savePage('fts', [release('ocds-a', 'a-1', '2019-03-01T09:00:00Z', 'Advocacy tender')], {
    baseline: true,
  });
  store.savePage('fts', [release('ocds-a', 'a-2', '2020-05-01T09:00:00Z', 'Advocacy tender (amended)')], {
    baseline: true,
  });
  store.savePage('fts', [release('ocds-a', 'a-3', '2026-06-01T09:00:00Z', 'Advocacy contract awarded')], {
    baseline: true,
  });
  store.savePage('fts', [release('ocds-b', 'b-1', '2018-01-10T09:00:00Z', 'Old contract, still current')], {
    baseline: true,
  });
  return { db, store, queries: createSqliteQueries(db) };
}

describe('pruning release history older than N years', () => {
  it('removes old releases but never the one a notice shows now, so current notices and contracts stay', async () => {
    const { db, store, queries } = history();
    const cutoff = Date.parse('2026-12-01T00:00:00Z') - 5 * YEAR;
    const retention = createSqliteRetention(db);
    expect(retention.countPrunable(cutoff)).toBe(2);
    const result = await retention.prune(cutoff);
    expect(result.releases).toBe(2);
    expect(store.countReleases()).toBe(2);
    expect(store.countNotices()).toBe(2);
    expect(queries.byKey('fts', 'ocds-a')?.notice.title).toBe('Advocacy contract awarded');
    expect(queries.byKey('fts', 'ocds-b')?.notice.title).toBe('Old contract, still current');
    expect(await retention.prune(cutoff)).toEqual({ releases: 0, events: 0, runs: 0 });
  });

  it('keeps everything newer than the cut-off', async () => {
    const { db, store } = history();
    await createSqliteRetention(db).prune(Date.parse('2017-01-01T00:00:00Z'));
    expect(store.countReleases()).toBe(4);
  });
});

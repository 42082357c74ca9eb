import type { Db } from './db.js';

/** A release's date in ms (its own date when it has one, else when it was fetched). */
const RELEASE_MS_SQL = `COALESCE(CAST(strftime('%s', r.release_date) AS INTEGER) * 1000, r.fetched_at)`;
/** The releases a notice shows now: never pruned. */
const NOT_CURRENT_SQL = `NOT EXISTS (
  SELECT 1 FROM notices n WHERE n.source = r.source AND n.release_id = r.release_id
)`;
const BATCH = 2_000;

export interface PruneResult {
  releases: number;
  events: number;
  runs: number;
}

/**
 * Release history older than a cut-off: every release but the one each notice shows now (so current
 * notices, awards and contracts are kept whole), the events of the releases removed, and poll runs older
 * than the cut-off. Deletes in small transactions so the worker is never blocked for long.
 */
export function createSqliteRetention(db: Db) {
  const stmt = {
    countReleases: db
      .prepare(`SELECT COUNT(*) FROM releases r WHERE ${RELEASE_MS_SQL} < ? AND ${NOT_CURRENT_SQL}`)
      .pluck(),
    releases: db.prepare(`
      DELETE FROM releases WHERE rowid IN (
        SELECT r.rowid FROM releases r WHERE ${RELEASE_MS_SQL} < ? AND ${NOT_CURRENT_SQL} LIMIT ${BATCH}
      )
    `),
    events: db.prepare(`
      DELETE FROM notice_events WHERE rowid IN (
        SELECT e.rowid FROM notice_events e
        WHERE e.created_at < ? AND NOT EXISTS (
          SELECT 1 FROM releases r WHERE r.source = e.source AND r.release_id = e.release_id
        )
        LIMIT ${BATCH}
      )
    `),
    runs: db.prepare(
      `DELETE FROM poll_runs WHERE id IN (SELECT id FROM poll_runs WHERE ended_at < ? LIMIT ${BATCH})`,
    ),
  };
  const drain = async (run: () => number, between: () => Promise<void>) => {
    let total = 0;
    for (;;) {
      const n = run();
      total += n;
      if (n < BATCH) return total;
      await between();
    }
  };
  return {
    /** How many releases a prune at this cut-off would remove (for --dry-run and doctor). */
    countPrunable: (cutoff: number) => Number(stmt.countReleases.get(cutoff)),
    /** Prunes in batches; `between` runs between batches (the worker yields to its event loop there). */
    async prune(
      cutoff: number,
      between: () => Promise<void> = () => Promise.resolve(),
    ): Promise<PruneResult> {
      const releases = await drain(() => stmt.releases.run(cutoff).changes, between);
      const events = await drain(() => stmt.events.run(cutoff).changes, between);
      const runs = await drain(() => stmt.runs.run(cutoff).changes, between);
      return { releases, events, runs };
    },
  };
}

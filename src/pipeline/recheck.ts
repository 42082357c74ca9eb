import type { Clock } from '../shared/clock.js';
import type { Logger } from '../shared/logger.js';
import type { NoticeSource, NoticeStore, SaveOptions, SourceRun } from './ports.js';

/** The notices due to be read again, and a note that one was. Implemented by store/recheck-store.ts. */
export interface RecheckStore {
  dueForRecheck(now: number, before: number, limit: number): { source: string; ocid: string }[];
  markRechecked(source: string, ocid: string, at: number): void;
}

export interface RecheckDeps {
  sources: NoticeSource[];
  store: NoticeStore;
  rechecks: RecheckStore;
  clock: Clock;
  log: Logger;
  match: SaveOptions['match'];
  afterSave?: SaveOptions['afterSave'];
  /** Read a notice again at most this often. */
  everyMs: number;
  /** At most this many notices a run (each is one polite request). */
  limit: number;
  /** The run's deadline and signal; a service asking to wait past it ends the run. */
  run?: SourceRun;
}

/**
 * Reads open, matched notices again by their process id, on a slow schedule, so that an amendment a poll
 * window missed (a moved deadline, a cancellation) is stored and announced like any other update. Find a
 * Tender publishes amendments as new releases that a later window picks up; this is the net under that.
 */
export async function runRecheck(
  deps: RecheckDeps,
): Promise<{ checked: number; updated: number; failed: number }> {
  const result = { checked: 0, updated: 0, failed: 0 };
  const now = deps.clock.now();
  for (const { source: sourceId, ocid } of deps.rechecks.dueForRecheck(now, now - deps.everyMs, deps.limit)) {
    const source = deps.sources.find((s) => s.id === sourceId);
    if (!source?.fetchProcess) continue;
    if (deps.run?.signal.aborted) break;
    try {
      const page = await source.fetchProcess(ocid, deps.run);
      const saved = deps.store.savePage(sourceId, page.notices, {
        baseline: false,
        match: deps.match,
        afterSave: deps.afterSave,
        originals: page.originals,
        fingerprints: page.fingerprints,
      });
      result.updated += saved.filter((s) => s.outcome === 'updated').length;
      result.checked++;
    } catch (err) {
      if (deps.run?.signal.aborted) break;
      result.failed++;
      const reason = err instanceof Error ? err.message : String(err);
      // The service asked to wait (a long Retry-After): ask it nothing more this run.
      if (err instanceof Error && err.name === 'SourceDeferredError') {
        deps.log.warn({ source: sourceId, err: reason }, 'Reading notices again stopped for now');
        break;
      }
      deps.log.warn(
        { source: sourceId, ocid, err: reason },
        'Could not read a notice again; will try next ' + 'time',
      );
    }
    deps.rechecks.markRechecked(sourceId, ocid, deps.clock.now());
  }
  return result;
}

import type { MatchResult } from '../matching/match-result.js';
import type { Notice } from '../notices/notice.js';
import type { Clock } from '../shared/clock.js';
import type { Logger } from '../shared/logger.js';
import type { NoticeSource, NoticeStore, PageCounts, SavedNotice, SaveOptions, TimeWindow } from './ports.js';

/** Cuts [from, to] into consecutive windows no longer than maxMs (the last may be shorter). */
export function splitIntoWindows(from: number, to: number, maxMs: number): TimeWindow[] {
  const windows: TimeWindow[] = [];
  for (let start = from; start < to; start += maxMs)
    windows.push({ from: new Date(start), to: new Date(Math.min(to, start + maxMs)) });
  return windows;
}

export interface SourceRunSummary {
  source: string;
  requests: number;
  counts: PageCounts;
  errors: string[];
  /** True when what was stored is a first-run or backfill baseline (no alerts). */
  baseline: boolean;
  /** Everything up to this instant is stored; null when nothing was completed. */
  completeUntil: number | null;
}

interface IngestDeps {
  store: NoticeStore;
  log: Logger;
  match?: (notice: Notice) => MatchResult;
  afterSave?: SaveOptions['afterSave'];
  /** Called for each new or updated notice after its page is committed (console printing, alert queue). */
  onSaved?: (saved: SavedNotice) => void;
  /**
   * Shutdown: no new window starts once it aborts, and the failure it causes in the request in flight is not
   * a feed error (the page being stored is committed first: saving is synchronous).
   */
  signal?: AbortSignal;
}

const emptyCounts = (): PageCounts => ({ seen: 0, new: 0, updated: 0, unchanged: 0, skipped: 0 });

/**
 * Fetches and stores the windows in order. After each whole window is stored, `onWindowDone` records
 * progress, so an interrupted run resumes at the first unfinished window. A failing window stops this
 * source's run (the progress mark stays before it); nothing is skipped over.
 */
async function ingestWindows(
  source: NoticeSource,
  windows: TimeWindow[],
  baseline: boolean,
  deps: IngestDeps,
  onWindowDone: (w: TimeWindow) => void,
): Promise<SourceRunSummary> {
  const requestsBefore = source.requestCount();
  const summary: SourceRunSummary = {
    source: source.id,
    requests: 0,
    counts: emptyCounts(),
    errors: [],
    baseline,
    completeUntil: null,
  };
  for (const window of windows) {
    if (deps.signal?.aborted) break;
    try {
      for await (const page of source.fetchWindow(window)) {
        for (const skipped of page.skipped)
          deps.log.warn(
            { source: source.id, releaseId: skipped.releaseId, reason: skipped.reason },
            'Skipped a malformed release',
          );
        const saved = deps.store.savePage(source.id, page.notices, {
          baseline,
          match: deps.match,
          afterSave: deps.afterSave,
        });
        summary.counts.seen += page.notices.length;
        summary.counts.skipped += page.skipped.length;
        for (const item of saved) {
          if (item.outcome === 'new' || item.outcome === 'updated') summary.counts[item.outcome]++;
          else summary.counts.unchanged++;
          if (!baseline && (item.outcome === 'new' || item.outcome === 'updated')) deps.onSaved?.(item);
        }
      }
    } catch (err) {
      if (deps.signal?.aborted) {
        deps.log.info({ source: source.id }, 'Stopped for shutdown; will resume from here next time');
        break;
      }
      const message = err instanceof Error ? err.message : String(err);
      summary.errors.push(message);
      deps.log.error(
        {
          source: source.id,
          window: { from: window.from.toISOString(), to: window.to.toISOString() },
          err: message,
        },
        'Source fetch failed; will resume from here next time',
      );
      break;
    }
    onWindowDone(window);
    summary.completeUntil = window.to.getTime();
  }
  summary.requests = source.requestCount() - requestsBefore;
  return summary;
}

export interface PollCycleDeps extends IngestDeps {
  sources: NoticeSource[];
  clock: Clock;
  /** How far back the very first run looks; what it finds is stored as a baseline, without "new" events. */
  firstRunLookbackMs: number;
  /** Each window starts this much before the last high-water mark, to catch late-indexed releases. */
  overlapMs: number;
}

/**
 * The windows a source reads [from, to] in: its own (calendar months), fixed-size ones, or the whole span.
 */
function windowsOf(source: NoticeSource, from: number, to: number): TimeWindow[] {
  if (source.splitWindows) return source.splitWindows(from, to);
  if (source.maxWindowMs === null) return [{ from: new Date(from), to: new Date(to) }];
  return splitIntoWindows(from, to, source.maxWindowMs);
}

/** The sources to read this cycle: a feed that asks to be read less often waits until its time has come. */
function dueSources(deps: PollCycleDeps): NoticeSource[] {
  const now = deps.clock.now();
  return deps.sources.filter((source) => {
    const highWater = deps.store.getHighWater(source.id);
    return !source.pollEveryMs || highWater === null || now - highWater >= source.pollEveryMs;
  });
}

/**
 * One poll cycle over every source, each isolated from the others' failures, with a run-log entry per source.
 */
export async function runPollCycle(deps: PollCycleDeps): Promise<SourceRunSummary[]> {
  return Promise.all(
    dueSources(deps).map(async (source) => {
      const startedAt = deps.clock.now();
      const highWater = deps.store.getHighWater(source.id);
      const baseline = highWater === null;
      const from = baseline
        ? startedAt - deps.firstRunLookbackMs
        : Math.min(highWater, startedAt) - deps.overlapMs;
      const windows = windowsOf(source, from, startedAt);
      const summary = await ingestWindows(source, windows, baseline, deps, (w) =>
        deps.store.setHighWater(source.id, w.to.getTime()),
      );
      // A cycle cut short by shutdown is neither a success nor a failure of the feed: it is not recorded.
      if (deps.signal?.aborted) return summary;
      deps.store.recordRun({
        source: source.id,
        kind: 'poll',
        startedAt,
        endedAt: deps.clock.now(),
        requests: summary.requests,
        counts: summary.counts,
        errors: summary.errors,
      });
      return summary;
    }),
  );
}

export interface BackfillDeps extends IngestDeps {
  clock: Clock;
  onProgress?: (source: string, done: number, total: number) => void;
}

/**
 * Stores every notice in [from, to] as history (no alerts). Progress is kept per (source, from, `toLabel`),
 * so running the same command again after an interruption resumes at the first unfinished window.
 */
export async function runBackfill(
  deps: BackfillDeps,
  sources: NoticeSource[],
  from: number,
  to: number,
  toLabel = String(to),
): Promise<SourceRunSummary[]> {
  const summaries: SourceRunSummary[] = [];
  for (const source of sources) {
    // A range that runs "until now" is the same job on every run, so a rerun resumes it and only fetches what
    // is new.
    const key = `${source.id}:${from}:${toLabel}`;
    const resumeAt = Math.max(from, deps.store.getBackfillProgress(key) ?? from);
    const all = windowsOf(source, from, to);
    const remaining = all.filter((w) => w.to.getTime() > resumeAt);
    let done = all.length - remaining.length;
    deps.onProgress?.(source.id, done, all.length);
    const startedAt = deps.clock.now();
    const summary = await ingestWindows(source, remaining, true, deps, (w) => {
      deps.store.setBackfillProgress(key, w.to.getTime());
      deps.onProgress?.(source.id, ++done, all.length);
    });
    deps.store.recordRun({
      source: source.id,
      kind: 'backfill',
      startedAt,
      endedAt: deps.clock.now(),
      requests: summary.requests,
      counts: summary.counts,
      errors: summary.errors,
    });
    summaries.push(summary);
  }
  return summaries;
}

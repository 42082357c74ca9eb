import type { MatchResult } from '../matching/match-result.js';
import type { Notice } from '../notices/notice.js';
import type { Clock } from '../shared/clock.js';
import type { Logger } from '../shared/logger.js';
import { cycleDeadlineText, deferredText, pageCapText } from './poll-text.js';
import type {
  NoticeSource,
  NoticeStore,
  PageCounts,
  SavedNotice,
  SaveOptions,
  SourceRun,
  TimeWindow,
} from './ports.js';

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
  /** The service asked to wait until then (a long Retry-After): the source is not read before it. */
  deferredUntil: number | null;
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
  /** A window needing more pages than this is a bound hit (a cursor that is new every time). */
  maxPagesPerWindow?: number;
}

/** The service's "wait until" (sources' SourceDeferredError): the run stops and the source is deferred. */
function deferredUntil(err: unknown): number | null {
  if (!(err instanceof Error) || err.name !== 'SourceDeferredError' || !('until' in err)) return null;
  return typeof err.until === 'number' ? err.until : null;
}

class WindowPageCapError extends Error {
  override name = 'WindowPageCapError';
}

const emptyCounts = (): PageCounts => ({ seen: 0, new: 0, updated: 0, unchanged: 0, skipped: 0 });

/**
 * Fetches and stores the windows in order. After each whole window is stored, `onWindowDone` records
 * progress, so an interrupted run resumes at the first unfinished window. A failing window stops this
 * source's run (the progress mark stays before it); nothing is skipped over. So does a bound: the run's
 * deadline, the cap on pages per window, or a service asking to wait past the deadline (deferred).
 */
async function ingestWindows(
  source: NoticeSource,
  windows: TimeWindow[],
  baseline: boolean,
  deps: IngestDeps,
  onWindowDone: (w: TimeWindow) => void,
  run?: SourceRun & { deadlineMs: number },
): Promise<SourceRunSummary> {
  const requestsBefore = source.requestCount();
  const summary: SourceRunSummary = {
    source: source.id,
    requests: 0,
    counts: emptyCounts(),
    errors: [],
    baseline,
    completeUntil: null,
    deferredUntil: null,
  };
  const maxPages = deps.maxPagesPerWindow ?? Infinity;
  // A release re-read with the bytes it was stored with (the overlap) is counted, not normalised again.
  const sourceRun = run && {
    ...run,
    storedReleases: (fingerprints: Map<string, string>) => deps.store.storedReleases(source.id, fingerprints),
  };
  for (const window of windows) {
    if (deps.signal?.aborted) break;
    let pages = 0;
    try {
      for await (const page of source.fetchWindow(window, sourceRun)) {
        if (++pages > maxPages) throw new WindowPageCapError(pageCapText(maxPages, source.host));
        for (const skipped of page.skipped)
          deps.log.warn(
            { source: source.id, releaseId: skipped.releaseId, reason: skipped.reason },
            'Skipped a malformed release',
          );
        const saved = deps.store.savePage(source.id, page.notices, {
          baseline,
          match: deps.match,
          afterSave: deps.afterSave,
          originals: page.originals,
          fingerprints: page.fingerprints,
        });
        summary.counts.seen += page.notices.length + (page.known ?? 0);
        summary.counts.unchanged += page.known ?? 0;
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
      const until = deferredUntil(err);
      if (until !== null) summary.deferredUntil = until;
      let message = err instanceof Error ? err.message : String(err);
      if (until !== null) message = deferredText(source.host, until);
      else if (run?.signal.aborted) message = cycleDeadlineText(run.deadlineMs, source.host);
      summary.errors.push(message);
      deps.log.error(
        {
          source: source.id,
          window: { from: window.from.toISOString(), to: window.to.toISOString() },
          err: message,
        },
        until === null ? 'Source fetch failed; will resume from here next time' : message,
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
  /** A source's cycle stops after this long (its windows resume on a later one); none by default. */
  cycleDeadlineMs?: number;
}

/**
 * The windows a source reads [from, to] in: its own (calendar months), fixed-size ones, or the whole span.
 */
function windowsOf(source: NoticeSource, from: number, to: number): TimeWindow[] {
  if (source.splitWindows) return source.splitWindows(from, to);
  if (source.maxWindowMs === null) return [{ from: new Date(from), to: new Date(to) }];
  return splitIntoWindows(from, to, source.maxWindowMs);
}

/**
 * When a source that is not due becomes due (its last stored instant plus its pollEveryMs); null when it is
 * due now: it has no pollEveryMs, was never read, or its time has come.
 */
export function dueAt(source: NoticeSource, deps: Pick<PollCycleDeps, 'store' | 'clock'>): number | null {
  const highWater = deps.store.getHighWater(source.id);
  if (!source.pollEveryMs || highWater === null) return null;
  const at = highWater + source.pollEveryMs;
  return deps.clock.now() >= at ? null : at;
}

/** Whether a source is due: a feed that asks to be read less often waits until its time has come. */
export function isDue(source: NoticeSource, deps: Pick<PollCycleDeps, 'store' | 'clock'>): boolean {
  return dueAt(source, deps) === null;
}

export interface NotDue {
  source: string;
  /** The source is read at most this often. */
  everyMs: number;
  /** It is due from this instant. */
  dueAt: number;
}

/** The sources a cycle started now leaves out because they are not due, and when each becomes due. */
export function notDueSources(deps: Pick<PollCycleDeps, 'sources' | 'store' | 'clock'>): NotDue[] {
  const notDue: NotDue[] = [];
  for (const source of deps.sources) {
    const at = dueAt(source, deps);
    if (at !== null) notDue.push({ source: source.id, everyMs: source.pollEveryMs ?? 0, dueAt: at });
  }
  return notDue;
}

/**
 * A source's run: its requests and waits end when shutdown aborts or when the cycle's deadline passes
 * (a real timer, since a wait on the clock may be virtual in tests). `stop()` clears the timer.
 */
export function startSourceRun(deps: Pick<PollCycleDeps, 'clock' | 'signal' | 'cycleDeadlineMs'>) {
  const deadlineMs = deps.cycleDeadlineMs ?? Infinity;
  const controller = new AbortController();
  const timer = Number.isFinite(deadlineMs)
    ? setTimeout(() => controller.abort(new Error('cycle deadline')), deadlineMs)
    : undefined;
  const signal = deps.signal ? AbortSignal.any([controller.signal, deps.signal]) : controller.signal;
  const run = { signal, deadlineAt: deps.clock.now() + deadlineMs, deadlineMs };
  return { run, stop: () => clearTimeout(timer) };
}

/**
 * Reads one source from its high-water mark (less the overlap) to now, within the cycle's deadline, and
 * records the run (unless shutdown cut it short).
 */
export async function pollSource(source: NoticeSource, deps: PollCycleDeps): Promise<SourceRunSummary> {
  const startedAt = deps.clock.now();
  const highWater = deps.store.getHighWater(source.id);
  const baseline = highWater === null;
  const from = baseline
    ? startedAt - deps.firstRunLookbackMs
    : Math.min(highWater, startedAt) - deps.overlapMs;
  const windows = windowsOf(source, from, startedAt);
  const { run, stop } = startSourceRun(deps);
  let summary: SourceRunSummary;
  try {
    summary = await ingestWindows(
      source,
      windows,
      baseline,
      deps,
      (w) => deps.store.setHighWater(source.id, w.to.getTime()),
      run,
    );
  } finally {
    stop();
  }
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
}

/**
 * One poll cycle over every due source, each isolated from the others' failures and waits, with a run-log
 * entry per source. (The worker runs each source on its own through createPollRunner, so that one source's
 * wait never holds back another's next cycle.)
 */
export async function runPollCycle(deps: PollCycleDeps): Promise<SourceRunSummary[]> {
  return Promise.all(deps.sources.filter((s) => isDue(s, deps)).map((source) => pollSource(source, deps)));
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

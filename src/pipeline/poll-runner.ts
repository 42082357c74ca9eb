import { isDue, pollSource, type PollCycleDeps, type SourceRunSummary } from './poll-cycle.js';

export interface PollRunnerDeps extends PollCycleDeps {
  /** After each source's run, as soon as it ends (log its summary, start delivery). */
  onSourceDone?: (summary: SourceRunSummary) => void;
}

/** What may change from one tick to the next: the matcher and the save hook. */
export type TickDeps = Partial<Pick<PollCycleDeps, 'match' | 'afterSave'>>;

/**
 * Runs each source on its own: a tick starts every due source that is not still reading from an earlier
 * tick and not deferred, and never waits for the others. A source whose service asked to wait past its
 * cycle's deadline (a long Retry-After) is skipped until that time, then resumes from its high-water mark.
 * So one source's wait, or a hung host, never delays another source's polls.
 */
export function createPollRunner(base: PollRunnerDeps) {
  const running = new Set<string>();
  const deferred = new Map<string, number>();
  return {
    /** Starts the due sources; resolves with their summaries when those runs (only) have ended. */
    tick(cycle: TickDeps = {}): Promise<SourceRunSummary[]> {
      const deps = { ...base, ...cycle };
      const now = deps.clock.now();
      const started: Promise<SourceRunSummary>[] = [];
      for (const source of deps.sources) {
        if (deps.signal?.aborted) break;
        if (running.has(source.id)) {
          deps.log.info(
            { source: source.id },
            'Still reading this source from an earlier cycle; not again ' + 'yet',
          );
          continue;
        }
        const until = deferred.get(source.id);
        if (until !== undefined && now < until) {
          deps.log.debug({ source: source.id, until: new Date(until).toISOString() }, 'Source deferred');
          continue;
        }
        deferred.delete(source.id);
        if (!isDue(source, deps)) continue;
        running.add(source.id);
        const run = pollSource(source, deps)
          .then((summary) => {
            if (summary.deferredUntil !== null) deferred.set(source.id, summary.deferredUntil);
            base.onSourceDone?.(summary);
            return summary;
          })
          .finally(() => running.delete(source.id));
        started.push(run);
      }
      return Promise.all(started);
    },
    /** The sources reading right now. */
    running: () => [...running],
    /** Until when a source is deferred (null when it is not). */
    deferredUntil: (id: string) => deferred.get(id) ?? null,
  };
}
export type PollRunner = ReturnType<typeof createPollRunner>;

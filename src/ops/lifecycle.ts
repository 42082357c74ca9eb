import type { Logger } from '../shared/logger.js';

/** What the worker is doing right now, so shutdown can say what it is waiting for. */
export interface Activities {
  /** Runs a task under a name; the name is listed until the task settles. */
  run<T>(name: string, task: () => Promise<T>): Promise<T>;
  /** Lists a name (a feed window being read) until the returned function is called. */
  mark(name: string): () => void;
  /** Everything in flight, by name. */
  describe(): string[];
  /** Resolves when nothing started with run() is in flight. */
  idle(): Promise<void>;
}

export function createActivities(): Activities {
  const names = new Map<number, string>();
  const tasks = new Set<Promise<unknown>>();
  let next = 0;
  const mark = (name: string) => {
    const id = next++;
    names.set(id, name);
    return () => void names.delete(id);
  };
  return {
    run(name, task) {
      const done = mark(name);
      const promise = task().finally(done);
      const settled = promise.then(
        () => undefined,
        () => undefined,
      );
      tasks.add(settled);
      void settled.then(() => tasks.delete(settled));
      return promise;
    },
    mark,
    describe: () => [...names.values()],
    async idle() {
      while (tasks.size > 0) await Promise.all([...tasks]);
    },
  };
}

export interface ShutdownDeps {
  log: Logger;
  /** Aborting it cancels requests in flight and ends every wait (spacing, Retry-After, back-off). */
  controller: AbortController;
  /** Stops the schedules: no new cycle, drain or digest starts. */
  stopScheduling: () => void;
  activities: Activities;
  /** Closed in order once the work in flight is done (or the wait is over): Discord, health port, DB. */
  closers: { name: string; close: () => Promise<void> | void }[];
  /** The whole shutdown must fit in this (SIGTERM to exit); the default leaves margin under 5 s. */
  budgetMs?: number;
  /** How often to say what is still running. */
  reportEveryMs?: number;
}

const within = <T>(promise: Promise<T>, ms: number): Promise<T | 'timeout'> =>
  Promise.race([
    promise,
    new Promise<'timeout'>((resolve) => setTimeout(() => resolve('timeout'), Math.max(0, ms)).unref()),
  ]);

/**
 * Stops the worker within the budget: stop scheduling, abort what is in flight, wait for the tasks to finish
 * (a page being stored is committed: better-sqlite3 transactions are synchronous, so none is ever cut in
 * half), saying what it is waiting for, then close Discord, the health port and the database. Returns
 * 'clean' when everything finished in time, 'forced' when it stopped waiting.
 */
export async function shutdownWorker(deps: ShutdownDeps, signal: string): Promise<'clean' | 'forced'> {
  const started = Date.now();
  const budget = deps.budgetMs ?? 4_000;
  const closeShare = 600;
  deps.log.info({ signal, inFlight: deps.activities.describe() }, 'Shutting down');
  deps.stopScheduling();
  deps.controller.abort();
  const report = setInterval(() => {
    const inFlight = deps.activities.describe();
    if (inFlight.length > 0) deps.log.info({ inFlight }, 'Shutting down: waiting for the work in flight');
  }, deps.reportEveryMs ?? 1_000);
  report.unref();
  const waited = await within(deps.activities.idle(), budget - closeShare - (Date.now() - started));
  clearInterval(report);
  let forced = waited === 'timeout';
  if (forced)
    deps.log.warn(
      { inFlight: deps.activities.describe() },
      'Shutting down: stopped waiting; unfinished work resumes at the next start',
    );
  for (const closer of deps.closers) {
    const left = Math.max(50, budget - (Date.now() - started));
    const result = await within(
      Promise.resolve()
        .then(closer.close)
        .catch((err: unknown) =>
          deps.log.warn({ what: closer.name, err: String(err) }, 'Shutting down: close failed'),
        ),
      left,
    );
    if (result === 'timeout') {
      forced = true;
      deps.log.warn({ what: closer.name }, 'Shutting down: gave up waiting for it to close');
    }
  }
  deps.log.info({ ms: Date.now() - started, forced }, 'Stopped');
  return forced ? 'forced' : 'clean';
}

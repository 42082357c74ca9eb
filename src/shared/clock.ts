/** Time as the app sees it: injectable, so tests can run hours of back-off in no time. */
export interface Clock {
  now(): number;
  sleep(ms: number): Promise<void>;
}

/** setTimeout's longest delay: a longer one fires after 1 ms (Node's TimeoutOverflowWarning). */
const MAX_TIMER_MS = 2 ** 31 - 1;

/** The real clock. A sleep longer than a timer can hold is taken in steps, never cut to 1 ms. */
export const systemClock: Clock = {
  now: () => Date.now(),
  sleep: async (ms) => {
    for (let left = Math.max(0, ms); ; left -= MAX_TIMER_MS) {
      await new Promise((resolve) => setTimeout(resolve, Math.min(left, MAX_TIMER_MS)));
      if (left <= MAX_TIMER_MS) return;
    }
  },
};

/** Thrown by an abortable sleep when the worker is shutting down. */
export class ShutdownError extends Error {
  override name = 'ShutdownError';
  constructor() {
    super('stopped for shutdown');
  }
}

/** The same clock, but every sleep ends at once (rejecting with ShutdownError) when `signal` aborts. */
export function abortableClock(clock: Clock, signal: AbortSignal): Clock {
  return {
    now: () => clock.now(),
    sleep: (ms) =>
      new Promise<void>((resolve, reject) => {
        if (signal.aborted) return reject(new ShutdownError());
        const onAbort = () => reject(new ShutdownError());
        signal.addEventListener('abort', onAbort, { once: true });
        clock.sleep(ms).then(
          () => {
            signal.removeEventListener('abort', onAbort);
            resolve();
          },
          (err: unknown) => {
            signal.removeEventListener('abort', onAbort);
            reject(err instanceof Error ? err : new Error(String(err)));
          },
        );
      }),
  };
}

/** How a retry waits: the first step, and the cap the doubling steps stop at. */
export interface Backoff {
  baseMs: number;
  maxMs: number;
}

/**
 * The one back-off formula: exponential from `baseMs` (attempt 1 waits about `baseMs`), capped at `maxMs`,
 * with "equal jitter" (half the step fixed, half random) so that many retries do not come back at the same
 * moment. `random` is injectable so tests can pin the jitter.
 */
export function backoffDelay(attempt: number, backoff: Backoff, random: () => number = Math.random): number {
  const step = Math.min(backoff.maxMs, backoff.baseMs * 2 ** Math.max(0, attempt - 1));
  return Math.round(step / 2 + random() * (step / 2));
}

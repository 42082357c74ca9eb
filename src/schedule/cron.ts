import cron from 'node-cron';
import { cronGapsMs } from '../config/checks.js';
import type { Logger } from '../shared/logger.js';

export interface Schedule {
  /** Stops new runs and resolves when the run in flight (if any) has finished. */
  stop(): Promise<void>;
  /** Runs the job now unless a run is already in flight. */
  runNow(): Promise<void>;
}

/**
 * Runs `job` on a cron expression; a run never overlaps the previous one (a tick during a run is skipped).
 */
export function startSchedule(
  expression: string,
  timezone: string,
  job: () => Promise<void>,
  log: Logger,
): Schedule {
  if (!cron.validate(expression)) throw new Error(`POLL_CRON "${expression}" is not a valid cron expression`);
  let inFlight: Promise<void> | null = null;
  const runNow = (): Promise<void> => {
    if (inFlight) {
      log.warn({}, 'Previous poll cycle still running; skipping this tick');
      return inFlight;
    }
    inFlight = job()
      .catch((err: unknown) =>
        log.error({ err: err instanceof Error ? err.message : String(err) }, 'Poll cycle failed'),
      )
      .finally(() => {
        inFlight = null;
      });
    return inFlight;
  };
  const task = cron.schedule(expression, () => void runNow(), { timezone, noOverlap: true });
  return {
    runNow,
    async stop() {
      await task.stop();
      if (inFlight) await inFlight;
    },
  };
}

/**
 * The longest gap between two runs of a cron expression over its next `runs` runs (for the health check's
 * "three intervals"); at least one minute.
 */
export function cronIntervalMs(expression: string, timezone: string, runs = 50): number {
  return Math.max(60_000, ...cronGapsMs(expression, timezone, runs));
}

import type { Clock } from '../../src/shared/clock.js';

/**
 * A virtual clock: `sleep` records the wait and moves time forward at once, so hours of back-off take no
 * time.
 */
export function createFakeClock(
  start = Date.parse('2026-09-03T12:00:00Z'),
): Clock & { waits: number[]; advance(ms: number): void } {
  let now = start;
  const waits: number[] = [];
  return {
    waits,
    now: () => now,
    sleep: async (ms) => {
      waits.push(ms);
      now += ms;
    },
    advance: (ms) => {
      now += ms;
    },
  };
}

export type FakeClock = ReturnType<typeof createFakeClock>;

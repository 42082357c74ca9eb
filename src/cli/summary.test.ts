import { describe, expect, it } from 'vitest';
import { notDueLine } from './summary.js';

const HOUR = 3600_000;

describe('notDueLine (a source npm run poll left out because it is not due)', () => {
  it('says how often the source is read, the setting, and when a poll reads it, in UK time', () => {
    // 13:09:20 UTC on 3 July 2026 is 14:09:20 in London (BST); due at 14:32:40, said as 14:33.
    const now = Date.UTC(2026, 6, 3, 13, 9, 20);
    const line = notDueLine({ source: 'pcs', everyMs: HOUR, dueAt: now + 23 * 60_000 + 20_000 }, now);
    expect(line).toBe(
      'pcs: not due yet (read at most every 60 minutes, sources.pcs.pollEveryMinutes); ' +
        'a poll from 14:33 UK time today (in 24 minutes) reads it',
    );
  });

  it('names the day when the time is not today, and hours when it is hours away', () => {
    const now = Date.UTC(2026, 0, 5, 22, 0, 0);
    const line = notDueLine({ source: 's2w', everyMs: 6 * HOUR, dueAt: now + 5 * HOUR }, now);
    expect(line).toBe(
      's2w: not due yet (read at most every 360 minutes, sources.s2w.pollEveryMinutes); ' +
        'a poll from 03:00 UK time on Tuesday 6 January (in about 5 hours) reads it',
    );
  });
});

import { describe, expect, it } from 'vitest';
import { describeDeadline, relativeDays } from './date-text.js';

describe('how far off a day is, in words', () => {
  it('days while they are few, then months, then years', () => {
    expect([0, 1, -1, 9, -3].map(relativeDays)).toEqual([
      'today',
      'tomorrow',
      'yesterday',
      'in 9 days',
      '3 days ago',
    ]);
    expect(relativeDays(90)).toBe('in 90 days');
    expect(relativeDays(91)).toBe('in about 3 months');
    expect(relativeDays(534)).toBe('in about 18 months');
    expect(relativeDays(-245)).toBe('about 8 months ago');
    // An award guide once said "2761 days ago".
    expect(relativeDays(-2761)).toBe('about 8 years ago');
    expect(relativeDays(730)).toBe('in about 2 years');
  });

  it('a deadline keeps its date beside the words', () => {
    const now = Date.parse('2026-12-01T09:00:00Z');
    expect(describeDeadline('2026-12-12T12:00:00Z', now)).toBe('Saturday 12 December (in 11 days)');
    expect(describeDeadline('2028-05-18T12:00:00+01:00', now)).toBe(
      'Thursday 18 May 2028 (in about 18 months)',
    );
  });
});

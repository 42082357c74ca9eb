import { describe, expect, it } from 'vitest';
import { buildNotice } from '../../test/support/builders.js';
import { realMatcher } from '../../test/support/matcher.js';
import { matchNotice } from './match.js';
import { Watchlist } from './rules.js';

// Issue 13: matching grew with the square of the text (every hit compared with every other). A hostile or
// broken feed can send megabytes of text full of matching phrases; matching must stay linear.

const SENTENCE =
  'Independent advocacy service and information and advice for carers, peer support workers, co-production ' +
  'with disabled people, legal advocacy, advice to the council and signposting to advocacy and peer support. ';
const UNPUNCTUATED = SENTENCE.replace(/[.,]/g, '');

const textOf = (unit: string, bytes: number) => unit.repeat(Math.ceil(bytes / unit.length)).slice(0, bytes);

/**
 * CPU time rather than wall time: this machine is shared, and a busy neighbour must not fail the test. The
 * bounds are guards against a quadratic walk (which takes minutes at 1 MB), not speed targets: speed is
 * measured by `npm run bench`. CPU time still grows when the other test files share the two cores (641 ms
 * against a bound of 600 once in CI, on Node 24).
 */
function timed(description: string, watchlists: Watchlist[] = []): { ms: number; areas: string[] } {
  const matcher = realMatcher(watchlists);
  const notice = buildNotice({ title: 'Advocacy', description });
  const start = process.cpuUsage();
  const result = matchNotice(notice, matcher);
  const used = process.cpuUsage(start);
  return { ms: (used.user + used.system) / 1000, areas: result.areas.map((a) => a.rule) };
}

describe('matching is linear in the length of the text', () => {
  it('matches 1 MB of text full of matching phrases in seconds, not minutes', () => {
    timed(textOf(SENTENCE, 50_000)); // warm-up
    for (const unit of [SENTENCE, UNPUNCTUATED]) {
      const { ms, areas } = timed(textOf(unit, 1_000_000));
      expect(areas).toContain('advocacy');
      expect(ms).toBeLessThan(3_000);
    }
  });

  it('takes about four times as long for four times the text (not sixteen)', () => {
    timed(textOf(SENTENCE, 100_000));
    const quarter = Math.min(...[0, 1, 2].map(() => timed(textOf(SENTENCE, 250_000)).ms));
    const whole = Math.min(...[0, 1, 2].map(() => timed(textOf(SENTENCE, 1_000_000)).ms));
    expect(whole / quarter).toBeLessThan(7);
  });

  it('keeps watchlist hits O(1) each: 1,000 watchlists on the same phrases over 1 MB', () => {
    const many = Array.from({ length: 1_000 }, (_, i) =>
      Watchlist.parse({
        id: `w${i}`,
        name: `W${i}`,
        phrases: ['advocacy', 'peer support'],
        exclusions: ['legal'],
      }),
    );
    const { ms } = timed(textOf(SENTENCE, 1_000_000), many);
    expect(ms).toBeLessThan(5_000);
  });

  it('reads 10 MB without crashing and gives the same verdict as a short text', () => {
    const short = timed(SENTENCE).areas;
    expect(timed(textOf(UNPUNCTUATED, 10_000_000)).areas).toEqual(timed(UNPUNCTUATED).areas);
    expect(timed(textOf(SENTENCE, 10_000_000)).areas).toEqual(short);
    // Two 10 MB matches: seconds of CPU, and more of the wall clock while the other test files share the
    // two cores (it timed out at 20 s once in CI). Speed is measured above in CPU time, not here.
  }, 90_000);
});

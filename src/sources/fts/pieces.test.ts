import { describe, expect, it } from 'vitest';
import { piecesFor } from './index.js';

const HOUR = 3_600_000;
const window = { from: 0, to: 6 * HOUR };
const dated = (n: number, everyMs: number) =>
  Array.from({ length: n }, (_, i) => ({ date: new Date(window.to - i * everyMs).toISOString() }));

describe('how many pieces a full Find a Tender window is split into', () => {
  it('sizes the pieces from the span the full page covers, about 70 releases each', () => {
    // 100 releases a minute apart cover 99 minutes of 360: about 364 in the window, 6 pieces.
    expect(piecesFor(window, dated(100, 60_000), 100, 60_000)).toBe(6);
  });

  it('halves the window when the page gives no dates inside it to go on', () => {
    expect(
      piecesFor(
        window,
        Array.from({ length: 100 }, () => ({})),
        100,
        60_000,
      ),
    ).toBe(2);
    const outside = Array.from({ length: 100 }, () => ({ date: '2019-01-01T00:00:00Z' }));
    expect(piecesFor(window, outside, 100, 60_000)).toBe(2);
    expect(
      piecesFor(
        window,
        Array.from({ length: 100 }, () => ({ date: 'soon' })),
        100,
        60_000,
      ),
    ).toBe(2);
  });

  it('never makes more than 64 pieces, nor pieces shorter than the smallest window', () => {
    // 100 releases within one second: a dense burst.
    expect(piecesFor(window, dated(100, 10), 100, 1_000)).toBe(64);
    expect(piecesFor(window, dated(100, 10), 100, HOUR)).toBe(6);
    const twoMinutes = Array.from({ length: 100 }, (_, i) => ({
      date: new Date(120_000 - i * 10).toISOString(),
    }));
    expect(piecesFor({ from: 0, to: 120_000 }, twoMinutes, 100, 60_000)).toBe(2);
    expect(piecesFor({ from: 0, to: 120_000 }, twoMinutes, 100, 1_000)).toBe(64);
  });
});

import { describe, expect, it } from 'vitest';
import { evaluate, falseAlertRate, pairingProblem, type Label, type Prediction } from './evaluate.js';

const label = (id: string, areas: string[]): Label => ({ id, areas, ambiguous: false, reserved: 'none' });
const predicted = (id: string, areas: string[]): Prediction => ({
  id,
  areas: new Map(areas.map((a) => [a, 'strong'])),
  reasons: new Map(),
});

describe('evaluation figures', () => {
  it('refuses files that do not pair instead of scoring 1.000 over no notices', () => {
    expect(pairingProblem([], new Set(['a']))).toEqual({ kind: 'no-labels' });
    expect(pairingProblem([label('a', [])], new Set())).toEqual({ kind: 'no-releases' });
    expect(pairingProblem([label('a', []), label('b', [])], new Set(['x']))).toEqual({
      kind: 'unpaired',
      paired: 0,
      labels: 2,
    });
    expect(pairingProblem([label('a', []), label('b', [])], new Set(['a', 'x']))).toBeNull();
  });

  it('says how many notices every figure counts, and the false alerts per 10,000 with an upper bound', () => {
    const labels = [label('a', ['advocacy']), label('b', []), label('c', []), label('d', ['(any)'])];
    const report = evaluate(
      labels,
      new Map([
        ['a', predicted('a', ['advocacy'])],
        ['b', predicted('b', ['advocacy'])],
      ]),
    );
    expect(report.anyArea).toMatchObject({ tp: 1, fp: 1, fn: 1, notices: 4 });
    expect(Object.keys(report.perArea)).toEqual(['advocacy']);
    const rate = falseAlertRate(report);
    expect(rate).toMatchObject({ falseAlerts: 1, notices: 4, per10k: 2500 });
    expect(rate.upper95Per10k).toBeGreaterThan(7000);
    const none = falseAlertRate(evaluate([label('x', [])], new Map([['x', predicted('x', [])]])));
    // No false alert in one notice rules out little: the bound is 95% (1 − 0.05^(1/1)).
    expect(none.upper95Per10k).toBeCloseTo(9500, 0);
  });
});

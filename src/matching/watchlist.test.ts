import { describe, expect, it } from 'vitest';
import { buildNotice } from '../../test/support/builders.js';
import { realMatcher } from '../../test/support/matcher.js';
import { matchNotice } from './match.js';
import { Watchlist } from './rules.js';

const watchlist = (fields: Record<string, unknown>) =>
  Watchlist.parse({ id: 'yorks', name: 'Yorkshire DPULO network', ...fields });

describe('coordinator watchlists', () => {
  it('match phrases and acronyms, title stronger than description', () => {
    const m = realMatcher([watchlist({ phrases: ['short breaks'], acronyms: ['SEND'] })]);
    expect(matchNotice(buildNotice({ title: 'Short Breaks for disabled children' }), m).watchlists).toEqual([
      { rule: 'watchlist:yorks', band: 'strong', score: 0.9, reasons: ["title: 'short breaks'"] },
    ]);
    expect(
      matchNotice(buildNotice({ title: 'Services', description: 'Support for SEND families.' }), m)
        .watchlists[0],
    ).toMatchObject({ band: 'possible' });
  });

  it('follow CPV prefixes, including ancestors given as 8 digits', () => {
    const m = realMatcher([watchlist({ cpvPrefixes: ['85300000'] })]);
    expect(matchNotice(buildNotice({ title: 'Anything', cpv: ['85312300'] }), m).watchlists[0]?.rule).toBe(
      'watchlist:yorks',
    );
    expect(matchNotice(buildNotice({ title: 'Anything', cpv: ['85100000'] }), m).watchlists).toEqual([]);
  });

  it('apply exclusions, buyers, regions, value range and stages', () => {
    const m = realMatcher([
      watchlist({
        phrases: ['advocacy'],
        exclusions: ['legal'],
        buyers: ['Leeds'],
        regions: ['Yorkshire and the Humber'],
        minValue: 50_000,
        maxValue: 500_000,
        stages: ['tender'],
      }),
    ]);
    const ok = buildNotice({
      title: 'Advocacy service',
      value: { amount: 100_000, amountGross: null, min: null, currency: 'GBP' },
    });
    expect(matchNotice(ok, m).watchlists).toHaveLength(1);
    const check = (overrides: Parameters<typeof buildNotice>[0]) =>
      matchNotice({ ...ok, ...overrides }, m).rejected.find((r) => r.rule === 'watchlist:yorks')?.reasons[0];
    expect(check({ title: 'Legal advocacy service' })).toBe("excluded by title: 'legal'");
    expect(check({ buyer: { ...ok.buyer, name: 'Kent County Council' } })).toBe('buyer is not followed');
    expect(check({ buyer: { ...ok.buyer, regionName: 'London' }, deliveryRegions: ['London'] })).toBe(
      'not in a followed region',
    );
    expect(check({ value: { amount: 20_000, amountGross: null, min: null, currency: 'GBP' } })).toBe(
      'value £20,000 is below £50,000',
    );
    expect(check({ value: { amount: 900_000, amountGross: null, min: null, currency: 'GBP' } })).toBe(
      'value £900,000 is above £500,000',
    );
    expect(check({ stage: 'award' })).toBe('stage award is not followed');
  });

  it('refuse bad input with one clear message each', () => {
    const problems = (fields: Record<string, unknown>) =>
      Watchlist.safeParse({ id: 'x', name: 'X', ...fields }).error?.issues.map((i) => i.message);
    expect(problems({ phrases: ['x'.repeat(5000)] })).toEqual(['a phrase can be at most 100 characters']);
    expect(problems({ phrases: ['advoca(cy|te)'] })).toEqual([
      'write phrases as plain words, not regular expressions',
    ]);
    expect(problems({ cpvPrefixes: ['85x'] })).toEqual([
      'a CPV code is 2 to 8 digits (the check digit is not needed)',
    ]);
    expect(problems({ phrases: ['advocacy'], minValue: 10, maxValue: 5 })).toEqual([
      'the maximum value must not be below the minimum',
    ]);
    expect(problems({})).toEqual(['a watchlist needs at least one phrase, acronym or CPV code']);
  });

  it('compile a thousand watchlists into one matcher that finds exactly the ones that apply', () => {
    const many = Array.from({ length: 1000 }, (_, i) =>
      watchlist({ id: `w${i}`, name: `W${i}`, phrases: [`topic${i} service`, `theme ${i}`] }),
    );
    const m = realMatcher(many);
    const result = matchNotice(
      buildNotice({ title: 'Topic417 service and independent advocacy', description: 'Covers theme 999.' }),
      m,
    );
    expect(result.watchlists.map((w) => w.rule)).toEqual(['watchlist:w417', 'watchlist:w999']);
    expect(result.areas.map((a) => a.rule)).toEqual(['advocacy']);
  });

  it('tell watchlists sharing a phrase apart: each its own quotes, exclusions and filters', () => {
    const many = Array.from({ length: 12 }, (_, i) =>
      watchlist({
        id: `w${i}`,
        name: `W${i}`,
        // w5 writes the shared phrase its own way, w8 also follows "respite", which w3 and w7 exclude.
        phrases: i === 5 ? ['Short Breaks'] : i === 8 ? ['respite', 'short breaks'] : ['short breaks'],
        exclusions: i === 3 || i === 7 ? ['respite'] : [],
        minValue: i === 10 ? 1_000_000 : null,
      }),
    );
    const result = matchNotice(
      buildNotice({
        title: 'Short breaks and respite for carers',
        value: { amount: 50_000, amountGross: null, min: null, currency: 'GBP' },
      }),
      realMatcher(many),
    );
    const reasons = Object.fromEntries(result.watchlists.map((w) => [w.rule, w.reasons]));
    expect(Object.keys(reasons)).toEqual([0, 1, 2, 4, 5, 6, 8, 9, 11].map((i) => `watchlist:w${i}`));
    expect(reasons['watchlist:w5']).toEqual(["title: 'Short Breaks'"]);
    expect(reasons['watchlist:w8']).toEqual(["title: 'short breaks'", "title: 'respite'"]);
    expect(result.rejected.filter((r) => r.rule.startsWith('watchlist:'))).toEqual([
      { rule: 'watchlist:w3', reasons: ["excluded by title: 'respite'"] },
      { rule: 'watchlist:w7', reasons: ["excluded by title: 'respite'"] },
      { rule: 'watchlist:w10', reasons: ['value £50,000 is below £1,000,000'] },
    ]);
  });
});

import { describe, expect, it } from 'vitest';
import { boundedText, TEXT_LIMITS, type TextCut } from './text-bounds.js';

describe('boundedText', () => {
  it('leaves a text within the bound as cleanText leaves it, and records nothing', () => {
    const cuts: TextCut[] = [];
    expect(boundedText('  Advocacy &amp; advice  ', 'description', 100, cuts)).toBe('Advocacy & advice');
    expect(cuts).toEqual([]);
  });

  it('cuts a longer text at the last space before the bound and records the length published', () => {
    const cuts: TextCut[] = [];
    const text = 'advocacy '.repeat(20);
    const cut = boundedText(text, 'lots.0.description', 50, cuts);
    expect(cut).toBe('advocacy advocacy advocacy advocacy advocacy');
    expect(cuts).toEqual([{ field: 'lots.0.description', length: 180 }]);
  });

  it('never ends inside a surrogate pair', () => {
    const cut = boundedText('x'.repeat(9) + '😀'.repeat(10), 'title', 10, []);
    expect(cut).toBe('x'.repeat(9));
  });

  it('reads 10 MB of text by cleaning only twice the bound, in a few milliseconds', () => {
    const huge = 'Independent advocacy &amp; peer support. '.repeat(260_000);
    const cuts: TextCut[] = [];
    const started = performance.now();
    const cut = boundedText(huge, 'description', TEXT_LIMITS.description, cuts);
    expect(performance.now() - started).toBeLessThan(200);
    expect(cut?.length).toBeLessThanOrEqual(TEXT_LIMITS.description);
    expect(cut?.length).toBeGreaterThan(TEXT_LIMITS.description - 200);
    expect(cuts).toEqual([{ field: 'description', length: huge.length }]);
  });
});

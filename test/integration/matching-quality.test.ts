import { profileOfRaw } from '../../src/sources/registry.js';
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { classifyRelease } from '../../src/matching/classify.js';
import { evaluate, Label, type Prediction } from '../../src/matching/evaluate.js';
import { readReleases } from '../../src/notices/ocds-input.js';
import { realMatch } from '../support/matcher.js';

const read = (name: string) => readFileSync(new URL(`../fixtures/labels/${name}`, import.meta.url), 'utf8');

describe('matching quality on the labelled dev set (floors from the issue; tuned for rules, not items)', () => {
  const labels = read('dev-labels.jsonl')
    .trim()
    .split('\n')
    .map((line) => Label.parse(JSON.parse(line)));
  const predictions = new Map<string, Prediction>();
  for (const input of readReleases(read('dev-releases.jsonl'))) {
    const line = classifyRelease(input, realMatch, profileOfRaw);
    if (!line.id || line.error) throw new Error(`could not classify: ${line.error}`);
    predictions.set(line.id, {
      id: line.id,
      areas: new Map((line.areas ?? []).map((a) => [a.area, a.band === 'strong' ? 'strong' : 'possible'])),
      reasons: new Map(),
    });
  }
  const report = evaluate(labels, predictions);

  it('classifies every labelled notice', () => {
    expect(report.missingPredictions).toEqual([]);
    expect(report.counted).toBe(50);
  });

  it('keeps any-area precision and recall at or above 0.95', () => {
    expect(report.anyArea.precision).toBeGreaterThanOrEqual(0.95);
    expect(report.anyArea.recall).toBeGreaterThanOrEqual(0.95);
  });

  it('keeps every area F1 at or above 0.90', () => {
    for (const [area, figures] of Object.entries(report.perArea))
      expect({ area, f1: figures.f1 >= 0.9 }).toEqual({ area, f1: true });
  });
});

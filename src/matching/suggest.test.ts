import { describe, expect, it } from 'vitest';
import { buildNotice } from '../../test/support/builders.js';
import { labelAreas } from './corrections.js';
import { suggestFromCorrections } from './suggest.js';

const n = (ocid: string, title: string, description: string | null = null) =>
  buildNotice({ ocid, title, description });

describe('suggestions from corrections', () => {
  const kept = [n('k1', 'Independent Advocacy Service'), n('k2', 'Advocacy for parents in child protection')];
  const notRelevant = [
    n('r1', 'Advocacy in housing possession proceedings'),
    n('r2', 'Tenant advocacy in possession proceedings'),
  ];

  it('proposes as exclusions only words common to the notices marked not relevant and absent from the kept ones', () => {
    const out = suggestFromCorrections({ notRelevant, missed: [], kept, watchlists: [] });
    expect(out[0]).toEqual({
      kind: 'exclusion',
      phrase: 'possession proceedings',
      notices: [
        { source: 'fts', ocid: 'r1', title: 'Advocacy in housing possession proceedings' },
        { source: 'fts', ocid: 'r2', title: 'Tenant advocacy in possession proceedings' },
      ],
    });
    expect(out.map((s) => s.phrase)).not.toContain('advocacy');
    expect(out.every((s) => s.kind === 'exclusion')).toBe(true);
  });

  it('proposes phrases from a reported miss, never words of the notices marked not relevant or ones already followed', () => {
    const missed = [
      n('m1', 'Sensory Loss Rehabilitation Service', 'Rehabilitation for people with sight loss.'),
    ];
    const out = suggestFromCorrections({
      notRelevant,
      missed,
      kept,
      watchlists: [{ phrases: ['sight loss'], exclusions: ['possession proceedings'] }],
    });
    const phrases = out.filter((s) => s.kind === 'phrase').map((s) => s.phrase);
    expect(phrases[0]).toBe('sensory loss rehabilitation');
    expect(phrases).not.toContain('sight loss');
    expect(out.map((s) => s.phrase)).not.toContain('possession proceedings');
  });

  it('needs words in a title when only one notice was marked not relevant', () => {
    const out = suggestFromCorrections({
      notRelevant: [n('r1', 'Parking appeals advocacy', 'Handled under the traffic management act.')],
      missed: [],
      kept,
      watchlists: [],
    });
    expect(out.map((s) => s.phrase)).toEqual(['parking appeals advocacy']);
  });

  it('labels a notice by its corrections: the areas reported missed, else none', () => {
    expect(labelAreas([{ kind: 'not-relevant', area: null }])).toEqual([]);
    expect(
      labelAreas([
        { kind: 'missed', area: 'advocacy' },
        { kind: 'not-relevant', area: null },
      ]),
    ).toEqual(['advocacy']);
    expect(labelAreas([{ kind: 'missed', area: null }])).toEqual(['(any)']);
  });
});

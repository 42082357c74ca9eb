import { PROFILES } from '../../src/sources/registry.js';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { parsePackage, toSourcePage } from '../../src/sources/ocds-page.js';
import { fixtureJson, fixtureRelease } from '../support/fixtures.js';

// Random JSON-ish values, and real releases with random fields removed, added or given the wrong type.
const anyValue = fc.oneof(
  fc.constant(null),
  fc.boolean(),
  fc.integer(),
  fc.double(),
  fc.string(),
  fc.array(fc.anything(), { maxLength: 3 }),
  fc.dictionary(fc.string(), fc.anything(), { maxKeys: 3 }),
);
const templates = [
  fixtureRelease('fts/fts-member-083563-2026-UK4-tender-5lots.json'),
  ...fixtureJson('fts/fts-page-2026-09-03-p001.json').releases,
  fixtureJson('cf/cf-release-tender-minvalue-ocds-b5fd17-f3393cc3.json'),
];

function mutate(value: unknown, path: string[], replacement: unknown): unknown {
  if (path.length === 0) return replacement;
  const [head, ...rest] = path;
  if (Array.isArray(value))
    return value.map((v, i) => (String(i) === head ? mutate(v, rest, replacement) : v));
  if (typeof value === 'object' && value !== null && head !== undefined)
    return { ...value, [head]: mutate((value as Record<string, unknown>)[head], rest, replacement) };
  return value;
}

const FIELDS = [
  ['id'],
  ['ocid'],
  ['tag'],
  ['date'],
  ['tender'],
  ['tender', 'title'],
  ['tender', 'description'],
  ['tender', 'lots'],
  ['tender', 'lots', '0'],
  ['tender', 'lots', '0', 'value'],
  ['tender', 'items'],
  ['tender', 'items', '0', 'deliveryAddresses'],
  ['tender', 'items', '0', 'additionalClassifications'],
  ['tender', 'value'],
  ['tender', 'value', 'amount'],
  ['tender', 'tenderPeriod'],
  ['tender', 'tenderPeriod', 'endDate'],
  ['tender', 'documents'],
  ['tender', 'legalBasis'],
  ['tender', 'otherRequirements'],
  ['parties'],
  ['parties', '0', 'address'],
  ['buyer'],
  ['awards'],
  ['awards', '0', 'suppliers'],
];

const mutatedRelease = fc
  .tuple(
    fc.constantFrom(...templates),
    fc.array(fc.tuple(fc.constantFrom(...FIELDS), anyValue), { minLength: 1, maxLength: 4 }),
  )
  .map(([template, changes]) =>
    changes.reduce<unknown>((release, [path, value]) => mutate(release, path, value), template),
  );

describe('fuzzing feed payloads', () => {
  it('every release either normalises or is skipped with a reason; nothing throws out of the page', () => {
    fc.assert(
      fc.property(fc.array(fc.oneof(mutatedRelease, anyValue), { maxLength: 8 }), (releases) => {
        const page = toSourcePage({ releases }, PROFILES.fts, new Set());
        expect(page.notices.length + page.skipped.length).toBeLessThanOrEqual(releases.length);
        for (const skipped of page.skipped) expect(skipped.reason.length).toBeGreaterThan(0);
        for (const notice of page.notices) {
          expect(typeof notice.title).toBe('string');
          expect(notice.cpv.every((c) => /^\d{8}$/.test(c))).toBe(true);
          if (notice.value?.amount !== null && notice.value?.amount !== undefined)
            expect(Number.isFinite(notice.value.amount)).toBe(true);
        }
      }),
      { numRuns: 400 },
    );
  });

  it('reads every release of a well-formed package, and refuses a truncated one rather than half-reading it', () => {
    fc.assert(
      fc.property(
        fc.array(fc.oneof(mutatedRelease, anyValue), { maxLength: 6 }),
        fc.integer({ min: 1, max: 10_000 }),
        (releases, cut) => {
          const text = JSON.stringify({ releases }, null, 4);
          expect(parsePackage(text).releases).toHaveLength(releases.length);
          const truncated = text.slice(0, Math.max(1, Math.min(text.length - 1, cut)));
          expect(() => parsePackage(truncated)).toThrow();
        },
      ),
      { numRuns: 300 },
    );
  });
});

import { describe, expect, it } from 'vitest';
import { fixtureJson, fixtureText } from '../../test/support/fixtures.js';
import { PROFILES } from '../sources/registry.js';
import { toNotice } from './normalise.js';
import { latestValues, readReleases, releasesIn } from './ocds-input.js';

const notice = (raw: unknown) => {
  const result = toNotice(raw, PROFILES.fts);
  if (!result.ok) throw new Error(result.reason);
  return result.notice;
};

describe('every OCDS input format', () => {
  it('reads a release package, a single release and JSON Lines', () => {
    expect(releasesIn(fixtureJson('fts/fts-page-2026-09-03-p002.json'))).toHaveLength(3);
    expect(
      readReleases(
        fixtureText('cf/cf-award-zero-value-ocds-b5fd17-afdd98b7-3f47-4299-9674-29edc2388b46.json'),
      ),
    ).toHaveLength(1);
    const lines = fixtureJson('fts/fts-page-2026-09-03-p002.json')
      .releases.map((r: unknown) => JSON.stringify(r))
      .join('\n');
    expect(readReleases(`${lines}\nnot json\n`).map((r) => ('raw' in r ? 'release' : r.error))).toEqual([
      'release',
      'release',
      'release',
      expect.stringContaining('line 4 is not JSON'),
    ]);
  });

  it('reads a record package (OCDS 1.0, Paraguay) through its compiled release, stage from its content', () => {
    const pkg = fixtureJson('records/py-dncp-recordpackage-compiled-ocds-03ad3f-193399.json');
    const [input] = releasesIn(pkg);
    if (!input || !('raw' in input)) throw new Error('no release');
    const read = notice(input.raw);
    const compiled = pkg.records[0].compiledRelease;
    expect(compiled.tag).toEqual(['compiled']);
    expect(read).toMatchObject({ stage: 'award', title: compiled.tender.title });
    expect(read.buyer.name).toBe(compiled.buyer.name);
    expect(read.buyer.contact?.email).toBe(compiled.buyer.contactPoint.email);
    expect(read.awards[0]?.suppliers).toEqual([{ name: 'MASTER SOFT SRL', id: '80007525-0' }]);
    expect(read.value).toMatchObject({ amount: compiled.awards[0].value.amount, currency: 'PYG' });
  });

  it('reads a versioned release as its latest values, the same notice as the compiled release', () => {
    const pkg = fixtureJson('records/mx-cdmx-recordpackage-versioned-OCDS-87SD3T-AD-SF-DRM-063-2015.json');
    for (const record of pkg.records) {
      const fromVersioned = notice(latestValues(record.versionedRelease));
      const fromCompiled = notice(record.compiledRelease);
      expect(fromVersioned.title).toBe(fromCompiled.title);
      expect(fromVersioned.awards.map((a) => a.value)).toEqual(fromCompiled.awards.map((a) => a.value));
      // Without a compiled release, the record is read through its versioned release.
      const [input] = releasesIn({
        records: [{ ocid: record.ocid, versionedRelease: record.versionedRelease }],
      });
      expect(input && 'raw' in input && notice(input.raw).title).toBe(fromCompiled.title);
    }
  });

  it('gives one clear message for each item it cannot read', () => {
    const linkedOnly = {
      records: [{ ocid: 'x', releases: [{ url: 'https://example.org/r.json', date: '2020' }] }],
    };
    expect(releasesIn(linkedOnly)).toEqual([
      { line: 1, error: 'item 1: the record lists only linked releases (URLs) and has no compiled release' },
    ]);
    expect(releasesIn('text')).toEqual([
      { line: 1, error: 'not an OCDS document: expected an object or a list' },
    ]);
    expect(releasesIn({ uri: 'https://api.sell2wales.gov.wales/v1/Notices' })).toEqual([]);
  });
});

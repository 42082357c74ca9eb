import { describe, expect, it } from 'vitest';
import { fixtureText } from '../../test/support/fixtures.js';
import { releaseFingerprints } from './fingerprint.js';

const PAGE = 'fts/fts-page-2026-09-03-p001.json';

function fingerprintsOf(text: string) {
  const releases = (JSON.parse(text) as { releases: { id: string }[] }).releases;
  return { releases, fingerprints: releaseFingerprints(Buffer.from(text), releases) };
}

describe('fingerprints of the releases in a page as served', () => {
  it('gives each release of a real Find a Tender page its own fingerprint', () => {
    const { releases, fingerprints } = fingerprintsOf(fixtureText(PAGE));
    expect(releases.length).toBe(5);
    expect([...(fingerprints?.keys() ?? [])]).toEqual(releases.map((r) => r.id));
    expect(new Set(fingerprints?.values()).size).toBe(5);
  });

  it('changes the fingerprint of the one release whose bytes change, and only that one', () => {
    const text = fixtureText(PAGE);
    const before = fingerprintsOf(text).fingerprints;
    const title = 'ServiceNow Development & Managed Service';
    expect(text).toContain(title);
    const after = fingerprintsOf(text.replace(title, `${title}s`)).fingerprints;
    const changed = [...(before?.keys() ?? [])].filter((id) => before?.get(id) !== after?.get(id));
    expect(changed).toEqual(['083664-2026']);
  });

  it('reads any consistent indentation, and a page of no releases', () => {
    const releases = [
      { id: 'a', ocid: 'o', tender: { id: 'a', items: [{ id: 'b' }] } },
      { id: 'b', ocid: 'o', tender: { title: 'B' } },
    ];
    const twoSpaces = JSON.stringify({ version: '1.1', releases }, null, 2);
    expect([...(releaseFingerprints(Buffer.from(twoSpaces), releases)?.keys() ?? [])]).toEqual(['a', 'b']);
    const tabs = JSON.stringify({ version: '1.1', releases }, null, '\t');
    expect(releaseFingerprints(Buffer.from(tabs), releases)).toBeNull();
    const none = JSON.stringify({ version: '1.1', releases: [] }, null, 4);
    expect(releaseFingerprints(Buffer.from(none), [])).toEqual(new Map());
  });

  it('gives none when the layout does not say where each release is', () => {
    const releases = [
      { id: 'a', ocid: 'o' },
      { id: 'b', ocid: 'o' },
    ];
    const pretty = JSON.stringify({ releases }, null, 4);
    // Compact, as Contracts Finder serves it.
    expect(releaseFingerprints(Buffer.from(JSON.stringify({ releases })), releases)).toBeNull();
    // The slices do not name the parsed releases in order (a repaired or reordered body).
    expect(releaseFingerprints(Buffer.from(pretty), [releases[1], releases[0]])).toBeNull();
    // More or fewer slices than releases.
    expect(releaseFingerprints(Buffer.from(pretty), releases.slice(0, 1))).toBeNull();
    expect(releaseFingerprints(Buffer.from(pretty), [...releases, { id: 'c' }])).toBeNull();
    // An id that only starts the same way ("1" is not "12").
    const numbered = [{ id: 12 }, { id: 3 }];
    const numberedText = JSON.stringify({ releases: numbered }, null, 4);
    expect(releaseFingerprints(Buffer.from(numberedText), [{ id: 1 }, { id: 3 }])).toBeNull();
    expect([...(releaseFingerprints(Buffer.from(numberedText), numbered)?.keys() ?? [])]).toEqual([
      '12',
      '3',
    ]);
  });

  it('keeps the first of a release repeated in one page, the one that is normalised', () => {
    const releases = [
      { id: 'a', n: 1 },
      { id: 'a', n: 2 },
    ];
    const fingerprints = releaseFingerprints(Buffer.from(JSON.stringify({ releases }, null, 4)), releases);
    const first = releaseFingerprints(Buffer.from(JSON.stringify({ releases: [releases[0]] }, null, 4)), [
      releases[0],
    ]);
    expect(fingerprints?.get('a')).toBe(first?.get('a'));
  });
});

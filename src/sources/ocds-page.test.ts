import { describe, expect, it } from 'vitest';
import { fixtureText } from '../../test/support/fixtures.js';
import { decodeBytes } from '../notices/text.js';
import { releaseFingerprints, sliceReleases } from './fingerprint.js';
import { parseHeldPage, parsePackage, toSourcePage } from './ocds-page.js';
import { PROFILES } from './registry.js';

// A page the store already holds some of is parsed without them (ocds-page.ts parseHeldPage): the same page
// comes out, the held releases counted as known, and any doubt falls back to parsing the body whole.

const PAGE = 'fts/fts-page-2026-09-03-p001.json';
const IDS = (JSON.parse(fixtureText(PAGE)) as { releases: { id: string }[] }).releases.map((r) => r.id);

/** The store as toSourcePage asks it: the releases held with exactly these bytes. */
function holding(text: string, ids: string[]) {
  const body = Buffer.from(text);
  const releases = (JSON.parse(text) as { releases: unknown[] }).releases;
  const fingerprints = releaseFingerprints(body, releases) ?? new Map<string, string>();
  const held = new Map(ids.map((id) => [id, fingerprints.get(id)]));
  const asked: Map<string, string>[] = [];
  const stored = (page: Map<string, string>) => {
    asked.push(page);
    return new Set([...page].filter(([id, fp]) => held.get(id) === fp).map(([id]) => id));
  };
  return { body, stored, asked };
}

/** As the fetcher reads a page for a poll: from the bytes when the store holds some, else the text whole. */
const read = (text: string, body: Buffer, stored: (f: Map<string, string>) => Set<string>) =>
  parseHeldPage(body, stored) ?? parsePackage(text, {}, body);

const pageOf = (pkg: ReturnType<typeof parsePackage>, stored: (f: Map<string, string>) => Set<string>) =>
  toSourcePage(pkg, PROFILES.fts, new Set(), {
    signal: new AbortController().signal,
    deadlineAt: Infinity,
    storedReleases: stored,
  });

describe('a page read without the releases the store holds already', () => {
  it('slices a real Find a Tender page into its releases, each with its id and fingerprint', () => {
    const text = fixtureText(PAGE);
    const slices = sliceReleases(Buffer.from(text));
    expect(slices?.map((s) => s.id)).toEqual(IDS);
    const whole = releaseFingerprints(
      Buffer.from(text),
      (JSON.parse(text) as { releases: unknown[] }).releases,
    );
    expect(slices?.map((s) => s.fingerprint)).toEqual(IDS.map((id) => whole?.get(id)));
  });

  it('gives the same page as a whole parse, the held ones counted as known and never normalised', () => {
    const text = fixtureText(PAGE);
    const { body, stored } = holding(text, [IDS[0] ?? '', IDS[3] ?? '']);
    const lazy = read(text, body, stored);
    expect([...(lazy.knownIds ?? [])]).toEqual([IDS[0], IDS[3]]);
    // Each held release stands as its id alone: its bytes were not parsed.
    expect(lazy.releases[0]).toEqual({ id: IDS[0] });
    const whole = parsePackage(text, {}, body);
    expect(whole.knownIds).toBeUndefined();
    const fromLazy = pageOf(lazy, stored);
    expect(fromLazy).toEqual(pageOf(whole, stored));
    expect(fromLazy.known).toBe(2);
    expect(IDS.length).toBe(5);
    expect(fromLazy.notices.map((n) => n.releaseId)).toEqual([IDS[1], IDS[2], IDS[4]]);
  });

  it('reads a page with nothing held or a held release changed from its slices, and one not UTF-8 whole', () => {
    const text = fixtureText(PAGE);
    const none = holding(text, []);
    const unheld = read(text, none.body, none.stored);
    // Parsed whole from its bytes, the store asked once: toSourcePage keeps its answer (none held).
    expect(unheld.knownIds).toEqual(new Set());
    expect(unheld).toMatchObject(parsePackage(text, {}, none.body));
    expect(pageOf(unheld, none.stored).notices.map((n) => n.releaseId)).toEqual(IDS);
    expect(none.asked).toHaveLength(1);
    const title = 'ServiceNow Development & Managed Service';
    const changed = text.replace(title, `${title}s`);
    // The title is 083664-2026's (fingerprint.test.ts): held before, its bytes changed now.
    const before = holding(text, ['083664-2026']);
    const after = read(changed, Buffer.from(changed), before.stored);
    expect(after.knownIds).toEqual(new Set());
    const titles = pageOf(after, before.stored).notices.map((n) => n.title);
    expect(titles.filter((t) => t.includes(`${title}s`))).toHaveLength(1);
    // One byte that is not UTF-8 (windows-1252's é, as Contracts Finder has served) in a release not held.
    const marked = Buffer.from(text.replace(title, `${title}XX`));
    marked[marked.indexOf('XX')] = 0xe9;
    marked[marked.indexOf('X')] = 0x20;
    const held = holding(
      text,
      IDS.filter((id) => id !== '083664-2026'),
    );
    const notUtf8 = read(decodeBytes(marked), marked, held.stored);
    expect(notUtf8.knownIds).toBeUndefined();
    expect(notUtf8.releases).toHaveLength(5);
  });

  it('parses whole when the layout fools the slicing, in two ways', () => {
    const text = fixtureText(PAGE);
    const whole = (JSON.parse(text) as { releases: unknown[] }).releases;
    const { stored } = holding(text, [IDS[3] ?? '']);
    const readBack = (changed: string) => {
      // Still the same JSON: only lines' indents differ.
      expect(JSON.parse(changed)).toEqual(JSON.parse(text));
      return read(changed, Buffer.from(changed), stored);
    };
    // The first release's buyer closes on a line at the release's own indent: the slicing ends the release
    // there and finds no release where the next must start.
    const buyerClose = '\n            },\n            "tender": {';
    expect(text.indexOf(buyerClose)).toBeGreaterThan(0);
    const cut = readBack(text.replace(buyerClose, buyerClose.replace('            }', '        }')));
    expect(cut.knownIds).toBeUndefined();
    expect(cut.releases).toEqual(whole);
    // Two parties of one release at the releases' indent: the slicing sees one release more, the envelope
    // holds one value per slice, and it is the first slice's own parse that fails.
    const parties = '\n                },\n                {\n';
    expect(text.indexOf(parties)).toBeGreaterThan(0);
    const split = readBack(text.replace(parties, '\n        },\n        {\n'));
    expect(split.knownIds).toBeUndefined();
    expect(split.releases).toEqual(whole);
  });

  it('leaves to the whole parse a page it would read differently: repairs, a second or nested releases', () => {
    // Pretty-printed as Find a Tender's pages are; none of these is held, so only the reading differs.
    const page = (releases: string[], extra = '') =>
      `{\n    "uri": "x",${extra}\n    "releases": [\n${releases.join(',\n')}\n    ]\n}`;
    const release = (id: string, field: string) =>
      `        {\n            "id": "${id}",\n            ${field}\n        }`;
    const nothingHeld = () => new Set<string>();
    // A repair reaches the whole text (json-repair.ts): a fault or an `e9999` anywhere changes how every
    // release reads, here B's leading zeros and its 1e400 (Infinity unrepaired).
    const repaired = [
      page([release('A', '"title": "Framework NHSE9999"'), release('B', '"description": "Lots: 01, 02"')]),
      page([release('A', '"v": 1e9999'), release('B', '"v": 1e400')]),
      page([release('A', '"v": 000'), release('B', '"v": 1e400')]),
      page([release('B', '"v": 1e400')], '\n    "n": 1e9999,'),
    ];
    for (const text of repaired) {
      expect(parseHeldPage(Buffer.from(text), nothingHeld)).toBeNull();
      // And a repaired page gives no fingerprints, so no release of it is ever held by its bytes.
      expect(parsePackage(text, {}, Buffer.from(text)).fingerprints).toBeUndefined();
    }
    expect(parsePackage(repaired[0] ?? '', {}).releases[1]).toEqual({ id: 'B', description: 'Lots: 1, 02' });
    // JSON.parse keeps the last of two equal keys, and a nested `releases` is not the package's.
    const twice =
      '{\n    "releases": [\n        {\n            "id": "A"\n        }\n    ],\n    "releases": [0]\n}';
    const nested =
      '{\n    "x": {\n        "releases": [\n            {\n                "id": "A"\n            }\n' +
      '        ]\n    },\n    "releases": [0]\n}';
    for (const text of [twice, nested]) expect(parseHeldPage(Buffer.from(text), nothingHeld)).toBeNull();
    // A page without any of these is read from its slices, as the same page.
    const clean = page([release('A', '"v": 1'), release('B', '"description": "Lots: 01, 02"')]);
    expect(parseHeldPage(Buffer.from(clean), nothingHeld)?.releases).toEqual(
      parsePackage(clean, {}).releases,
    );
  });

  it('still refuses a broken body with the whole parse message', () => {
    const text = fixtureText(PAGE);
    const { stored } = holding(text, IDS);
    const cut = text.slice(0, text.length - 40);
    expect(() => read(cut, Buffer.from(cut), stored)).toThrow(SyntaxError);
    const noArray = text.replace('"releases": [', '"releases": {');
    expect(() => read(noArray, Buffer.from(noArray), stored)).toThrow();
  });
});

import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { forEachWord, stem } from './tokens.js';

// forEachWord reads words by char codes; this is the regular expression it replaced, which defines a word.
const WORD = /[A-Za-z0-9\u00C0-\u024F]+(?:['’][A-Za-z]+)?|&/g;

const byRegex = (text: string) => [...text.matchAll(WORD)].map((m) => [m[0], m.index, m.index + m[0].length]);
function byScanner(text: string) {
  const out: [string, number, number][] = [];
  forEachWord(text, (_norm, raw, start, end) => out.push([raw, start, end]));
  return out;
}

/** Every string in the project's recorded notices (test/fixtures), titles and descriptions among them. */
function fixtureStrings(dir: string, out: string[] = []): string[] {
  for (const name of readdirSync(dir)) {
    const path = join(dir, name);
    if (statSync(path).isDirectory()) fixtureStrings(path, out);
    else if (name.endsWith('.json')) {
      const walk = (v: unknown): void => {
        if (typeof v === 'string') out.push(v);
        else if (Array.isArray(v)) v.forEach(walk);
        else if (v && typeof v === 'object') Object.values(v).forEach(walk);
      };
      walk(JSON.parse(readFileSync(path, 'utf8')));
    }
  }
  return out;
}

describe('forEachWord', () => {
  it.each([
    "O'Brien's carers' don't2 co-production",
    'Advocacy & support; £1,000–£5,000 (×2 ÷ 3) café Ĳssel naïve',
    '’s ’ a’b 12’ab &&& x&y  ',
    'SEND/IMCA\u00A0IDVA—peer-led\nLot 1 - Advocacy',
    '',
    'ends with a word',
  ])('finds the words the regular expression finds: %j', (text) => {
    expect(byScanner(text)).toEqual(byRegex(text));
  });

  it('finds the same words as the regular expression in every recorded notice', () => {
    const texts = fixtureStrings(new URL('../../test/fixtures', import.meta.url).pathname);
    expect(texts.length).toBeGreaterThan(1_000);
    const differing = texts.filter((t) => JSON.stringify(byScanner(t)) !== JSON.stringify(byRegex(t)));
    expect(differing.slice(0, 3)).toEqual([]);
  });

  it('gives each word its own text and stem when more words pass than its table holds', () => {
    // 100,000 different words (the table holds 32,768), then the first ones again, evicted or not.
    const words = Array.from({ length: 100_000 }, (_, i) => `Carers${i.toString(36)}s`);
    const text = [...words, ...words.slice(0, 1_000)].join(' ');
    const seen: [string, string][] = [];
    forEachWord(text, (norm, raw) => seen.push([raw, norm]));
    const all = [...words, ...words.slice(0, 1_000)];
    expect(seen).toEqual(all.map((w) => [w, stem(w)]));
    expect(seen[0]).toEqual(['Carers0s', 'carers0']);
  });

  it('tells apart words whose hashes are equal, or whose slots are, more than its probes reach', () => {
    // FNV-1a (tokens.ts wordSlot) gives w4pvu and wb3ea one hash; the 12 words after them share a first slot
    // of the 32,768, more than the 8 probes, so later ones evict earlier ones. Each is read twice.
    const sameHash = ['w4pvu', 'wb3ea', 'W4pvus', 'Wb3eas'];
    const sameSlot =
      'aaac4 aaaaa2cp aaaaaf5j aajxj aaaaaaang2 aaaat3k aaaayp7 aaaaaaa12qc aa13uu aaaaaa167j a19h1 aaaa1j38';
    const text = `${sameHash.join(' ')}. ${sameSlot}; ${sameHash.join(' ')} ${sameSlot}`;
    const seen: [string, string, number, number][] = [];
    forEachWord(text, (norm, raw, start, end) => seen.push([raw, norm, start, end]));
    expect(seen).toEqual(byRegex(text).map(([raw, start, end]) => [raw, stem(String(raw)), start, end]));
  });
});

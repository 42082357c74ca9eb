import { readdirSync } from 'node:fs';
import { createHash } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { fixtureJson } from '../../test/support/fixtures.js';
import { PROFILES } from '../sources/registry.js';
import { contentHash } from './changes.js';
import { NORMALISER_VERSION, toNotice } from './normalise.js';
import { releasesIn } from './ocds-input.js';

/**
 * The Notices the normaliser makes of every recorded fixture, as one digest, recorded with the normaliser's
 * version. A change to normalisation changes the digest: bump NORMALISER_VERSION in normalise.ts and record
 * both here, so that stored releases are normalised again when next read (sources/fingerprint.ts).
 */
const RECORDED = {
  version: '2026-12-03.1',
  digest: 'f461977432bf3b0944c62b63db2fff03ea6513085db161477c5e373775e040f7',
};

const FOLDERS: Record<string, keyof typeof PROFILES> = {
  fts: 'fts',
  cf: 'cf',
  pcs: 'pcs',
  s2w: 's2w',
  records: 'cf',
};

function fixtureDigest(): string {
  const hash = createHash('sha256');
  for (const [folder, source] of Object.entries(FOLDERS)) {
    const url = new URL(`../../test/fixtures/${folder}/`, import.meta.url);
    for (const file of readdirSync(url)
      .filter((f) => f.endsWith('.json'))
      .sort()) {
      for (const input of releasesIn(fixtureJson(`${folder}/${file}`))) {
        const result = 'raw' in input ? toNotice(input.raw, PROFILES[source]) : null;
        hash.update(`${folder}/${file}:${result?.ok ? contentHash(result.notice) : 'skipped'}\n`);
      }
    }
  }
  return hash.digest('hex');
}

describe('the normaliser version', () => {
  it('is bumped whenever the Notices of the recorded fixtures change', () => {
    const digest = fixtureDigest();
    const message =
      `The normaliser now makes different Notices of the recorded fixtures (digest ${digest}). Bump ` +
      'NORMALISER_VERSION in src/notices/normalise.ts and record the version and digest in this test.';
    expect({ version: NORMALISER_VERSION, digest }, message).toEqual(RECORDED);
  });
});

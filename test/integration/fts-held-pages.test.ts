import nock from 'nock';
import { describe, expect, it, vi } from 'vitest';
import { releaseFingerprints } from '../../src/sources/fingerprint.js';
import type { OcdsPackage } from '../../src/sources/ocds-page.js';
import { createFakeClock } from '../support/clock.js';
import { fixtureJson, fixtureText } from '../support/fixtures.js';
import { createCapturingLogger } from '../support/log.js';
import { buildFts, collect, FTS, FTS_PATH } from '../support/sources.js';

// The fetcher reads a Find a Tender page from its bytes first (sources/http.ts fromBytes, the held-page
// reader of ocds-page.ts), for the first page of a window and for every links.next page. Each reader the
// source asks for is wrapped here, so the test sees what it was given and what it answered.
const readings = vi.hoisted(() => [] as { bytes: number; answer: unknown }[]);
vi.mock('../../src/sources/ocds-page.js', async (importOriginal) => {
  const real = await importOriginal<typeof import('../../src/sources/ocds-page.js')>();
  return {
    ...real,
    heldPageReader: (...args: Parameters<typeof real.heldPageReader>) => {
      const reader = real.heldPageReader(...args);
      return (
        reader &&
        ((bytes: Buffer) => {
          const answer = reader(bytes);
          readings.push({ bytes: bytes.length, answer });
          return answer;
        })
      );
    },
  };
});

const window = { from: new Date('2026-09-02T23:00:00Z'), to: new Date('2026-09-03T05:00:00Z') };
const ukParams = { updatedFrom: '2026-09-03T00:00:00', updatedTo: '2026-09-03T06:00:00', limit: '100' };
const P1 = 'fts/fts-page-2026-09-03-p001.json';
const P2 = 'fts/fts-page-2026-09-03-p002.json';

describe('Find a Tender pages read from their bytes', () => {
  it('reads the first page and the next one through the held-page reader, the held releases never parsed', async () => {
    const p1 = fixtureJson(P1);
    const ids = p1.releases.map((r: { id: string }) => r.id);
    const next = new URL(p1.links.next);
    nock(FTS).get(FTS_PATH).query(ukParams).reply(200, fixtureText(P1));
    nock(FTS).get(next.pathname).query(Object.fromEntries(next.searchParams)).reply(200, fixtureText(P2));
    // The store holds the first page's first two releases with the bytes served.
    const served = releaseFingerprints(Buffer.from(fixtureText(P1)), p1.releases) ?? new Map();
    const held = new Map([ids[0], ids[1]].map((id) => [id, served.get(id)]));
    const run = {
      signal: new AbortController().signal,
      deadlineAt: Infinity,
      storedReleases: (fingerprints: Map<string, string>) =>
        new Set([...fingerprints].filter(([id, fp]) => held.get(id) === fp).map(([id]) => id)),
    };
    const fts = buildFts(createFakeClock(), createCapturingLogger());
    const pages = await collect(fts.fetchWindow(window, run));
    expect(readings.map((r) => r.bytes)).toEqual([
      Buffer.byteLength(fixtureText(P1)),
      Buffer.byteLength(fixtureText(P2)),
    ]);
    const first = readings[0]?.answer as OcdsPackage;
    expect([...(first.knownIds ?? [])]).toEqual([ids[0], ids[1]]);
    expect(first.releases[0]).toEqual({ id: ids[0] });
    expect((readings[1]?.answer as OcdsPackage).knownIds).toEqual(new Set());
    expect(pages.map((p) => p.known ?? 0)).toEqual([2, 0]);
    expect(pages[0]?.notices.map((n) => n.releaseId)).toEqual(ids.slice(2));
    expect(pages[1]?.notices).toHaveLength(3);
  });
});

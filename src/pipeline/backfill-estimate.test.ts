import { describe, expect, it } from 'vitest';
import { parseBackfillArgs } from '../cli/backfill-args.js';
import { loadConfig } from '../config.js';
import { cfRequests, estimateBackfill, ftsRequests } from './backfill-estimate.js';

const config = loadConfig({}).sources;
const day = (iso: string) => Date.parse(iso);

describe('how many requests a backfill makes, as the sources make them', () => {
  it('Find a Tender: one page, and a full page splits the window in half, down to a minute', () => {
    expect(ftsRequests(50, 100, 6 * 3600, 60)).toBe(1);
    expect(ftsRequests(150, 100, 6 * 3600, 60)).toBe(3);
    expect(ftsRequests(250, 100, 6 * 3600, 60)).toBe(7);
    // A one-minute window that is still full follows the cursor instead.
    expect(ftsRequests(250, 100, 60, 60)).toBe(3);
  });

  it('Contracts Finder: a request per page of 100', () => {
    expect(cfRequests(0, 100)).toBe(1);
    expect(cfRequests(250, 100)).toBe(3);
  });

  it('one busy weekday (Thu 3 Sep 2026) at the configured windows and spacing', () => {
    const from = day('2026-09-02T23:00:00Z');
    const to = day('2026-09-03T23:00:00Z');
    const fts = estimateBackfill('fts', config, from, to);
    // 124,000 a year is about 475 a weekday: 24 + 214 + 214 + 24 over the 6-hour windows, each 214 split
    // twice.
    expect(fts).toMatchObject({ windows: 4, requests: 16, seconds: 160 });
    expect(estimateBackfill('cf', config, from, to)).toMatchObject({ windows: 1, requests: 2, seconds: 10 });
    expect(estimateBackfill('pcs', config, from, to)).toMatchObject({
      windows: 1,
      requests: 13,
      seconds: 65,
    });
    expect(estimateBackfill('s2w', config, from, to)).toMatchObject({
      windows: 1,
      requests: 12,
      seconds: 60,
    });
  });

  it('a weekend day is one request a window', () => {
    const saturday = estimateBackfill(
      'fts',
      config,
      day('2026-09-04T23:00:00Z'),
      day('2026-09-05T23:00:00Z'),
    );
    expect(saturday).toMatchObject({ windows: 4, requests: 4 });
  });
});

describe('npm run backfill arguments', () => {
  const now = day('2026-12-01T12:00:00Z');

  it('--from earliest starts each source as far back as its API goes, all four by default', () => {
    const args = parseBackfillArgs(['--from', 'earliest'], now);
    expect(args.sources).toEqual(['fts', 'cf', 'pcs', 's2w']);
    expect(new Date(args.from.fts).toISOString()).toBe('2021-01-01T00:00:00.000Z');
    expect(new Date(args.from.cf).toISOString()).toBe('2015-01-01T00:00:00.000Z');
    expect(new Date(args.from.pcs).toISOString()).toBe('2019-01-01T00:00:00.000Z');
    expect(args.to).toBe(now);
  });

  it('a date starts every source there; unknown sources and reversed spans are refused', () => {
    const args = parseBackfillArgs(['--from', '2026-01-01', '--source', 'pcs', '--estimate'], now);
    expect(args).toMatchObject({ sources: ['pcs'], estimate: true });
    expect(args.from.pcs).toBe(day('2026-01-01T00:00:00Z'));
    expect(() => parseBackfillArgs(['--from', '2026-01-01', '--source', 'ted'], now)).toThrow(
      /--source must be fts, cf, pcs or s2w, not "ted"/,
    );
    expect(() => parseBackfillArgs(['--from', '2026-02-01', '--to', '2026-01-01'], now)).toThrow(
      /--to must be after/,
    );
    expect(() => parseBackfillArgs([], now)).toThrow(/--from is required/);
    // No --to: the end is now, so a --from after it says so rather than naming a --to never given.
    expect(() => parseBackfillArgs(['--from', '2030-01-01', '--estimate'], now)).toThrow(
      /--from is today or later: there is nothing before now to store yet/,
    );
  });
});

import nock from 'nock';
import { describe, expect, it } from 'vitest';
import { toUkWindowParams } from '../../src/notices/dates.js';
import { splitIntoWindows } from '../../src/pipeline/poll-cycle.js';
import { createFakeClock } from '../support/clock.js';
import { fixtureText } from '../support/fixtures.js';
import { createCapturingLogger } from '../support/log.js';
import { buildCf, buildFts, CF, CF_PATH, collect, FTS, FTS_PATH } from '../support/sources.js';

// The UK clocks change at 01:00 UTC: back an hour on the last Sunday of October (25 Oct 2026, 31 Oct 2027),
// forward on the last Sunday of March (29 Mar 2026, 28 Mar 2027). FTS and Contracts Finder read their window
// bounds as UK wall-clock time, so a bound in the repeated October hour names two instants.
const NIGHTS = [
  ['2026 autumn', '2026-10-24T22:00:00Z'],
  ['2027 autumn', '2027-10-30T22:00:00Z'],
  ['2026 spring', '2026-03-28T22:00:00Z'],
  ['2027 spring', '2027-03-27T22:00:00Z'],
] as const;
const MINUTE = 60_000;

describe('poll windows survive the clock change', () => {
  it.each(NIGHTS)(
    '%s: every 10-minute poll over the night gives increasing bounds outside the repeated hour',
    (_n, start) => {
      const t0 = Date.parse(start);
      let previousTo = '';
      for (let at = t0; at < t0 + 6 * 60 * MINUTE; at += 10 * MINUTE) {
        // Each cycle reads from 15 minutes before the last high-water mark to now.
        for (const w of splitIntoWindows(at - 25 * MINUTE, at, 6 * 60 * MINUTE)) {
          const { from, to } = toUkWindowParams(w.from.getTime(), w.to.getTime());
          expect(to > from, `${from} → ${to}`).toBe(true);
          // No bound is a time of the repeated hour (01:00:00–01:59:59 on the October night).
          for (const bound of [from, to]) {
            if (start.includes('-10-')) expect(bound.slice(11, 13), bound).not.toBe('01');
          }
          if (previousTo) expect(to >= previousTo).toBe(true);
          previousTo = to;
        }
      }
    },
  );

  it('the 2026 autumn window the issue saw (01:40 → 01:05 local) now covers the whole repeated hour', () => {
    // 00:40Z is 01:40 BST; 01:05Z is 01:05 GMT: read as local time these bounds went backwards.
    expect(toUkWindowParams(Date.parse('2026-10-25T00:40:00Z'), Date.parse('2026-10-25T01:05:00Z'))).toEqual({
      from: '2026-10-25T00:59:59',
      to: '2026-10-25T02:00:00',
    });
    // Two equal bounds (FTS answers 400) never happen: the window grows by a second.
    const same = Date.parse('2026-11-01T12:00:00Z');
    expect(toUkWindowParams(same, same)).toEqual({ from: '2026-11-01T12:00:00', to: '2026-11-01T12:00:01' });
  });

  it('FTS is asked for the widened window on the 2027 autumn night, and a 400 is reported loudly', async () => {
    const log = createCapturingLogger();
    const window = { from: new Date('2027-10-31T00:30:00Z'), to: new Date('2027-10-31T01:10:00Z') };
    nock(FTS)
      .get(FTS_PATH)
      .query({ updatedFrom: '2027-10-31T00:59:59', updatedTo: '2027-10-31T02:00:00', limit: '100' })
      .reply(200, fixtureText('fts/fts-page-2026-09-03-p002.json'));
    const pages = await collect(buildFts(createFakeClock(), log).fetchWindow(window));
    expect(pages.flatMap((p) => p.notices)).toHaveLength(3);

    nock(FTS)
      .get(FTS_PATH)
      .query(true)
      .reply(400, { message: "'updatedTo' must be later than 'updatedFrom'" });
    await expect(collect(buildFts(createFakeClock(), log).fetchWindow(window))).rejects.toThrow(
      /Find a Tender refused the window updatedFrom=2027-10-31T00:59:59 updatedTo=2027-10-31T02:00:00 \(HTTP 400\): a bug/,
    );
    expect(log.entries.find((e) => e.level === 'error')?.message).toContain('refused the window');
  });

  it('Contracts Finder gets the same UK wall-clock form it echoes back (no zone), widened the same way', async () => {
    const window = { from: new Date('2026-10-25T00:10:00Z'), to: new Date('2026-10-25T03:00:00Z') };
    nock(CF)
      .get(CF_PATH)
      .query({ publishedFrom: '2026-10-25T00:59:59', publishedTo: '2026-10-25T03:00:00', limit: '100' })
      .reply(200, { releases: [] });
    expect(
      await collect(buildCf(createFakeClock(), createCapturingLogger()).fetchWindow(window)),
    ).toHaveLength(1);
  });
});

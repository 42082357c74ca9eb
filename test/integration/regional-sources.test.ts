import nock from 'nock';
import { describe, expect, it } from 'vitest';
import { monthWindows } from '../../src/sources/proactis.js';
import { createFakeClock } from '../support/clock.js';
import { fixtureJson } from '../support/fixtures.js';
import { createCapturingLogger } from '../support/log.js';
import { buildProactis, collect, PCS, S2W } from '../support/sources.js';

// The portals' month-and-type query (kingfisher-collect's ProactisBase spider) answers with an OCDS release
// package. The releases below are real (test/fixtures/SOURCES.md); the package around them is the documented
// shape, and a month with nothing of a type is a package with no `releases` (kingfisher-collect issue #946).
const pcsRelease = fixtureJson('pcs/pcs-tender-ocds-r6ebe6-0000581665.json');
const s2wRelease = fixtureJson('s2w/s2w-tender-ocds-kuma6s-148402.json');
const may2019 = { from: new Date('2019-05-01T00:00:00+01:00'), to: new Date('2019-05-20T10:00:00Z') };

describe('Public Contracts Scotland and Sell2Wales', () => {
  it('reads one month per notice type, politely, and an empty month (no releases array) as empty', async () => {
    nock(PCS)
      .get('/v1/Notices')
      .query({ dateFrom: '05-2019', noticeType: '2', outputType: '0' })
      .reply(200, {
        uri: `${PCS}/v1/Notices?dateFrom=05-2019&noticeType=2&outputType=0`,
        releases: [pcsRelease],
      });
    nock(PCS)
      .get('/v1/Notices')
      .query({ dateFrom: '05-2019', noticeType: '3', outputType: '0' })
      .reply(200, { uri: `${PCS}/v1/Notices?dateFrom=05-2019&noticeType=3&outputType=0`, version: '1.1' });
    const clock = createFakeClock();
    const source = buildProactis('pcs', clock, createCapturingLogger());
    const pages = await collect(source.fetchWindow(may2019));
    const [notice] = pages.flatMap((p) => p.notices);
    expect(pages.map((p) => p.notices.length)).toEqual([1, 0]);
    expect(notice).toMatchObject({
      source: 'pcs',
      ocid: pcsRelease.ocid,
      regime: 'PCSR2015',
      nation: 'Scotland',
    });
    expect(notice?.url).toBe(pcsRelease.tender.documents[0].url);
    expect(clock.waits).toEqual([5_000]);
    expect(source.pollEveryMs).toBe(3_600_000);
  });

  it('Sell2Wales reads its notices as Welsh, with deadlines in UK time', async () => {
    nock(S2W)
      .get('/v1/Notices')
      .query({ dateFrom: '02-2025', noticeType: '2', outputType: '0' })
      .reply(200, { releases: [s2wRelease] });
    const source = buildProactis('s2w', createFakeClock(), createCapturingLogger(), [2]);
    const feb = { from: new Date('2025-02-20T00:00:00Z'), to: new Date('2025-02-22T00:00:00Z') };
    const [notice] = (await collect(source.fetchWindow(feb))).flatMap((p) => p.notices);
    expect(notice).toMatchObject({ source: 's2w', nation: 'Wales', url: s2wRelease.tender.documents[0].url });
    expect(notice?.dates.tenderDeadline).toBe('2025-04-07T11:00:00Z');
  });

  it('reads one procurement again by its ocid (to catch an amendment)', async () => {
    nock(PCS)
      .get('/v1/Notice')
      .query({ id: pcsRelease.ocid })
      .reply(200, { releases: [pcsRelease] });
    const page = await buildProactis('pcs', createFakeClock(), createCapturingLogger()).fetchProcess?.(
      pcsRelease.ocid,
    );
    expect(page?.notices.map((n) => n.ocid)).toEqual([pcsRelease.ocid]);
  });

  it('cuts a period into UK calendar months, the API unit', () => {
    const windows = monthWindows(Date.parse('2026-10-20T12:00:00Z'), Date.parse('2026-12-02T09:00:00Z'));
    expect(windows.map((w) => [w.from.toISOString(), w.to.toISOString()])).toEqual([
      // October ends at midnight GMT; the clocks went back on the 25th.
      ['2026-10-20T12:00:00.000Z', '2026-11-01T00:00:00.000Z'],
      ['2026-11-01T00:00:00.000Z', '2026-12-01T00:00:00.000Z'],
      ['2026-12-01T00:00:00.000Z', '2026-12-02T09:00:00.000Z'],
    ]);
  });
});

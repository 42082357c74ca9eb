import iconv from 'iconv-lite';
import nock from 'nock';
import { describe, expect, it } from 'vitest';
import { createFakeClock } from '../support/clock.js';
import { fixtureJson, fixtureText } from '../support/fixtures.js';
import { createCapturingLogger } from '../support/log.js';
import { buildCf, buildFts, CF, CF_PATH, collect, FTS, FTS_PATH } from '../support/sources.js';

const window = { from: new Date('2026-09-03T00:00:00Z'), to: new Date('2026-09-03T06:00:00Z') };
const page2 = () => fixtureText('fts/fts-page-2026-09-03-p002.json');
/**
 * The back-off waits the fetcher announced (the host gate may add spacing on top, up to 10 s between
 * requests).
 */
const backoffs = (log: ReturnType<typeof createCapturingLogger>) =>
  log.entries
    .filter((e) => e.message.includes('backing off'))
    .map((e) => (e.meta as { waitMs: number }).waitMs);
const ids = (pages: { notices: { releaseId: string }[] }[]) =>
  pages.flatMap((p) => p.notices.map((n) => n.releaseId));

describe('Find a Tender faults: nothing lost, back-off respected', () => {
  it('429 with Retry-After waits as long as the header says, then gets the page', async () => {
    nock(FTS)
      .get(FTS_PATH)
      .query(true)
      .reply(429, 'Rate limit of 12 exceeded. Please retry after 120 seconds.', { 'Retry-After': '37' });
    nock(FTS).get(FTS_PATH).query(true).reply(200, page2());
    const clock = createFakeClock();
    const pages = await collect(buildFts(clock, createCapturingLogger()).fetchWindow(window));
    expect(ids(pages)).toEqual(['083257-2026', '083256-2026', '083253-2026']);
    expect(clock.waits).toEqual([37_000]);
  });

  it('429 without Retry-After waits the configured 120 s', async () => {
    nock(FTS).get(FTS_PATH).query(true).reply(429, '12 request limit in 2 minute exceeded');
    nock(FTS).get(FTS_PATH).query(true).reply(200, page2());
    const clock = createFakeClock();
    const pages = await collect(buildFts(clock, createCapturingLogger()).fetchWindow(window));
    expect(ids(pages)).toHaveLength(3);
    expect(clock.waits).toEqual([120_000]);
  });

  it('503 and 504 back off exponentially with jitter before retrying', async () => {
    nock(FTS)
      .get(FTS_PATH)
      .query(true)
      .reply(503)
      .get(FTS_PATH)
      .query(true)
      .reply(504)
      .get(FTS_PATH)
      .query(true)
      .reply(200, page2());
    const clock = createFakeClock();
    const log = createCapturingLogger();
    const pages = await collect(buildFts(clock, log).fetchWindow(window));
    expect(ids(pages)).toHaveLength(3);
    // base 5 s: attempt 1 → 2.5–5 s, attempt 2 → 5–10 s (random fixed at 0.5 here)…
    expect(backoffs(log)).toEqual([3_750, 7_500]);
    // …and the 10 s request spacing still holds: the gate tops each wait up to 10 s.
    expect(clock.waits).toEqual([3_750, 6_250, 7_500, 2_500]);
  });

  it('a timeout is retried after back-off', async () => {
    nock(FTS).get(FTS_PATH).query(true).delay(200).reply(200, page2());
    nock(FTS).get(FTS_PATH).query(true).reply(200, page2());
    const log = createCapturingLogger();
    const pages = await collect(buildFts(createFakeClock(), log, {}, 50).fetchWindow(window));
    expect(ids(pages)).toHaveLength(3);
    expect(backoffs(log)).toEqual([3_750]);
  });

  it('truncated JSON is fetched again rather than half-read', async () => {
    const text = page2();
    nock(FTS)
      .get(FTS_PATH)
      .query(true)
      .reply(200, text.slice(0, text.length / 2));
    nock(FTS).get(FTS_PATH).query(true).reply(200, text);
    const log = createCapturingLogger();
    expect(ids(await collect(buildFts(createFakeClock(), log).fetchWindow(window)))).toHaveLength(3);
    expect(backoffs(log)).toEqual([3_750]);
  });

  it('repairs 1e9999 and " 000," in a real page before parsing', async () => {
    const text = page2().replace(
      '"version": "1.1",',
      '"version": "1.1", "maximumLotsBidPerSupplier": 1e9999, "odd": 000,',
    );
    expect(() => JSON.parse(text)).toThrow();
    nock(FTS).get(FTS_PATH).query(true).reply(200, text);
    expect(
      ids(await collect(buildFts(createFakeClock(), createCapturingLogger()).fetchWindow(window))),
    ).toHaveLength(3);
  });

  it('gives up after the configured attempts with a clear error, so the window is retried next cycle', async () => {
    nock(FTS).get(FTS_PATH).query(true).times(2).reply(503);
    await expect(
      collect(buildFts(createFakeClock(), createCapturingLogger(), { maxAttempts: 2 }).fetchWindow(window)),
    ).rejects.toThrow('HTTP 503 from www.find-tender.service.gov.uk');
  });

  it('does not retry a 400', async () => {
    nock(FTS).get(FTS_PATH).query(true).reply(400, "'updatedTo' must be later than 'updatedFrom'");
    await expect(
      collect(buildFts(createFakeClock(), createCapturingLogger()).fetchWindow(window)),
    ).rejects.toThrow('HTTP 400');
  });

  it('names the host it cannot reach', async () => {
    nock(FTS)
      .get(FTS_PATH)
      .query(true)
      .replyWithError(Object.assign(new Error('getaddrinfo ENOTFOUND'), { code: 'ENOTFOUND' }));
    await expect(
      collect(buildFts(createFakeClock(), createCapturingLogger()).fetchWindow(window)),
    ).rejects.toThrow('Cannot reach www.find-tender.service.gov.uk (ENOTFOUND)');
  });
});

describe('Contracts Finder faults', () => {
  it('403 (its rate-limit answer) waits 300 s, then carries on', async () => {
    const release = fixtureJson('cf/cf-release-tender-martock-ocds-b5fd17-2fa4ddab.json');
    nock(CF)
      .get(CF_PATH)
      .query({ publishedFrom: '2026-09-03T01:00:00', publishedTo: '2026-09-03T07:00:00', limit: '100' })
      .reply(403, '<html>Request forbidden</html>');
    nock(CF)
      .get(CF_PATH)
      .query(true)
      .reply(200, { releases: [release], links: { next: `${CF}${CF_PATH}?cursor=abc` } });
    nock(CF).get(CF_PATH).query({ cursor: 'abc' }).reply(200, { releases: [] });
    const clock = createFakeClock();
    const pages = await collect(buildCf(clock, createCapturingLogger()).fetchWindow(window));
    expect(ids(pages)).toEqual([release.id]);
    expect(clock.waits).toEqual([300_000, 10_000]);
  });

  it('decodes ISO-8859-1 bytes instead of losing the text', async () => {
    const release = fixtureJson('cf/cf-release-tender-martock-ocds-b5fd17-2fa4ddab.json');
    release.tender.title = 'Café and grounds — £10,000 contract';
    const body = iconv.encode(JSON.stringify({ releases: [release] }).replace('—', '-'), 'latin1');
    nock(CF)
      .get(CF_PATH)
      .query(true)
      .reply(200, body, { 'Content-Type': 'application/json; charset=iso-8859-1' });
    const [page] = await collect(buildCf(createFakeClock(), createCapturingLogger()).fetchWindow(window));
    expect(page?.notices[0]?.title).toBe('Café and grounds - £10,000 contract');
  });
});

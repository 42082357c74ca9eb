import nock from 'nock';
import { describe, expect, it } from 'vitest';
import { createFakeClock } from '../../../test/support/clock.js';
import { createCapturingLogger } from '../../../test/support/log.js';
import { collect, livePolicy } from '../../../test/support/sources.js';
import { createHostGates, createHttpClient, createPoliteFetcher } from '../http.js';
import { createRssSource, parseFeed } from './index.js';

// No real portal feed was recorded (FEEDS.md §1.4 found none for FTS/CF); these are minimal hand-built
// documents in the RSS 2.0 and Atom shapes that e-tendering portals publish.
const RSS = `<?xml version="1.0" encoding="UTF-8"?><rss version="2.0"><channel><title>Portal</title>
<item><title>Independent Advocacy Service &amp; NHS Complaints</title><link>https://portal.example.gov.uk/tender/101</link>
<description>&lt;p&gt;Care Act advocacy for adults.&lt;/p&gt;</description><pubDate>Wed, 03 Sep 2026 09:15:00 +0100</pubDate><guid>tender-101</guid></item>
<item><title></title><link>https://portal.example.gov.uk/tender/102</link></item>
</channel></rss>`;
const ATOM = `<?xml version="1.0" encoding="utf-8"?><feed xmlns="http://www.w3.org/2005/Atom"><title>Portal</title>
<entry><title>Peer support service</title><link rel="alternate" href="https://portal.example.gov.uk/t/7"/><id>urn:t:7</id>
<updated>2026-09-03T10:00:00Z</updated><summary>Peer support for disabled people</summary></entry></feed>`;

describe('RSS/Atom source', () => {
  it('reads RSS 2.0 items into notices and reports items it cannot use', async () => {
    nock('https://portal.example.gov.uk')
      .get('/feed.xml')
      .reply(200, RSS, { 'Content-Type': 'application/rss+xml' });
    const clock = createFakeClock();
    const log = createCapturingLogger();
    const fetcher = createPoliteFetcher({
      http: createHttpClient({ userAgent: 'TenderNudge/test', timeoutMs: 1000 }),
      gates: createHostGates(clock),
      clock,
      log,
    });
    const source = createRssSource(
      {
        id: 'leeds',
        url: 'https://portal.example.gov.uk/feed.xml',
        name: 'Leeds portal',
        policy: livePolicy(),
      },
      fetcher,
    );
    const [page] = await collect(source.fetchWindow({ from: new Date(0), to: new Date() }));
    expect(page?.notices).toHaveLength(1);
    expect(page?.notices[0]).toMatchObject({
      source: 'rss:leeds',
      ocid: 'tender-101',
      title: 'Independent Advocacy Service & NHS Complaints',
      description: 'Care Act advocacy for adults.',
      url: 'https://portal.example.gov.uk/tender/101',
      cpv: [],
      buyer: { name: 'Leeds portal' },
      dates: { published: '2026-09-03T08:15:00Z' },
    });
    expect(page?.skipped).toEqual([{ releaseId: null, reason: 'feed item has no title' }]);
  });

  it('reads Atom entries', () => {
    expect(parseFeed(ATOM)).toEqual([
      {
        id: 'urn:t:7',
        title: 'Peer support service',
        link: 'https://portal.example.gov.uk/t/7',
        summary: 'Peer support for disabled people',
        published: undefined,
        updated: '2026-09-03T10:00:00Z',
      },
    ]);
  });

  it('refuses a document that is not a feed', () => {
    expect(() => parseFeed('<html><body>Maintenance</body></html>')).toThrow('not an RSS 2.0 or Atom feed');
  });
});

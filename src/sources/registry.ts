import { z } from 'zod';
import type { SourceProfile } from '../notices/source-profile.js';
import { settingFlag, settingInt, settingPositive } from '../shared/setting-values.js';

// The one place that defines a feed: its id, the name people see, its ocid prefixes, how its notice pages are
// found, whether its times are UK wall-clock, its config slice (with its politeness budget). The client of
// each feed is in its own folder; src/app.ts builds the clients from this list. Adding a feed touches this
// list and the feed's folder, not the core.

const NonNegativeInt = settingInt(0);

/** The settings every polled feed has: on or off, where it is, and how politely to ask. */
const FeedSettings = z.strictObject({
  enabled: settingFlag().default(true),
  baseUrl: z.url({ protocol: /^https?$/, error: 'must be an http:// or https:// URL' }),
  /** Minimum gap between two requests to the feed's host. */
  requestIntervalMs: NonNegativeInt,
  /** Wait after "too many requests" that gives no Retry-After. */
  rateLimitWaitMs: NonNegativeInt,
});

/** Find a Tender and Contracts Finder: time windows and pages of 100. */
export const WindowedFeed = FeedSettings.extend({
  windowHours: settingPositive(24 * 15),
  pageSize: settingInt(1, 100),
});

export const FtsFeed = WindowedFeed.extend({
  windowHours: settingPositive(6),
  minWindowSeconds: settingInt(1),
});

/** Public Contracts Scotland and Sell2Wales: a month and a notice type per request; read every hour or so. */
export const MonthlyFeed = FeedSettings.extend({
  /** The portal's notice-type codes to ask for (each is one request per month). */
  noticeTypes: z.array(z.number().int().positive()).min(1),
  /** Read this feed at most this often (its API has no finer window than a month). */
  pollEveryMinutes: settingInt(1),
});

const host = (url: string) => {
  try {
    return new URL(url).host.toLowerCase();
  } catch {
    return '';
  }
};

/** A Proactis portal notice page: `…/search/show/search_view.aspx?ID=APR352578`. */
const proactisPage = (portal: string) => (url: string) =>
  host(url) === portal && /\/search\/show\/search_view\.aspx\?ID=/i.test(url);

export const PROFILES: Record<'fts' | 'cf' | 'pcs' | 's2w', SourceProfile> = {
  fts: {
    id: 'fts',
    name: 'Find a Tender',
    ocidPrefixes: ['ocds-h6vhtk-'],
    nation: null,
    zIsUkTime: false,
    isNoticePage: (url) => host(url) === 'www.find-tender.service.gov.uk' && /\/Notice\/[^/]+$/i.test(url),
    noticePageFor: (id) =>
      /^\d{6}-\d{4}$/.test(id) ? `https://www.find-tender.service.gov.uk/Notice/${id}` : null,
  },
  cf: {
    id: 'cf',
    name: 'Contracts Finder',
    ocidPrefixes: ['ocds-b5fd17-'],
    nation: null,
    zIsUkTime: false,
    isNoticePage: (url) =>
      host(url) === 'www.contractsfinder.service.gov.uk' && /\/Notice\/[^/]+$/i.test(url),
    noticePageFor: (id) => {
      const guid = /^([0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12})-\d+$/i.exec(id)?.[1];
      return guid ? `https://www.contractsfinder.service.gov.uk/Notice/${guid}` : null;
    },
  },
  pcs: {
    id: 'pcs',
    name: 'Public Contracts Scotland',
    ocidPrefixes: ['ocds-r6ebe6-'],
    nation: 'Scotland',
    zIsUkTime: true,
    isNoticePage: proactisPage('www.publiccontractsscotland.gov.uk'),
    noticePageFor: () => null,
  },
  s2w: {
    id: 's2w',
    name: 'Sell2Wales',
    ocidPrefixes: ['ocds-kuma6s-'],
    nation: 'Wales',
    zIsUkTime: true,
    isNoticePage: proactisPage('www.sell2wales.gov.wales'),
    noticePageFor: () => null,
  },
};

/**
 * How far back each feed's API goes, for a first backfill (`npm run backfill -- --from earliest`): Find a
 * Tender from 2 January 2021 (FEEDS.md §2.5); Contracts Finder from 2015, the year it relaunched
 * (kingfisher-collect starts at 2014-01-01); Public Contracts Scotland and Sell2Wales from January 2019,
 * where kingfisher-collect's spiders start.
 */
export const HISTORY_STARTS: Record<keyof typeof PROFILES, string> = {
  fts: '2021-01-01',
  cf: '2015-01-01',
  pcs: '2019-01-01',
  s2w: '2019-01-01',
};

/** A release from a file of no UK feed we know (another publisher's OCDS): read as published, no pages. */
const OTHER_PUBLISHER: SourceProfile = {
  id: 'ocds',
  name: 'another OCDS publisher',
  ocidPrefixes: [],
  nation: null,
  zIsUkTime: false,
  isNoticePage: () => false,
  noticePageFor: () => null,
};

/** The feed a release read from a file belongs to, from its ocid prefix. */
export function profileForOcid(ocid: string): SourceProfile {
  const known = Object.values(PROFILES).find((p) => p.ocidPrefixes.some((prefix) => ocid.startsWith(prefix)));
  return known ?? OTHER_PUBLISHER;
}

/** A coordinator's RSS/Atom feed: no notice pages of its own, times as written. */
export function rssProfile(id: string, name: string | undefined): SourceProfile {
  return {
    id: `rss:${id}`,
    name: name ?? `feed ${id}`,
    ocidPrefixes: [],
    nation: null,
    zIsUkTime: false,
    isNoticePage: () => false,
    noticePageFor: () => null,
  };
}

/** The name people see for a source id ("Find a Tender", or the RSS feed's name). */
export function sourceLabel(rssNames: Map<string, string> = new Map()): (id: string) => string {
  return (id) => {
    const known = [...Object.values(PROFILES), OTHER_PUBLISHER].find((p) => p.id === id);
    if (known) return known.name;
    const feed = id.replace(/^rss:/, '');
    return rssNames.get(feed) ?? `feed ${feed}`;
  };
}

/** The profile of a raw release read from a file (by its ocid). */
export function profileOfRaw(raw: unknown): SourceProfile {
  const ocid = typeof raw === 'object' && raw !== null && 'ocid' in raw ? String(raw.ocid) : '';
  return profileForOcid(ocid);
}

import type { NoticeSource, SourcePage, TimeWindow } from '../../pipeline/ports.js';
import type { HttpPolicy, PoliteFetcher } from '../http.js';
import { followNextLinks, parsePackage, toSourcePage } from '../ocds-page.js';

export interface CfOptions {
  baseUrl: string;
  pageSize: number;
  windowHours: number;
  policy: HttpPolicy;
}

/** ISO 8601 in UTC to the second, as Contracts Finder's `publishedFrom`/`publishedTo` accept. */
function toCfParam(date: Date): string {
  return date.toISOString().replace(/\.\d{3}Z$/, 'Z');
}

/**
 * Contracts Finder: `GET /Published/Notices/OCDS/Search?publishedFrom&publishedTo&limit=100`, cursor paging
 * via `links.next`. `publishedFrom` also matches the latest edit, so edited notices come again; the store
 * dedupes.
 */
export function createCfSource(options: CfOptions, fetcher: PoliteFetcher): NoticeSource {
  const endpoint = `${options.baseUrl.replace(/\/$/, '')}/Published/Notices/OCDS/Search`;
  return {
    id: 'cf',
    host: new URL(endpoint).host,
    maxWindowMs: options.windowHours * 3600 * 1000,
    async *fetchWindow(window: TimeWindow): AsyncGenerator<SourcePage> {
      const seen = new Set<string>();
      const params = {
        publishedFrom: toCfParam(window.from),
        publishedTo: toCfParam(window.to),
        limit: String(options.pageSize),
      };
      const page = await fetcher.fetchParsed(endpoint, params, options.policy, parsePackage);
      yield toSourcePage(page, 'cf', seen);
      yield* followNextLinks(fetcher, page.links?.next, options.policy, 'cf', seen);
    },
    requestCount: () => fetcher.requestCount,
  };
}

import { toUkWindowParams } from '../../notices/dates.js';
import type { NoticeSource, SourcePage, SourceRun, TimeWindow } from '../../pipeline/ports.js';
import type { HttpPolicy, PoliteFetcher } from '../http.js';
import { originOf } from '../http-rules.js';
import {
  followNextLinks,
  heldPageReader,
  parsePackage,
  parseRecordPackage,
  toSourcePage,
} from '../ocds-page.js';
import { PROFILES } from '../registry.js';

export interface CfOptions {
  baseUrl: string;
  pageSize: number;
  windowHours: number;
  policy: HttpPolicy;
}

const profile = PROFILES.cf;

/**
 * Contracts Finder: `GET /Published/Notices/OCDS/Search?publishedFrom&publishedTo&limit=100`, cursor paging
 * via `links.next`. The dates go in the form the service itself echoes in `uri` and in its cursor
 * (`2025-01-20T23:00:00`, no zone), as UK wall-clock time like every date it publishes; kingfisher-collect
 * sends whole days. `publishedFrom` also matches the latest edit, so edited notices come again; the store
 * dedupes.
 */
export function createCfSource(options: CfOptions, fetcher: PoliteFetcher): NoticeSource {
  const base = options.baseUrl.replace(/\/$/, '');
  const endpoint = `${base}/Published/Notices/OCDS/Search`;
  const origin = originOf(base);
  return {
    id: 'cf',
    host: new URL(endpoint).host,
    maxWindowMs: options.windowHours * 3600 * 1000,
    async *fetchWindow(window: TimeWindow, run?: SourceRun): AsyncGenerator<SourcePage> {
      const scope = { origin, run };
      const seen = new Set<string>();
      const bounds = toUkWindowParams(window.from.getTime(), window.to.getTime());
      const params = { publishedFrom: bounds.from, publishedTo: bounds.to, limit: String(options.pageSize) };
      const parse = (text: string, bytes: Buffer) => parsePackage(text, {}, bytes);
      // Read from the bytes first, as Find a Tender's pages are (its pages are laid out the same way).
      const fromBytes = heldPageReader(run);
      const page = await fetcher.fetchParsed(endpoint, params, options.policy, parse, scope, fromBytes);
      yield toSourcePage(page, profile, seen, run);
      yield* followNextLinks(fetcher, page.links?.next, options.policy, profile, seen, scope, fromBytes);
    },
    async fetchProcess(ocid: string, run?: SourceRun) {
      const url = `${base}/Published/OCDS/Record/${encodeURIComponent(ocid)}`;
      return toSourcePage(
        await fetcher.fetchParsed(url, undefined, options.policy, parseRecordPackage, { origin, run }),
        profile,
        new Set(),
      );
    },
    requestCount: () => fetcher.requestCount,
  };
}

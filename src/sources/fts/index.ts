import { toUkLocalParam } from '../../notices/dates.js';
import type { Logger } from '../../shared/logger.js';
import type { NoticeSource, SourcePage, TimeWindow } from '../../pipeline/ports.js';
import type { HttpPolicy, PoliteFetcher } from '../http.js';
import { followNextLinks, parsePackage, toSourcePage } from '../ocds-page.js';

export interface FtsOptions {
  baseUrl: string;
  pageSize: number;
  windowHours: number;
  minWindowSeconds: number;
  policy: HttpPolicy;
}

const SECOND = 1000;

/**
 * Find a Tender: `GET /api/1.0/ocdsReleasePackages?updatedFrom&updatedTo`. The cursor is known to drop rows
 * at page boundaries, so a window whose first (cursorless) page comes back full is split in half instead of
 * paged; only a window already at the minimum size falls back to `links.next`. `stages` is not used: it does
 * not filter by tag (FEEDS.md §2.1).
 */
export function createFtsSource(options: FtsOptions, fetcher: PoliteFetcher, log: Logger): NoticeSource {
  const endpoint = `${options.baseUrl.replace(/\/$/, '')}/api/1.0/ocdsReleasePackages`;

  async function* fetchRange(from: number, to: number, seen: Set<string>): AsyncGenerator<SourcePage> {
    const params = {
      updatedFrom: toUkLocalParam(new Date(from)),
      updatedTo: toUkLocalParam(new Date(to)),
      limit: String(options.pageSize),
    };
    const first = await fetcher.fetchParsed(endpoint, params, options.policy, parsePackage);
    yield toSourcePage(first, 'fts', seen);
    const full = first.releases.length >= options.pageSize;
    const span = to - from;
    if (full && span >= 2 * Math.max(options.minWindowSeconds * SECOND, SECOND)) {
      const mid = from + Math.floor(span / 2 / SECOND) * SECOND;
      log.debug({ from: params.updatedFrom, to: params.updatedTo }, 'Full FTS page; splitting the window');
      yield* fetchRange(from, mid, seen);
      yield* fetchRange(mid, to, seen);
      return;
    }
    if (full)
      log.warn(
        { from: params.updatedFrom, to: params.updatedTo },
        'Full FTS page at the smallest window; following the cursor',
      );
    yield* followNextLinks(fetcher, first.links?.next, options.policy, 'fts', seen);
  }

  return {
    id: 'fts',
    host: new URL(endpoint).host,
    maxWindowMs: options.windowHours * 3600 * SECOND,
    async *fetchWindow(window: TimeWindow) {
      const from = Math.floor(window.from.getTime() / SECOND) * SECOND;
      // FTS answers 400 when updatedTo is not later than updatedFrom.
      const to = Math.max(from + SECOND, Math.floor(window.to.getTime() / SECOND) * SECOND);
      yield* fetchRange(from, to, new Set());
    },
    requestCount: () => fetcher.requestCount,
  };
}

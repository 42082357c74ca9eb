import { toUkWindowParams } from '../../notices/dates.js';
import type { NoticeSource, SourcePage, SourceRun, TimeWindow } from '../../pipeline/ports.js';
import type { Logger } from '../../shared/logger.js';
import { SourceHttpError } from '../exceptions.js';
import type { HttpPolicy, PoliteFetcher } from '../http.js';
import { originOf } from '../http-rules.js';
import { followNextLinks, parsePackage, toSourcePage } from '../ocds-page.js';
import { PROFILES } from '../registry.js';

export interface FtsOptions {
  baseUrl: string;
  pageSize: number;
  windowHours: number;
  minWindowSeconds: number;
  policy: HttpPolicy;
}

const SECOND = 1000;
const profile = PROFILES.fts;

/** A refused window is a bug in our window arithmetic: say so loudly, with the bounds that were sent. */
class FtsWindowRefused extends Error {
  override name = 'FtsWindowRefused';
  constructor(params: { updatedFrom: string; updatedTo: string }) {
    super(
      `Find a Tender refused the window updatedFrom=${params.updatedFrom} updatedTo=${params.updatedTo} ` +
        '(HTTP 400): a bug in how Tender Nudge computes windows; please report it',
    );
  }
}

/**
 * Find a Tender: `GET /api/1.0/ocdsReleasePackages?updatedFrom&updatedTo`, bounds in UK wall-clock time as
 * the API reads them, kept out of the repeated autumn hour and always increasing. The cursor is known to drop
 * rows at page boundaries, so a window whose first (cursorless) page comes back full is split in half instead
 * of paged; only a window already at the minimum size falls back to `links.next`. `stages` is not used: it
 * does not filter by tag (FEEDS.md §2.1).
 */
export function createFtsSource(options: FtsOptions, fetcher: PoliteFetcher, log: Logger): NoticeSource {
  const base = options.baseUrl.replace(/\/$/, '');
  const endpoint = `${base}/api/1.0/ocdsReleasePackages`;
  const origin = originOf(base);

  async function firstPage(params: Record<string, string>, run: SourceRun | undefined) {
    try {
      const parse = (text: string, bytes: Buffer) => parsePackage(text, {}, bytes);
      return await fetcher.fetchParsed(endpoint, params, options.policy, parse, { origin, run });
    } catch (err) {
      if (err instanceof SourceHttpError && err.status === 400) {
        const refused = new FtsWindowRefused({
          updatedFrom: params.updatedFrom ?? '',
          updatedTo: params.updatedTo ?? '',
        });
        log.error({ source: 'fts', ...params }, refused.message);
        throw refused;
      }
      throw err;
    }
  }

  async function* fetchRange(
    from: number,
    to: number,
    seen: Set<string>,
    run: SourceRun | undefined,
  ): AsyncGenerator<SourcePage> {
    const bounds = toUkWindowParams(from, to);
    const params = { updatedFrom: bounds.from, updatedTo: bounds.to, limit: String(options.pageSize) };
    const first = await firstPage(params, run);
    yield toSourcePage(first, profile, seen, run);
    const full = first.releases.length >= options.pageSize;
    const span = to - from;
    if (full && span >= 2 * Math.max(options.minWindowSeconds * SECOND, SECOND)) {
      const mid = from + Math.floor(span / 2 / SECOND) * SECOND;
      log.debug({ from: params.updatedFrom, to: params.updatedTo }, 'Full FTS page; splitting the window');
      yield* fetchRange(from, mid, seen, run);
      yield* fetchRange(mid, to, seen, run);
      return;
    }
    if (full) {
      log.warn(
        { from: params.updatedFrom, to: params.updatedTo },
        'Full FTS page at the smallest window; following the cursor',
      );
    }
    yield* followNextLinks(fetcher, first.links?.next, options.policy, profile, seen, { origin, run });
  }

  return {
    id: 'fts',
    host: new URL(endpoint).host,
    maxWindowMs: options.windowHours * 3600 * SECOND,
    fetchWindow(window: TimeWindow, run?: SourceRun) {
      return fetchRange(window.from.getTime(), window.to.getTime(), new Set(), run);
    },
    async fetchProcess(ocid: string, run?: SourceRun) {
      const url = `${endpoint}/${encodeURIComponent(ocid)}`;
      const parse = (text: string, bytes: Buffer) => parsePackage(text, {}, bytes);
      const pkg = await fetcher.fetchParsed(url, undefined, options.policy, parse, { origin, run });
      return toSourcePage(pkg, profile, new Set());
    },
    requestCount: () => fetcher.requestCount,
  };
}

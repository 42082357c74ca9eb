import { toUkWindowParams } from '../../notices/dates.js';
import type { NoticeSource, SourcePage, SourceRun, TimeWindow } from '../../pipeline/ports.js';
import type { Logger } from '../../shared/logger.js';
import { SourceHttpError } from '../exceptions.js';
import type { HttpPolicy, PoliteFetcher } from '../http.js';
import { originOf } from '../http-rules.js';
import { followNextLinks, heldPageReader, parsePackage, toSourcePage } from '../ocds-page.js';
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

/** A split aims at pieces this full, so that most are read in one request rather than split again. */
const PIECE_FILL = 0.7;
const MAX_PIECES = 64;

/**
 * How many pieces a window whose cursorless page came back full is split into. The page holds the window's
 * newest releases (FEEDS.md: newest first), so the time their dates span estimates how many the whole window
 * holds, and the pieces are sized to hold about 70 each. Release dates are not the instant FTS selects on (a
 * hidden last-update time), so this is only an estimate: each piece is still read cursorless and split again
 * when full. Without dates inside the window to go on, the window is halved.
 */
export function piecesFor(
  window: { from: number; to: number },
  releases: readonly unknown[],
  pageSize: number,
  minPieceMs: number,
): number {
  const span = window.to - window.from;
  const dates = releases
    .map((r) => (typeof r === 'object' && r !== null && 'date' in r ? Date.parse(String(r.date)) : NaN))
    .filter((d) => d >= window.from && d <= window.to);
  const covered = dates.length >= releases.length / 2 ? window.to - Math.min(...dates) : 0;
  const estimate = covered > 0 ? (pageSize * span) / covered : 2 * PIECE_FILL * pageSize;
  const pieces = Math.ceil(estimate / (PIECE_FILL * pageSize));
  return Math.max(2, Math.min(pieces, MAX_PIECES, Math.floor(span / minPieceMs)));
}

/**
 * Find a Tender: `GET /api/1.0/ocdsReleasePackages?updatedFrom&updatedTo`, bounds in UK wall-clock time as
 * the API reads them, kept out of the repeated autumn hour and always increasing. The cursor is known to drop
 * rows at page boundaries, so a window whose first (cursorless) page comes back full is split (piecesFor)
 * instead of paged; only a window already at the minimum size falls back to `links.next`. `stages` is not
 * used: it does not filter by tag (FEEDS.md §2.1).
 */
export function createFtsSource(options: FtsOptions, fetcher: PoliteFetcher, log: Logger): NoticeSource {
  const base = options.baseUrl.replace(/\/$/, '');
  const endpoint = `${base}/api/1.0/ocdsReleasePackages`;
  const origin = originOf(base);

  async function firstPage(params: Record<string, string>, run: SourceRun | undefined) {
    try {
      const parse = (text: string, bytes: Buffer) => parsePackage(text, {}, bytes);
      const scope = { origin, run };
      return await fetcher.fetchParsed(endpoint, params, options.policy, parse, scope, heldPageReader(run));
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
    const minPiece = Math.max(options.minWindowSeconds * SECOND, SECOND);
    if (full && span >= 2 * minPiece) {
      const pieces = piecesFor({ from, to }, first.releases, options.pageSize, minPiece);
      log.debug(
        { from: params.updatedFrom, to: params.updatedTo, pieces },
        'Full FTS page; splitting the window',
      );
      // Each piece shares its bounds with its neighbours (FTS bounds are inclusive; `seen` drops the repeat).
      const bounds = Array.from({ length: pieces + 1 }, (_, i) =>
        i === pieces ? to : from + Math.floor((i * span) / pieces / SECOND) * SECOND,
      );
      for (let i = 0; i < pieces; i++) yield* fetchRange(bounds[i] ?? from, bounds[i + 1] ?? to, seen, run);
      return;
    }
    if (full) {
      log.warn(
        { from: params.updatedFrom, to: params.updatedTo },
        'Full FTS page at the smallest window; following the cursor',
      );
    }
    yield* followNextLinks(
      fetcher,
      first.links?.next,
      options.policy,
      profile,
      seen,
      { origin, run },
      heldPageReader(run),
    );
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

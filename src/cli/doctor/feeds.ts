import type { Config } from '../../config.js';
import { createSources } from '../../app.js';
import { toUkWindowParams } from '../../notices/dates.js';
import { sourceLabel } from '../../sources/registry.js';
import { systemClock } from '../../shared/clock.js';
import type { Logger } from '../../shared/logger.js';
import { SourceHttpError, SourceParseError, SourceUnreachableError } from '../../sources/exceptions.js';
import { T, type Check } from './doctor-text.js';

const WINDOW_MINUTES = 10;
const quiet: Logger = { debug: () => {}, info: () => {}, warn: () => {}, error: () => {} };

const sourceName = sourceLabel();

/** Contracts Finder's `publishedFrom`, in the form the CF source sends it (UK wall-clock, no zone). */
const cfParam = (window: { from: Date; to: Date }) =>
  toUkWindowParams(window.from.getTime(), window.to.getTime()).from;

/** What a failed first request says about the feed. */
function describeFailure(err: unknown, id: string): Pick<Check, 'status' | 'detail'> {
  if (err instanceof SourceUnreachableError)
    return { status: 'fix', detail: T.feedUnreachable(err.host, err.code) };
  if (err instanceof SourceHttpError) {
    if (id === 'cf' && err.status === 400) return { status: 'fix', detail: T.cfDateRefused(err.status) };
    if (err.status === 429 || (id === 'cf' && err.status === 403))
      return { status: 'warn', detail: T.feedRateLimited(err.status) };
    if (err.status >= 500) return { status: 'warn', detail: T.feedDown(err.status) };
    return { status: 'fix', detail: T.feedRefused(err.status) };
  }
  if (err instanceof SourceParseError) return { status: 'fix', detail: T.feedUnreadable(err.reason) };
  return { status: 'fix', detail: T.feedFailed(err instanceof Error ? err.message : String(err)) };
}

/**
 * Each enabled feed, read exactly as the worker reads it (the same sources, parameters and date forms) over
 * a 10-minute window, with one attempt and a short timeout; only the first page is fetched.
 */
export async function checkFeeds(config: Config, now = Date.now()): Promise<Check[]> {
  // One request per feed: no spacing is needed between them (two feeds may share a host, as a replay does).
  const unspaced = <T extends { requestIntervalMs: number }>(s: T): T => ({ ...s, requestIntervalMs: 0 });
  const probe: Config = {
    ...config,
    http: { ...config.http, maxAttempts: 1, timeoutMs: Math.min(config.http.timeoutMs, 15_000) },
    sources: {
      ...config.sources,
      fts: unspaced(config.sources.fts),
      cf: unspaced(config.sources.cf),
      pcs: unspaced(config.sources.pcs),
      s2w: unspaced(config.sources.s2w),
      rss: config.sources.rss.map(unspaced),
    },
  };
  const window = { from: new Date(now - WINDOW_MINUTES * 60_000), to: new Date(now) };
  const checks: Check[] = [];
  for (const source of createSources(probe, systemClock, quiet)) {
    const what = `feed ${sourceName(source.id)}`;
    try {
      let releases = 0;
      for await (const page of source.fetchWindow(window)) {
        releases = page.notices.length + page.skipped.length;
        break;
      }
      checks.push({ status: 'ok', what, detail: T.feedOk(releases, WINDOW_MINUTES) });
      if (source.id === 'cf') checks.push({ status: 'ok', what, detail: T.cfDateOk(cfParam(window)) });
    } catch (err) {
      checks.push({ what, ...describeFailure(err, source.id) });
    }
  }
  return checks;
}

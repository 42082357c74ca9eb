import { loadReservationTables, loadServiceAreas, type Config } from './config.js';
import { classifyReservation } from './reserved/reservation.js';
import { compileMatcher } from './matching/compile.js';
import type { MatchResult } from './matching/match-result.js';
import { matchNotice } from './matching/match.js';
import { toNoticeLine } from './notices/format.js';
import type { Notice } from './notices/notice.js';
import type { Clock, Logger, NoticeSource, SavedNotice } from './pipeline/ports.js';
import { createCfSource } from './sources/cf/index.js';
import { createFtsSource } from './sources/fts/index.js';
import { createHostGates, createHttpClient, createPoliteFetcher, type HttpPolicy } from './sources/http.js';
import { createRssSource } from './sources/rss/index.js';

export const systemClock: Clock = {
  now: () => Date.now(),
  sleep: (ms) => new Promise((resolve) => setTimeout(resolve, ms)),
};

/** Builds every enabled source from config, sharing one HTTP client and one set of per-host gates. */
export function createSources(config: Config, clock: Clock, log: Logger, only?: string[]): NoticeSource[] {
  const http = createHttpClient({ userAgent: config.http.userAgent, timeoutMs: config.http.timeoutMs });
  const gates = createHostGates(clock);
  const fetcher = () => createPoliteFetcher({ http, gates, clock, log });
  const policy = (requestIntervalMs: number, rateLimitWaitMs: number, forbiddenMeansRateLimit: boolean): HttpPolicy => ({
    requestIntervalMs, rateLimitWaitMs, forbiddenMeansRateLimit,
    maxAttempts: config.http.maxAttempts, backoffBaseMs: config.http.backoffBaseMs, backoffMaxMs: config.http.backoffMaxMs,
  });
  const { fts, cf, rss } = config.sources;
  const sources: NoticeSource[] = [];
  if (fts.enabled) sources.push(createFtsSource({ ...fts, policy: policy(fts.requestIntervalMs, fts.rateLimitWaitMs, false) }, fetcher(), log));
  if (cf.enabled) sources.push(createCfSource({ ...cf, policy: policy(cf.requestIntervalMs, cf.rateLimitWaitMs, true) }, fetcher()));
  for (const feed of rss) sources.push(createRssSource({ ...feed, policy: policy(feed.requestIntervalMs, fts.rateLimitWaitMs, false) }, fetcher()));
  return only ? sources.filter((s) => only.includes(s.id)) : sources;
}

/**
 * The service-area matcher from config/service-areas.json plus the reserved-contract classifier, as one verdict
 * per notice (stored with it), with area labels for readable output.
 */
export function createAreaMatcher(env?: NodeJS.ProcessEnv): { match: (notice: Notice) => MatchResult; labelOf: (rule: string) => string } {
  const areas = loadServiceAreas(env);
  const tables = loadReservationTables(env);
  const compiled = compileMatcher(areas);
  const labels = new Map(areas.areas.map((a) => [a.id as string, a.label]));
  return {
    match: (notice) => {
      const result = matchNotice(notice, compiled);
      return { ...result, reserved: classifyReservation(notice, result.areas.map((a) => a.rule), tables) };
    },
    labelOf: (rule) => labels.get(rule) ?? rule,
  };
}

/** The console sink used when no Discord is configured: one readable line per new or updated notice. */
export function printSaved(saved: SavedNotice, labelOf: (rule: string) => string): void {
  const areas = (saved.match?.areas ?? []).map((a) => ({ label: labelOf(a.rule), band: a.band }));
  const reserved = saved.match?.reserved;
  const line = toNoticeLine(saved.notice, saved.outcome === 'new' ? 'new' : 'updated', saved.changes, areas);
  console.log(reserved ? `${line} ${reserved.kind === 'explicit' ? 'Reserved' : 'Could be reserved'}: ${reserved.summary}` : line);
}

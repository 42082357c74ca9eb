import type { Config } from './config.js';
import type { Clock, Logger, NoticeSource } from './pipeline/ports.js';
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

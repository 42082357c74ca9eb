import {
  createHostGates,
  createHttpClient,
  createPoliteFetcher,
  type HttpPolicy,
} from '../../src/sources/http.js';
import { createCfSource } from '../../src/sources/cf/index.js';
import { createFtsSource } from '../../src/sources/fts/index.js';
import { createPcsSource } from '../../src/sources/pcs/index.js';
import { createS2wSource } from '../../src/sources/s2w/index.js';
import type { Clock } from '../../src/shared/clock.js';
import type { Logger } from '../../src/shared/logger.js';

export const FTS = 'https://www.find-tender.service.gov.uk';
export const CF = 'https://www.contractsfinder.service.gov.uk';
export const FTS_PATH = '/api/1.0/ocdsReleasePackages';
export const CF_PATH = '/Published/Notices/OCDS/Search';

/** The live defaults' politeness (FTS 10 s spacing, 120 s rate-limit wait; CF 300 s), run on a fake clock. */
export function livePolicy(overrides: Partial<HttpPolicy> = {}): HttpPolicy {
  return {
    requestIntervalMs: 10_000,
    rateLimitWaitMs: 120_000,
    forbiddenMeansRateLimit: false,
    maxAttempts: 5,
    backoffBaseMs: 5_000,
    backoffMaxMs: 600_000,
    ...overrides,
  };
}

export function buildFts(clock: Clock, log: Logger, overrides: Partial<HttpPolicy> = {}, timeoutMs = 30_000) {
  const fetcher = createPoliteFetcher({
    http: createHttpClient({ userAgent: 'TenderNudge/test', timeoutMs }),
    gates: createHostGates(clock),
    clock,
    log,
    random: () => 0.5,
  });
  return createFtsSource(
    { baseUrl: FTS, pageSize: 100, windowHours: 6, minWindowSeconds: 60, policy: livePolicy(overrides) },
    fetcher,
    log,
  );
}

export function buildCf(clock: Clock, log: Logger, overrides: Partial<HttpPolicy> = {}) {
  const fetcher = createPoliteFetcher({
    http: createHttpClient({ userAgent: 'TenderNudge/test', timeoutMs: 30_000 }),
    gates: createHostGates(clock),
    clock,
    log,
    random: () => 0.5,
  });
  return createCfSource(
    {
      baseUrl: CF,
      pageSize: 100,
      windowHours: 24,
      policy: livePolicy({ rateLimitWaitMs: 300_000, forbiddenMeansRateLimit: true, ...overrides }),
    },
    fetcher,
  );
}

export async function collect<T>(pages: AsyncIterable<T>): Promise<T[]> {
  const out: T[] = [];
  for await (const page of pages) out.push(page);
  return out;
}

export const PCS = 'https://api.publiccontractsscotland.gov.uk';
export const S2W = 'https://api.sell2wales.gov.wales';

/**
 * Public Contracts Scotland or Sell2Wales with the live defaults' politeness (5 s spacing), on a fake clock.
 */
export function buildProactis(which: 'pcs' | 's2w', clock: Clock, log: Logger, noticeTypes = [2, 3]) {
  const fetcher = createPoliteFetcher({
    http: createHttpClient({ userAgent: 'TenderNudge/test', timeoutMs: 30_000 }),
    gates: createHostGates(clock),
    clock,
    log,
    random: () => 0.5,
  });
  const options = {
    baseUrl: which === 'pcs' ? PCS : S2W,
    noticeTypes,
    pollEveryMinutes: 60,
    policy: livePolicy({ requestIntervalMs: 5_000, rateLimitWaitMs: 300_000 }),
  };
  return which === 'pcs' ? createPcsSource(options, fetcher) : createS2wSource(options, fetcher);
}

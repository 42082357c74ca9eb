import type { NoticeSource } from '../../pipeline/ports.js';
import type { PoliteFetcher } from '../http.js';
import { createProactisSource, type ProactisOptions } from '../proactis.js';
import { PROFILES } from '../registry.js';

/**
 * Sell2Wales (`api.sell2wales.gov.wales`): Welsh notices, many below threshold and published nowhere else.
 * Its times are UK wall-clock written with a `Z`, and its canonical links are malformed, so notice pages come
 * from `tender.documents` (see the profile).
 */
export function createS2wSource(options: ProactisOptions, fetcher: PoliteFetcher): NoticeSource {
  return createProactisSource(options, PROFILES.s2w, fetcher);
}

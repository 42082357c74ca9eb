import type { NoticeSource } from '../../pipeline/ports.js';
import type { PoliteFetcher } from '../http.js';
import { createProactisSource, type ProactisOptions } from '../proactis.js';
import { PROFILES } from '../registry.js';

/**
 * Public Contracts Scotland (`api.publiccontractsscotland.gov.uk`): Scottish notices, many below threshold
 * and published nowhere else. Its times are UK wall-clock written with a `Z` (see the profile).
 */
export function createPcsSource(options: ProactisOptions, fetcher: PoliteFetcher): NoticeSource {
  return createProactisSource(options, PROFILES.pcs, fetcher);
}

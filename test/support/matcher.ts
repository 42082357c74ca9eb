import { loadReservationTables, loadServiceAreas } from '../../src/config.js';
import type { MatchResult } from '../../src/matching/match-result.js';
import { classifyReservation } from '../../src/reserved/reservation.js';
import { compileMatcher, type CompiledMatcher } from '../../src/matching/compile.js';
import { matchNotice } from '../../src/matching/match.js';
import type { Watchlist } from '../../src/matching/rules.js';
import type { Notice } from '../../src/notices/notice.js';

const areas = loadServiceAreas({});
let shared: CompiledMatcher | null = null;

/** The real config/service-areas.json compiled once (plus watchlists when given). */
export function realMatcher(watchlists: Watchlist[] = []): CompiledMatcher {
  if (watchlists.length > 0) return compileMatcher(areas, watchlists);
  shared ??= compileMatcher(areas);
  return shared;
}

/** The areas a notice matches with the real rules, as `area:band`. */
export function areasOf(notice: Notice): string[] {
  return matchNotice(notice, realMatcher()).areas.map((a) => `${a.rule}:${a.band}`);
}

const tables = loadReservationTables({});

/** The app's verdict for a notice: real area matching plus the reserved-contract classification. */
export function realMatch(notice: Notice): MatchResult {
  const result = matchNotice(notice, realMatcher());
  return {
    ...result,
    reserved: classifyReservation(
      notice,
      result.areas.map((a) => a.rule),
      tables,
    ),
  };
}

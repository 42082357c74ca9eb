import { toUkDay } from '../notices/dates.js';
import { formatPounds as pounds } from '../notices/money.js';
import type { Delivered, HoldBack } from './route.js';
import { STAGE_GROUP_NAMES } from './subscription.js';

// Why a channel got a notice, or did not, in the words /explain shows.

/** "it matched advocacy (strong: title: 'independent advocacy')". */
export function whyMatched(delivered: Delivered): string {
  const what = [
    ...(delivered.reservation === null ? [] : [`a reserved contract (${delivered.reservation})`]),
    ...delivered.areas.map((a) => `${a.rule} (${a.band}: ${a.reasons[0] ?? ''})`),
    ...delivered.watchlists.map(
      (w) => `watchlist ${w.rule.replace(/^watchlist:[^:]*:/, '')} (${w.reasons[0] ?? w.band})`,
    ),
  ];
  return `it matched ${what.join('; ')}`;
}

/**
 * "its value (£120,000) is below this channel's floor of £150,000", and the other reasons a notice is held.
 */
export function whyHeldBack(hold: HoldBack): string {
  switch (hold.kind) {
    case 'paused':
      return `this channel's alerts are paused: ${hold.reason}`;
    case 'closed':
      return (
        `it was first seen after its deadline of ${toUkDay(hold.deadline)}, so it is stored and findable ` +
        'but not announced as a new opportunity'
      );
    case 'stage':
      return `it is one of the ${STAGE_GROUP_NAMES[hold.group]}, which this channel does not follow`;
    case 'area-not-followed':
      return `it matched ${hold.matched.join(', ')}, which this channel does not follow`;
    case 'no-area':
      return hold.rejected
        ? `it matched no service area (${hold.rejected.rule}: ${hold.rejected.reason || 'too weak'})`
        : 'it matched no service area';
    case 'not-reserved':
      return 'this channel only wants reserved contracts, and this one is not reserved';
    case 'below-floor':
      return `its value (${pounds(hold.value)}) is below this channel's floor of ${pounds(hold.floor)}`;
    case 'above-ceiling':
      return `its value (${pounds(hold.value)}) is above this channel's ceiling of ${pounds(hold.ceiling)}`;
    case 'region':
      return (
        `it is in ${hold.regions.join(', ')}, outside this channel's regions ` +
        `(${hold.followed.join(', ')})`
      );
  }
}

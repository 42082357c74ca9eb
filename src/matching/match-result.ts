import { z } from 'zod';
import { Reservation } from '../reserved/reservation-types.js';

// The matcher's verdict, defined once: the types are derived from the schemas that also read it back from
// SQLite, where it is stored with the notice.

export const Band = z.enum(['strong', 'possible']);
export type Band = z.infer<typeof Band>;

/** Why one rule (a service area or a watchlist) matched a notice, in words a person can check. */
export const RuleMatch = z.object({
  /** Service-area id (e.g. `advocacy`) or `watchlist:<id>`. */
  rule: z.string(),
  band: Band,
  score: z.number(),
  reasons: z.array(z.string()),
});
export type RuleMatch = z.infer<typeof RuleMatch>;

/** The stored verdict for one notice: what matched, and what was considered but vetoed or too weak. */
export const MatchResult = z.object({
  areas: z.array(RuleMatch),
  watchlists: z.array(RuleMatch),
  /** Rules that had evidence but were vetoed or stayed below the possible band, with the reason. */
  rejected: z.array(z.object({ rule: z.string(), reasons: z.array(z.string()) })),
  /** Reserved or "could be reserved", filled in after matching (null: neither). */
  reserved: Reservation.nullable().optional(),
});
export type MatchResult = z.infer<typeof MatchResult>;

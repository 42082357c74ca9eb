import type { Reservation } from '../reserved/reservation.js';

export type Band = 'strong' | 'possible';

/** Why one rule (a service area or a watchlist) matched a notice, in words a person can check. */
export interface RuleMatch {
  /** Service-area id (e.g. `advocacy`) or `watchlist:<id>`. */
  rule: string;
  band: Band;
  score: number;
  reasons: string[];
}

/** The stored verdict for one notice: what matched, and what was considered but vetoed or too weak. */
export interface MatchResult {
  areas: RuleMatch[];
  watchlists: RuleMatch[];
  /** Rules that had evidence but were vetoed or stayed below the possible band, with the reason. */
  rejected: { rule: string; reasons: string[] }[];
  /** Reserved or "could be reserved", filled in by the pipeline after matching (null: neither). */
  reserved?: Reservation | null;
}

import { z } from 'zod';
import type { MatchResult } from '../matching/match-result.js';
import { Notice } from '../notices/notice.js';
import { StoredReservation } from '../reserved/reservation-schema.js';

// SQLite rows come back untyped: everything read from JSON columns goes through a schema here, never a cast.

/**
 * A notice with its latest release, and the notice's current JSON: the merged copy if a delta release needed
 * one.
 */
export const NOTICE_FROM_SQL =
  'notices n JOIN releases r ON r.source = n.source AND r.release_id = n.release_id';
export const NOTICE_JSON_SQL = 'COALESCE(n.merged_json, r.notice_json)';

const RuleMatchRow = z.object({
  rule: z.string(),
  band: z.enum(['strong', 'possible']),
  score: z.number(),
  reasons: z.array(z.string()),
});
export const StoredMatch = z.object({
  areas: z.array(RuleMatchRow),
  watchlists: z.array(RuleMatchRow),
  rejected: z.array(z.object({ rule: z.string(), reasons: z.array(z.string()) })),
  reserved: StoredReservation.nullable().optional(),
});

/** Reads a stored notice back through its schema. */
export function toStoredNotice(json: string): Notice {
  return Notice.parse(JSON.parse(json));
}

/** Reads a stored match verdict back through its schema. */
export function toStoredMatch(json: string): MatchResult {
  return StoredMatch.parse(JSON.parse(json));
}

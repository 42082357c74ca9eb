import { MatchResult } from '../matching/match-result.js';
import { Notice } from '../notices/notice.js';

// SQLite rows come back untyped: everything read from JSON columns goes through a schema here, never a cast.

/**
 * A notice with its latest release, and the notice's current JSON: the merged copy if a delta release needed
 * one.
 */
export const NOTICE_FROM_SQL =
  'notices n JOIN releases r ON r.source = n.source AND r.release_id = n.release_id';
export const NOTICE_JSON_SQL = 'COALESCE(n.merged_json, r.notice_json)';

/** Reads a stored notice back through its schema. */
export function toStoredNotice(json: string): Notice {
  return Notice.parse(JSON.parse(json));
}

/** Reads a stored match verdict back through its schema. */
export function toStoredMatch(json: string): MatchResult {
  return MatchResult.parse(JSON.parse(json));
}

import type { MatchResult } from '../matching/match-result.js';
import type { Notice } from '../notices/notice.js';

/**
 * A stored notice as the rest of the app reads it back: row id (for buttons), the notice, its stored verdict.
 */
export interface StoredNoticeView {
  rowId: number;
  source: string;
  ocid: string;
  notice: Notice;
  match: MatchResult | null;
  updatedAt: number;
}

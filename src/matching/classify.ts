import { toNotice } from '../notices/normalise.js';
import type { Notice } from '../notices/notice.js';
import { rawId, type ReleaseInput } from '../notices/ocds-input.js';
import type { SourceProfile } from '../notices/source-profile.js';
import type { MatchResult } from './match-result.js';

export interface ClassifyLine {
  id: string | null;
  ocid?: string;
  areas?: { area: string; band: string; score: number; reasons: string[] }[];
  watchlists?: { watchlist: string; band: string; score: number; reasons: string[] }[];
  reserved?: unknown;
  error?: string;
}

/**
 * The `npm run classify` verdict for one release, from the app's own verdict function (areas, watchlists,
 * reserved).
 */
export function classifyRelease(
  input: ReleaseInput,
  match: (notice: Notice) => MatchResult,
  profileOf: (raw: unknown) => SourceProfile,
): ClassifyLine {
  if ('error' in input) return { id: null, error: input.error };
  const result = toNotice(input.raw, profileOf(input.raw));
  if (!result.ok) return { id: rawId(input.raw), error: result.reason };
  const { notice } = result;
  const verdict = match(notice);
  const line: ClassifyLine = {
    id: notice.releaseId,
    ocid: notice.ocid,
    areas: verdict.areas.map((a) => ({ area: a.rule, band: a.band, score: a.score, reasons: a.reasons })),
  };
  if (verdict.watchlists.length > 0)
    line.watchlists = verdict.watchlists.map((w) => ({
      watchlist: w.rule.replace(/^watchlist:/, ''),
      band: w.band,
      score: w.score,
      reasons: w.reasons,
    }));
  line.reserved = verdict.reserved ?? null;
  return line;
}

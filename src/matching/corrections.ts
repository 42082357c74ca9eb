import { z } from 'zod';
import type { Notice } from '../notices/notice.js';

// What the people who use Tender Nudge tell it about its matches, per server: a notice it alerted that is not
// relevant, or one it missed. Replayed as labels by `npm run eval -- --corrections`, and the source of
// /watchlist suggestions.

export const CORRECTION_KINDS = ['not-relevant', 'missed'] as const;
export type CorrectionKind = (typeof CORRECTION_KINDS)[number];

export interface Correction {
  guildId: string;
  userId: string;
  source: string;
  ocid: string;
  kind: CorrectionKind;
  /** For a reported miss, the area it belongs to (null: not said). */
  area: string | null;
  /** The areas the matcher gave the notice when it was corrected. */
  matched: string[];
}

/** A correction with the notice it is about (null when the notice is no longer stored). */
export interface CorrectionWithNotice extends Correction {
  notice: Notice | null;
  createdAt: number;
}

/** A notice a suggestion would change, named for people. */
export const SuggestedNotice = z.object({ source: z.string(), ocid: z.string(), title: z.string() });
export type SuggestedNotice = z.infer<typeof SuggestedNotice>;

/**
 * What the corrections imply for a watchlist: an exclusion common to the notices marked not relevant and
 * absent from the ones kept, or a phrase from the notices reported missed; with the notices it would change.
 */
export const Suggestion = z.object({
  kind: z.enum(['exclusion', 'phrase']),
  phrase: z.string(),
  notices: z.array(SuggestedNotice),
});
export type Suggestion = z.infer<typeof Suggestion>;

/** The label a server's corrections give one notice: the areas it was reported missed for, else none. */
export function labelAreas(corrections: Pick<Correction, 'kind' | 'area'>[]): string[] {
  const missed = corrections.filter((c) => c.kind === 'missed');
  if (missed.length === 0) return [];
  const named = [...new Set(missed.map((c) => c.area).filter((a): a is string => a !== null))];
  // A miss that names no area still says the notice is relevant: it counts for "any area" only.
  return named.length > 0 ? named : ['(any)'];
}

import { toNotice } from '../notices/normalise.js';
import type { Notice } from '../notices/notice.js';
import type { CompiledMatcher } from './compile.js';
import { rawId, sourceOf, type ReleaseInput } from './input.js';
import { matchNotice } from './match.js';

export interface ClassifyLine {
  id: string | null;
  ocid?: string;
  areas?: { area: string; band: string; score: number; reasons: string[] }[];
  watchlists?: { watchlist: string; band: string; score: number; reasons: string[] }[];
  reserved?: unknown;
  error?: string;
}

/** The `npm run classify` verdict for one release; `reserved` is filled by the caller's classifier when given. */
export function classifyRelease(input: ReleaseInput, matcher: CompiledMatcher, reserved?: (notice: Notice, areas: string[]) => unknown): ClassifyLine {
  if ('error' in input) return { id: null, error: input.error };
  const result = toNotice(input.raw, sourceOf(input.raw));
  if (!result.ok) return { id: rawId(input.raw), error: result.reason };
  const { notice } = result;
  const match = matchNotice(notice, matcher);
  const line: ClassifyLine = {
    id: notice.releaseId,
    ocid: notice.ocid,
    areas: match.areas.map((a) => ({ area: a.rule, band: a.band, score: a.score, reasons: a.reasons })),
  };
  if (match.watchlists.length > 0) line.watchlists = match.watchlists.map((w) => ({ watchlist: w.rule.replace(/^watchlist:/, ''), band: w.band, score: w.score, reasons: w.reasons }));
  line.reserved = reserved ? reserved(notice, match.areas.map((a) => a.rule)) : null;
  return line;
}

import { z } from 'zod';
import { cleanText, sliceWhole } from './text.js';

// Text is bounded at ingestion: a release with a 10 MB description crashed the worker out of memory on every
// restart. What is matched, stored as the notice and shown is cut to these lengths (with a note saying so);
// the release as published is kept whole beside it (releases.raw_json).

/**
 * The longest texts read, in characters. Measured on the 807 real releases in test/fixtures,
 * ../shared/fixtures and ../shared/labels: the longest description is 9,659 characters, the longest lot
 * description 4,173, the longest title 201. The bounds are about five times those.
 */
export const TEXT_LIMITS = { title: 1_000, description: 50_000 } as const;

/** A text that was cut: which field (`description`, `lots.2.description`…) and how long it was. */
export const TextCut = z.object({ field: z.string(), length: z.number().int().nonnegative() });
export type TextCut = z.infer<typeof TextCut>;

/** Cleaning only ever shortens text, so twice the bound is all that needs cleaning. */
const RAW_FACTOR = 2;

/** Cuts at the last space before `max` when there is one close by, never inside a surrogate pair. */
function cutAtWord(text: string, max: number): string {
  let end = max;
  const space = text.lastIndexOf(' ', max);
  if (space > max - 200 && space > 0) end = space;
  return sliceWhole(text, end).trimEnd();
}

/**
 * Cleans one text field (see cleanText) within `max` characters; when it was longer, records the cut in
 * `cuts`. Only the first `2 × max` characters of a huge value are ever cleaned. `prepare` runs on that
 * slice before cleaning (an RSS summary's tags removed).
 */
export function boundedText(
  value: unknown,
  field: string,
  max: number,
  cuts: TextCut[],
  prepare: (raw: string) => string = (raw) => raw,
): string | null {
  if (typeof value !== 'string') return null;
  const sliced = value.length > max * RAW_FACTOR;
  const cleaned = cleanText(prepare(sliced ? value.slice(0, max * RAW_FACTOR) : value));
  if (cleaned === null) return null;
  if (!sliced && cleaned.length <= max) return cleaned;
  cuts.push({ field, length: value.length });
  return cutAtWord(cleaned, max);
}

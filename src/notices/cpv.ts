import { z } from 'zod';

/** A whole CPV code as the app stores it: its 8 digits, without the check digit. */
export const CpvCode = z.string().regex(/^\d{8}$/, 'a CPV code is 8 digits');
export type CpvCode = z.infer<typeof CpvCode>;

/** Reads a CPV code such as `85312300-2` or `85312300` as its 8 digits (the check digit is ignored). */
export function toCpv(value: unknown): string | null {
  if (typeof value !== 'string' && typeof value !== 'number') return null;
  const match = /^(\d{8})(?:-\d)?$/.exec(String(value).trim());
  return match?.[1] ?? null;
}

/**
 * The code and its ancestors in the CPV hierarchy, most specific first:
 * 85312300 → 85312300, 85312000, 85310000, 85300000, 85000000.
 */
export function cpvAncestors(code: string): string[] {
  const digits = code.replace(/0+$/, '');
  const out: string[] = [];
  for (let len = Math.max(digits.length, 2); len >= 2; len--) {
    const ancestor = code.slice(0, len).padEnd(8, '0');
    if (out[out.length - 1] !== ancestor) out.push(ancestor);
  }
  return out;
}

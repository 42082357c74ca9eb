import { z } from 'zod';
import { CpvCode } from '../notices/cpv.js';

const IsoDay = z.string().regex(/^\d{4}-\d{2}-\d{2}$/, 'a date as YYYY-MM-DD');
const Amount = z.number().positive();

export const ThresholdTable = z.object({
  id: z.string(),
  effectiveFrom: IsoDay,
  source: z.string().min(1),
  values: z.object({
    central: Amount,
    subCentral: Amount,
    lightTouch: Amount,
    works: Amount,
    utilities: Amount,
    lightTouchUtilities: Amount,
  }),
});
export type ThresholdTable = z.infer<typeof ThresholdTable>;

export const CpvList = z.object({
  id: z.string(),
  effectiveFrom: IsoDay,
  source: z.string().min(1),
  confirmed: z.boolean(),
  codes: z.array(CpvCode),
  ranges: z.array(z.tuple([CpvCode, CpvCode])),
});
export type CpvList = z.infer<typeof CpvList>;

export const ThresholdsFile = z.object({
  tables: z.array(ThresholdTable).min(1),
  regimes: z.array(
    z.object({ regime: z.string(), from: IsoDay.optional(), until: IsoDay.optional(), source: z.string() }),
  ),
});
export type ThresholdsFile = z.infer<typeof ThresholdsFile>;

export const ReservableCpvFile = z.object({
  lists: z.array(CpvList).min(1),
  lightTouch: z.object({
    source: z.string(),
    codes: z.array(CpvCode),
    ranges: z.array(z.tuple([CpvCode, CpvCode])),
  }),
});
export type ReservableCpvFile = z.infer<typeof ReservableCpvFile>;

export interface ReservationTables {
  thresholds: ThresholdsFile;
  cpv: ReservableCpvFile;
}

/**
 * The Procurement Act 2023 went live on 24 February 2025; procurements started before then stay under PCR
 * 2015.
 */
export const PA_2023_START = '2025-02-24';

/**
 * The entry in force on `day` (YYYY-MM-DD): the latest one that took effect on or before it (else the
 * earliest).
 */
function inForceOn<T extends { effectiveFrom: string }>(entries: T[], day: string, what: string): T {
  const sorted = [...entries].sort((a, b) => a.effectiveFrom.localeCompare(b.effectiveFrom));
  const entry = sorted.filter((e) => e.effectiveFrom <= day).pop() ?? sorted[0];
  if (!entry) throw new Error(`no ${what} configured`);
  return entry;
}

/** The threshold table in force for a procurement that started on `day`. */
export function thresholdTableFor(tables: ThresholdTable[], day: string): ThresholdTable {
  return inForceOn(tables, day, 'threshold table');
}

/** The reservable-CPV list in force on `day` (the PCR list before 24 Feb 2025, the PA proxy after). */
export function cpvListFor(lists: CpvList[], day: string): CpvList {
  return inForceOn(lists, day, 'reservable CPV list');
}

/** True when an 8-digit code is listed or falls inside one of the ranges. */
export function cpvListed(code: string, list: { codes: string[]; ranges: [string, string][] }): boolean {
  return list.codes.includes(code) || list.ranges.some(([low, high]) => code >= low && code <= high);
}

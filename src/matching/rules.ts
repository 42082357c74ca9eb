import { z } from 'zod';

/**
 * A service-area id, as config/service-areas.json defines them (e.g. `advocacy`): which areas exist is data,
 * so an id is checked against the loaded file, not against a list in the code.
 */
export const AreaId = z
  .string()
  .regex(/^[a-z][a-z0-9-]{1,39}$/, 'an area id is lower-case letters, digits and dashes');
export type AreaId = z.infer<typeof AreaId>;

/** A phrase of plain words; no regex syntax, sensible length (watchlists come from chat). */
export const Phrase = z
  .string()
  .trim()
  .min(2, 'a phrase needs at least 2 characters')
  .max(100, 'a phrase can be at most 100 characters')
  .refine((p) => !/[\\^$*+?()[\]{}|]/.test(p), 'write phrases as plain words, not regular expressions');
export const CpvPrefix = z
  .string()
  .regex(/^\d{2,8}$/, 'a CPV code is 2 to 8 digits (the check digit is not needed)');
export const Acronym = z
  .string()
  .regex(/^[A-Z][A-Za-z0-9]{1,9}$/, 'an acronym is 2–10 letters or digits, starting with a capital');

/** Two groups of words that count when a word of each stands within `window` words of the other. */
export const NearRule = z.object({
  a: z.array(Phrase).min(1),
  b: z.array(Phrase).min(1),
  window: z.number().int().min(1).max(20),
});

/**
 * One DPULO service area. Evidence strengths: `strong` phrases and acronyms name the service; `medium` and
 * `near` are good signs; `weak` words only help other evidence. `contextual` phrases count as strong only
 * when one of `context` appears somewhere in the notice (payroll only with direct payments…). An `exclusions`
 * phrase cancels any evidence it overlaps ("legal advocacy"), and in a title vetoes the area; `vetoInTitle`
 * vetoes outright.
 */
export const ServiceArea = z.object({
  id: AreaId,
  label: z.string().min(1),
  summary: z.string().min(1),
  strong: z.array(Phrase).default([]),
  medium: z.array(Phrase).default([]),
  weak: z.array(Phrase).default([]),
  acronyms: z.array(Acronym).default([]),
  contextual: z.array(Phrase).default([]),
  context: z.array(Phrase).default([]),
  contextAcronyms: z.array(Acronym).default([]),
  near: z.array(NearRule).default([]),
  exclusions: z.array(Phrase).default([]),
  vetoInTitle: z.array(Phrase).default([]),
  cpv: z.record(CpvPrefix, z.number().min(0).max(0.5)).default({}),
  negativeCpv: z.array(CpvPrefix).default([]),
});
export type ServiceArea = z.infer<typeof ServiceArea>;

export const Scoring = z.object({
  fieldWeights: z.object({ title: z.number(), lots: z.number(), description: z.number() }),
  strengths: z.object({ strong: z.number(), medium: z.number(), weak: z.number() }),
  /** Extra evidence in one field adds this share of the field weight per hit, up to `fieldCap`. */
  repeatBonus: z.number(),
  fieldCap: z.number(),
  bands: z.object({ strong: z.number(), possible: z.number() }),
  /** Factor applied to description evidence when a generic exclusion (supported living…) is in the notice. */
  genericDamping: z.number(),
});
export type Scoring = z.infer<typeof Scoring>;

export const ServiceAreasFile = z.object({
  scoring: Scoring,
  /** Care, housing and works that are never DPULO work on their own: veto in a title, damp elsewhere. */
  genericExclusions: z.array(Phrase),
  areas: z
    .array(ServiceArea)
    .min(1, 'at least one service area is needed')
    .refine((areas) => new Set(areas.map((a) => a.id)).size === areas.length, 'two areas have the same id'),
});
export type ServiceAreasFile = z.infer<typeof ServiceAreasFile>;

export const NOTICE_STAGES = ['planning', 'tender', 'award', 'contract', 'cancellation', 'other'] as const;

/** A coordinator's watchlist: the same kinds of evidence, plus filters on buyer, region, value and stage. */
export const Watchlist = z
  .object({
    id: z
      .string()
      .regex(
        /^[a-z0-9][a-z0-9-]{0,39}$/,
        'a watchlist id is lower-case letters, digits and dashes (up to 40)',
      ),
    name: z.string().trim().min(1).max(100),
    phrases: z.array(Phrase).max(200).default([]),
    exclusions: z.array(Phrase).max(200).default([]),
    acronyms: z.array(Acronym).max(50).default([]),
    cpvPrefixes: z.array(CpvPrefix).max(100).default([]),
    buyers: z.array(z.string().trim().min(2).max(100)).max(100).default([]),
    regions: z.array(z.string().trim().min(2).max(60)).max(20).default([]),
    minValue: z.number().nonnegative().nullable().default(null),
    maxValue: z.number().nonnegative().nullable().default(null),
    stages: z.array(z.enum(NOTICE_STAGES)).default([]),
  })
  .refine((w) => w.minValue === null || w.maxValue === null || w.maxValue >= w.minValue, {
    message: 'the maximum value must not be below the minimum',
    path: ['maxValue'],
  })
  .refine((w) => w.phrases.length + w.acronyms.length + w.cpvPrefixes.length > 0, {
    message: 'a watchlist needs at least one phrase, acronym or CPV code',
    path: ['phrases'],
  });
export type Watchlist = z.infer<typeof Watchlist>;

/** A coordinator's watchlist and the server it belongs to; `key` (guild:id) is its id in the matcher. */
export interface StoredWatchlist {
  guildId: string;
  key: string;
  watchlist: Watchlist;
}

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

/**
 * A word or phrase in the grammar: plain words, an acronym in capitals (`IMCA`, `SEND`: matched only in
 * capitals), or `@name` for a vocabulary entry (a list of synonyms kept in one place).
 */
export const Term = z.union([
  z.string().regex(/^@[a-z][a-z0-9-]{0,39}$/, 'a vocabulary reference is @ and a lower-case name'),
  Phrase,
]);

/**
 * A small grammar: a head noun (the kind of service: advice, advocacy, forum…) and a qualifier (what or
 * whom it is for: benefits, carers, disabled people…) within `gap` words of each other in one clause, in
 * the `order` given (`qualifier-first` is a compound name: "carers forum"; `head-first` a phrase: "forum
 * for carers"). `via`, when given, is the words one of which must stand between ("training *on* autism").
 * Strength: `strong` and `medium` as for phrases, `contextual` counts only with the area's `context` in the
 * notice, `exclusion` cancels any evidence it overlaps ("advice to the council").
 */
export const Family = z.object({
  name: z.string().min(1).max(40),
  heads: z.array(Term).min(1),
  qualifiers: z.array(Term).min(1),
  gap: z.number().int().min(0).max(6).default(3),
  order: z.enum(['any', 'head-first', 'qualifier-first']).default('any'),
  via: z.array(Phrase).default([]),
  strength: z.enum(['strong', 'medium', 'contextual', 'exclusion']).default('strong'),
});
export type Family = z.infer<typeof Family>;

/**
 * One DPULO service area. Evidence strengths: `strong` phrases and acronyms name the service; `medium` are
 * good signs; `weak` words only help other evidence. `contextual` phrases count as strong only when one of
 * `context` appears somewhere in the notice (payroll only with direct payments…). `families` are the area's
 * grammar (head × qualifier); `bought` terms count as medium, or strong where a description lists them
 * among what is bought. An `exclusions` phrase cancels any evidence it overlaps ("legal advocacy"), and
 * in a title vetoes the area; `vetoInTitle` vetoes outright.
 */
export const ServiceArea = z.object({
  id: AreaId,
  label: z.string().min(1),
  summary: z.string().min(1),
  strong: z.array(Term).default([]),
  medium: z.array(Term).default([]),
  weak: z.array(Term).default([]),
  acronyms: z.array(Acronym).default([]),
  contextual: z.array(Term).default([]),
  context: z.array(Term).default([]),
  contextAcronyms: z.array(Acronym).default([]),
  families: z.array(Family).default([]),
  /** Medium terms that name the service when a description lists them among what is bought. */
  bought: z.array(Term).default([]),
  exclusions: z.array(Term).default([]),
  vetoInTitle: z.array(Term).default([]),
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

/**
 * Word forms the tokenizer folds beyond plurals, possessives, hyphens and `&`: American and other spellings
 * and closed-up compounds, each to the form the rules are written in ("organization" → "organisation",
 * "coproduction" → "co production").
 */
export const Lexicon = z.object({
  spellings: z.record(z.string().regex(/^[a-z]+$/), z.string().regex(/^[a-z]+( [a-z]+)*$/)).default({}),
});

/**
 * How a notice's own structure changes what a word is worth, within a clause and `window` words. `passing`:
 * words after which a service is named only in passing ("signposting to advocacy", "access to advocacy"):
 * evidence just after one does not count, nor does a list that continues it. `provision`: words after which
 * the description lists what is bought ("the service will provide advocacy, befriending and …"): an area's
 * `bought` terms there count as strong. `negation`: words that deny what follows ("information, but not
 * advice"): evidence just after one does not count, and no grammar pair spans one.
 */
export const Structure = z.object({
  passing: z.array(Phrase).default([]),
  provision: z.array(Phrase).default([]),
  negation: z.array(Phrase).default([]),
  window: z.number().int().min(0).max(4).default(2),
});

const VOCABULARY_NAME = /^[a-z][a-z0-9-]{0,39}$/;

export const ServiceAreasFile = z
  .object({
    scoring: Scoring,
    lexicon: Lexicon.default({ spellings: {} }),
    /** Synonym lists the grammar refers to as `@name`; an entry may include another (`@sensory`). */
    vocabulary: z.record(z.string().regex(VOCABULARY_NAME), z.array(Term).min(1)).default({}),
    structure: Structure.default({ passing: [], provision: [], negation: [], window: 2 }),
    /** Care, housing and works that are never DPULO work on their own: veto in a title, damp elsewhere. */
    genericExclusions: z.array(Phrase),
    areas: z
      .array(ServiceArea)
      .min(1, 'at least one service area is needed')
      .refine((areas) => new Set(areas.map((a) => a.id)).size === areas.length, 'two areas have the same id'),
  })
  .superRefine((file, ctx) => {
    const known = new Set(Object.keys(file.vocabulary));
    const check = (terms: string[], path: (string | number)[]) =>
      terms.forEach((term, i) => {
        if (term.startsWith('@') && !known.has(term.slice(1)))
          ctx.addIssue({ code: 'custom', message: `${term} is not in the vocabulary`, path: [...path, i] });
      });
    for (const [name, terms] of Object.entries(file.vocabulary)) check(terms, ['vocabulary', name]);
    file.areas.forEach((area, a) => {
      for (const key of [
        'strong',
        'medium',
        'weak',
        'contextual',
        'context',
        'bought',
        'exclusions',
      ] as const)
        check(area[key], ['areas', a, key]);
      check(area.vetoInTitle, ['areas', a, 'vetoInTitle']);
      area.families.forEach((family, f) => {
        check(family.heads, ['areas', a, 'families', f, 'heads']);
        check(family.qualifiers, ['areas', a, 'families', f, 'qualifiers']);
      });
    });
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

import { z } from 'zod';
import { CpvCode } from './cpv.js';
import { TextCut } from './text-bounds.js';

/**
 * Where a notice came from: a feed's id (`fts`, `cf`, `pcs`, `s2w`; the list is src/sources/registry.ts), or
 * a coordinator's RSS/Atom feed (`rss:<feed id>`).
 */
export const SourceId = z.string().regex(/^([a-z][a-z0-9]{1,9}|rss:[a-z0-9][a-z0-9-]*)$/);
export type SourceId = z.infer<typeof SourceId>;

/** Broad stage of the procurement, used for filtering and for plain-English wording. */
export const Stage = z.enum(['planning', 'tender', 'award', 'contract', 'cancellation', 'other']);
export type Stage = z.infer<typeof Stage>;

/** The procurement law a notice runs under: PCSR2015 is the Public Contracts (Scotland) Regulations 2015. */
export const Regime = z.enum(['PA2023', 'PCR2015', 'UCR2016', 'CCR2016', 'PCSR2015', 'other']);
export type Regime = z.infer<typeof Regime>;

export const Money = z.object({
  amount: z.number().nullable(),
  amountGross: z.number().nullable(),
  min: z.number().nullable(),
  currency: z.string().nullable(),
});
export type Money = z.infer<typeof Money>;

export const Suitability = z.object({ sme: z.boolean().nullable(), vcse: z.boolean().nullable() });
export type Suitability = z.infer<typeof Suitability>;

export const Lot = z.object({
  id: z.string(),
  title: z.string().nullable(),
  description: z.string().nullable(),
  value: Money.nullable(),
  status: z.string().nullable(),
  suitability: Suitability,
  reservedParticipation: z.array(z.string()),
  contractStart: z.string().nullable(),
  contractEnd: z.string().nullable(),
  cpv: z.array(z.string()),
});
export type Lot = z.infer<typeof Lot>;

/** The nation a notice belongs to, for the law that applies (from the source or the buyer's region). */
export const Nation = z.enum(['England', 'Wales', 'Scotland', 'Northern Ireland']);
export type Nation = z.infer<typeof Nation>;

/** A period as OCDS gives it; `maxExtent` is the latest date it can be extended to. */
export const Period = z.object({
  start: z.string().nullable(),
  end: z.string().nullable(),
  maxExtent: z.string().nullable(),
});
export type Period = z.infer<typeof Period>;

/** A supplier named on an award; `id` is its identifier (e.g. GB-COH-…) when the notice gives one. */
export const Supplier = z.object({ name: z.string(), id: z.string().nullable() });
export type Supplier = z.infer<typeof Supplier>;

// Notices stored before awards carried identifiers held the supplier's name alone.
const StoredSupplier = z.union([Supplier, z.string().transform((name) => ({ name, id: null }))]);

export const Award = z.object({
  id: z.string(),
  status: z.string().nullable(),
  date: z.string().nullable(),
  suppliers: z.array(StoredSupplier),
  value: Money.nullable(),
  contractPeriod: Period.nullable().default(null),
  relatedLots: z.array(z.string()).default([]),
  cpv: z.array(CpvCode).default([]),
  deliveryRegions: z.array(z.string()).default([]),
});
export type Award = z.infer<typeof Award>;

/** A signed contract (UK7 contract details, Contracts Finder contracts). */
export const Contract = z.object({
  id: z.string(),
  awardId: z.string().nullable(),
  status: z.string().nullable(),
  title: z.string().nullable(),
  value: Money.nullable(),
  period: Period.nullable(),
  dateSigned: z.string().nullable(),
});
export type Contract = z.infer<typeof Contract>;

/** How to reply to an early-engagement notice: the milestone's description, and a link when it gives one. */
export const Engagement = z.object({ description: z.string().nullable(), url: z.string().nullable() });
export type Engagement = z.infer<typeof Engagement>;

export const Contact = z.object({
  name: z.string().nullable(),
  email: z.string().nullable(),
  telephone: z.string().nullable(),
  url: z.string().nullable(),
});
export type Contact = z.infer<typeof Contact>;

export const Buyer = z.object({
  id: z.string().nullable(),
  name: z.string().nullable(),
  /** `UK_CA_TYPE` or `TED_CA_TYPE` id, e.g. publicAuthoritySubCentralGovernment. */
  type: z.string().nullable(),
  /** ITL/NUTS code as published (FTS), e.g. UKI33. */
  regionCode: z.string().nullable(),
  /** English region name (ITL1), e.g. London. */
  regionName: z.string().nullable(),
  postcode: z.string().nullable(),
  /** The buyer's contact point on the notice, when it names one. */
  contact: Contact.nullable().default(null),
});
export type Buyer = z.infer<typeof Buyer>;

/** All dates are ISO 8601 instants (UTC, `Z`), or null. Bare dates were read as UK civil days. */
export const NoticeDates = z.object({
  published: z.string().nullable(),
  tenderDeadline: z.string().nullable(),
  expressionOfInterestDeadline: z.string().nullable(),
  enquiryDeadline: z.string().nullable(),
  awardExpected: z.string().nullable(),
  contractStart: z.string().nullable(),
  contractEnd: z.string().nullable(),
  /** The latest date the contract can be extended to (`maxExtentDate`). */
  contractMaxExtent: z.string().nullable().default(null),
  /** Early engagement: reply by (planning milestone of type engagement). */
  engagementDeadline: z.string().nullable().default(null),
  /** When the next notice (usually the tender) is expected (`tender.communication.futureNoticeDate`). */
  expectedTender: z.string().nullable().default(null),
});
export type NoticeDates = z.infer<typeof NoticeDates>;

/** One clean procurement notice, the same shape whichever feed it came from. */
export const Notice = z.object({
  source: SourceId,
  ocid: z.string().min(1),
  releaseId: z.string().min(1),
  /**
   * UK1–UK17 for Procurement Act notices; the OCDS document type for PCR-era and Contracts Finder notices.
   */
  noticeType: z.string().nullable(),
  tags: z.array(z.string()),
  stage: Stage,
  status: z.string().nullable(),
  title: z.string(),
  description: z.string().nullable(),
  lots: z.array(Lot),
  cpv: z.array(CpvCode),
  value: Money.nullable(),
  dates: NoticeDates,
  buyer: Buyer,
  deliveryRegions: z.array(z.string()),
  regime: Regime.nullable(),
  nation: Nation.nullable().default(null),
  aboveThreshold: z.boolean().nullable(),
  specialRegime: z.array(z.string()),
  suitability: Suitability,
  reservedParticipation: z.array(z.string()),
  reservedParticipationLocation: z.string().nullable(),
  reservedExecution: z.boolean(),
  procurementMethod: z.string().nullable(),
  procurementMethodDetails: z.string().nullable(),
  url: z.string().nullable(),
  portalUrl: z.string().nullable(),
  awards: z.array(Award),
  contracts: z.array(Contract).default([]),
  engagement: Engagement.nullable().default(null),
  /** Texts longer than Tender Nudge reads (TEXT_LIMITS), cut: matched and shown cut, with a note. */
  textCut: z.array(TextCut).default([]),
  /** Bids received (`bids.statistics`, summed over lots; else `tender.numberOfTenderers`), when published. */
  bidCount: z.number().int().nonnegative().nullable().default(null),
});
export type Notice = z.infer<typeof Notice>;

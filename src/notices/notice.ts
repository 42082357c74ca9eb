import { z } from 'zod';
import { CpvCode } from './cpv.js';

/** Where a notice came from: the two national feeds, or a coordinator's RSS/Atom feed (`rss:<feed id>`). */
export const SourceId = z.string().regex(/^(fts|cf|rss:[a-z0-9][a-z0-9-]*)$/);
export type SourceId = z.infer<typeof SourceId>;

/** Broad stage of the procurement, used for filtering and for plain-English wording. */
export const Stage = z.enum(['planning', 'tender', 'award', 'contract', 'cancellation', 'other']);
export type Stage = z.infer<typeof Stage>;

export const Regime = z.enum(['PA2023', 'PCR2015', 'UCR2016', 'CCR2016', 'other']);
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

export const Award = z.object({
  id: z.string(),
  status: z.string().nullable(),
  date: z.string().nullable(),
  suppliers: z.array(z.string()),
  value: Money.nullable(),
});
export type Award = z.infer<typeof Award>;

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
});
export type Notice = z.infer<typeof Notice>;

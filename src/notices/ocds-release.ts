import { z } from 'zod';

// A permissive OCDS 1.1 release: only the fields Tender Nudge reads, and every field falls back to "absent" when
// it has the wrong type, so one odd field never costs the whole notice. Unknown fields are ignored.
const tolerant = <T extends z.ZodTypeAny>(schema: T) => schema.optional().catch(undefined);
const Str = tolerant(z.union([z.string(), z.number().transform(String)]));
const Num = tolerant(z.union([z.number(), z.string().regex(/^-?\d+(\.\d+)?$/).transform(Number)]));
const Bool = tolerant(z.boolean());
const StrList = tolerant(z.unknown().transform((value): string[] | undefined => {
  if (typeof value === 'string') return [value];
  return Array.isArray(value) ? value.filter((item): item is string => typeof item === 'string') : undefined;
}));

/** A list that may arrive as an object keyed "1", "2"… (FTS 2021), or with junk items that are dropped. */
function looseList<T extends z.ZodTypeAny>(item: T) {
  return tolerant(z.union([z.array(z.unknown()), z.record(z.string(), z.unknown()).transform((o) => Object.values(o))])
    .transform((items) => items.flatMap((raw) => {
      const parsed = item.safeParse(raw);
      return parsed.success ? [parsed.data as z.output<T>] : [];
    })));
}

const Value = tolerant(z.object({ amount: Num, amountGross: Num, currency: Str }));
const Period = tolerant(z.object({ startDate: Str, endDate: Str }));
const Classification = z.object({ scheme: Str, id: Str });
const Suitability = tolerant(z.object({ sme: Bool, vcse: Bool }));
const Document = z.object({ id: Str, documentType: Str, noticeType: Str, url: Str, description: Str });
const Address = z.object({ region: Str, postalCode: Str, countryName: Str, locality: Str });
const OtherRequirements = tolerant(z.object({
  reservedParticipation: StrList,
  reservedParticipationLocation: tolerant(z.unknown()),
}));

const Lot = z.object({
  id: Str,
  title: Str,
  description: Str,
  status: Str,
  value: Value,
  suitability: Suitability,
  otherRequirements: OtherRequirements,
  contractPeriod: Period,
});

const Item = z.object({
  classification: tolerant(Classification),
  additionalClassifications: looseList(Classification),
  deliveryAddresses: looseList(Address),
  relatedLot: Str,
});

const Party = z.object({
  id: Str,
  name: Str,
  roles: StrList,
  address: tolerant(Address),
  details: tolerant(z.object({ classifications: looseList(Classification) })),
});

const Award = z.object({
  id: Str,
  status: Str,
  date: Str,
  value: Value,
  suppliers: looseList(z.object({ name: Str })),
  documents: looseList(Document),
});

export const OcdsRelease = z.object({
  id: z.union([z.string().min(1), z.number().transform(String)]).optional().catch(undefined),
  ocid: z.string().min(1),
  date: Str,
  tag: StrList,
  buyer: tolerant(z.object({ id: Str, name: Str })),
  parties: looseList(Party),
  planning: tolerant(z.object({ documents: looseList(Document), budget: tolerant(z.object({ amount: Value })) })),
  tender: tolerant(z.object({
    title: Str,
    description: Str,
    status: Str,
    datePublished: Str,
    value: Value,
    minValue: Value,
    classification: tolerant(Classification),
    additionalClassifications: looseList(Classification),
    items: looseList(Item),
    lots: looseList(Lot),
    tenderPeriod: Period,
    enquiryPeriod: Period,
    awardPeriod: Period,
    contractPeriod: Period,
    expressionOfInterestDeadline: Str,
    legalBasis: tolerant(Classification),
    aboveThreshold: Bool,
    specialRegime: StrList,
    suitability: Suitability,
    otherRequirements: OtherRequirements,
    contractTerms: tolerant(z.object({ reservedExecution: tolerant(z.union([z.boolean(), z.record(z.string(), z.unknown())])) })),
    procurementMethod: Str,
    procurementMethodDetails: Str,
    submissionMethodDetails: Str,
    documents: looseList(Document),
  })),
  awards: looseList(Award),
  contracts: looseList(z.object({ documents: looseList(Document), period: Period })),
});
export type OcdsRelease = z.infer<typeof OcdsRelease>;
export type OcdsDocument = z.infer<typeof Document>;
export type OcdsParty = z.infer<typeof Party>;

// A permissive reader for OCDS 1.1 releases: only the fields Tender Nudge uses, and every field falls back to
// "absent" when it has the wrong type, so one odd field never costs the whole notice. Unknown fields are
// ignored.
//
// Why not a zod schema (STYLE §6.3)? The same tolerant schema in zod (a `.catch()` on every field,
// item-by-item lists) cost ~28 µs per release, more than JSON.parse itself, against an ingest budget of 3×
// JSON.parse (bench/ingest.ts). These readers do the same job on `unknown` with type guards, with no casts,
// at a tenth of that.

type Raw = Record<string, unknown>;

const isRaw = (v: unknown): v is Raw => typeof v === 'object' && v !== null && !Array.isArray(v);
const obj = (v: unknown): Raw | undefined => (isRaw(v) ? v : undefined);

function str(v: unknown): string | undefined {
  if (typeof v === 'string') return v;
  return typeof v === 'number' && Number.isFinite(v) ? String(v) : undefined;
}

function num(v: unknown): number | undefined {
  if (typeof v === 'number') return v;
  return typeof v === 'string' && /^-?\d+(\.\d+)?$/.test(v) ? Number(v) : undefined;
}

const bool = (v: unknown): boolean | undefined => (typeof v === 'boolean' ? v : undefined);

function strList(v: unknown): string[] | undefined {
  if (typeof v === 'string') return [v];
  return Array.isArray(v) ? v.filter((item): item is string => typeof item === 'string') : undefined;
}

/** A list that may arrive as an object keyed "1", "2"… (FTS 2021); items that are not objects are dropped. */
function list<T>(v: unknown, read: (item: Raw) => T): T[] | undefined {
  if (Array.isArray(v)) return v.filter(isRaw).map(read);
  return isRaw(v) ? Object.values(v).filter(isRaw).map(read) : undefined;
}

export interface OcdsValue {
  amount?: number;
  amountGross?: number;
  currency?: string;
}
export interface OcdsPeriod {
  startDate?: string;
  endDate?: string;
}
export interface OcdsClassification {
  scheme?: string;
  id?: string;
}
export interface OcdsSuitability {
  sme?: boolean;
  vcse?: boolean;
}
export interface OcdsDocument {
  id?: string;
  documentType?: string;
  noticeType?: string;
  url?: string;
  description?: string;
}
export interface OcdsAddress {
  region?: string;
  postalCode?: string;
  countryName?: string;
  locality?: string;
}
export interface OcdsOtherRequirements {
  reservedParticipation?: string[];
  reservedParticipationLocation?: Raw;
}
export interface OcdsLot {
  id?: string;
  title?: string;
  description?: string;
  status?: string;
  value?: OcdsValue;
  suitability?: OcdsSuitability;
  otherRequirements?: OcdsOtherRequirements;
  contractPeriod?: OcdsPeriod;
}
export interface OcdsItem {
  classification?: OcdsClassification;
  additionalClassifications?: OcdsClassification[];
  deliveryAddresses?: OcdsAddress[];
  relatedLot?: string;
}
export interface OcdsParty {
  id?: string;
  name?: string;
  roles?: string[];
  address?: OcdsAddress;
  details?: { classifications?: OcdsClassification[] };
}
export interface OcdsAward {
  id?: string;
  status?: string;
  date?: string;
  value?: OcdsValue;
  suppliers?: { name?: string }[];
  documents?: OcdsDocument[];
}
export interface OcdsTender {
  title?: string;
  description?: string;
  status?: string;
  datePublished?: string;
  value?: OcdsValue;
  minValue?: OcdsValue;
  classification?: OcdsClassification;
  additionalClassifications?: OcdsClassification[];
  items?: OcdsItem[];
  lots?: OcdsLot[];
  tenderPeriod?: OcdsPeriod;
  enquiryPeriod?: OcdsPeriod;
  awardPeriod?: OcdsPeriod;
  contractPeriod?: OcdsPeriod;
  expressionOfInterestDeadline?: string;
  legalBasis?: OcdsClassification;
  aboveThreshold?: boolean;
  specialRegime?: string[];
  suitability?: OcdsSuitability;
  otherRequirements?: OcdsOtherRequirements;
  reservedExecution?: boolean;
  procurementMethod?: string;
  procurementMethodDetails?: string;
  submissionMethodDetails?: string;
  documents?: OcdsDocument[];
}
export interface OcdsRelease {
  id?: string;
  ocid: string;
  date?: string;
  tag?: string[];
  buyer?: { id?: string; name?: string };
  parties?: OcdsParty[];
  planning?: { documents?: OcdsDocument[]; budgetAmount?: OcdsValue };
  tender?: OcdsTender;
  awards?: OcdsAward[];
  contractDocuments?: OcdsDocument[];
}

const readValue = (v: unknown): OcdsValue | undefined => {
  const o = obj(v);
  return o && { amount: num(o.amount), amountGross: num(o.amountGross), currency: str(o.currency) };
};
const readPeriod = (v: unknown): OcdsPeriod | undefined => {
  const o = obj(v);
  return o && { startDate: str(o.startDate), endDate: str(o.endDate) };
};
const readClassification = (o: Raw): OcdsClassification => ({ scheme: str(o.scheme), id: str(o.id) });
const readSuitability = (v: unknown): OcdsSuitability | undefined => {
  const o = obj(v);
  return o && { sme: bool(o.sme), vcse: bool(o.vcse) };
};
const readDocument = (o: Raw): OcdsDocument => ({
  id: str(o.id),
  documentType: str(o.documentType),
  noticeType: str(o.noticeType),
  url: str(o.url),
  description: str(o.description),
});
const readAddress = (o: Raw): OcdsAddress => ({
  region: str(o.region),
  postalCode: str(o.postalCode),
  countryName: str(o.countryName),
  locality: str(o.locality),
});
const readOtherRequirements = (v: unknown): OcdsOtherRequirements | undefined => {
  const o = obj(v);
  return (
    o && {
      reservedParticipation: strList(o.reservedParticipation),
      reservedParticipationLocation: obj(o.reservedParticipationLocation),
    }
  );
};

function readLot(o: Raw): OcdsLot {
  return {
    id: str(o.id),
    title: str(o.title),
    description: str(o.description),
    status: str(o.status),
    value: readValue(o.value),
    suitability: readSuitability(o.suitability),
    otherRequirements: readOtherRequirements(o.otherRequirements),
    contractPeriod: readPeriod(o.contractPeriod),
  };
}

function readItem(o: Raw): OcdsItem {
  const classification = obj(o.classification);
  return {
    classification: classification && readClassification(classification),
    additionalClassifications: list(o.additionalClassifications, readClassification),
    deliveryAddresses: list(o.deliveryAddresses, readAddress),
    relatedLot: str(o.relatedLot),
  };
}

function readParty(o: Raw): OcdsParty {
  const address = obj(o.address);
  const details = obj(o.details);
  return {
    id: str(o.id),
    name: str(o.name),
    roles: strList(o.roles),
    address: address && readAddress(address),
    details: details && { classifications: list(details.classifications, readClassification) },
  };
}

function readAward(o: Raw): OcdsAward {
  return {
    id: str(o.id),
    status: str(o.status),
    date: str(o.date),
    value: readValue(o.value),
    suppliers: list(o.suppliers, (s) => ({ name: str(s.name) })),
    documents: list(o.documents, readDocument),
  };
}

function readTender(t: Raw): OcdsTender {
  const classification = obj(t.classification);
  const legalBasis = obj(t.legalBasis);
  const reservedExecution = obj(t.contractTerms)?.reservedExecution;
  return {
    title: str(t.title),
    description: str(t.description),
    status: str(t.status),
    datePublished: str(t.datePublished),
    value: readValue(t.value),
    minValue: readValue(t.minValue),
    classification: classification && readClassification(classification),
    additionalClassifications: list(t.additionalClassifications, readClassification),
    items: list(t.items, readItem),
    lots: list(t.lots, readLot),
    tenderPeriod: readPeriod(t.tenderPeriod),
    enquiryPeriod: readPeriod(t.enquiryPeriod),
    awardPeriod: readPeriod(t.awardPeriod),
    contractPeriod: readPeriod(t.contractPeriod),
    expressionOfInterestDeadline: str(t.expressionOfInterestDeadline),
    legalBasis: legalBasis && readClassification(legalBasis),
    aboveThreshold: bool(t.aboveThreshold),
    specialRegime: strList(t.specialRegime),
    suitability: readSuitability(t.suitability),
    otherRequirements: readOtherRequirements(t.otherRequirements),
    // PCR-era notices map "restricted to sheltered employment programmes" to contractTerms.reservedExecution
    // (true or an object).
    reservedExecution: reservedExecution === true || isRaw(reservedExecution),
    procurementMethod: str(t.procurementMethod),
    procurementMethodDetails: str(t.procurementMethodDetails),
    submissionMethodDetails: str(t.submissionMethodDetails),
    documents: list(t.documents, readDocument),
  };
}

export type ReadResult = { ok: true; release: OcdsRelease } | { ok: false; reason: string };

/**
 * Reads a raw release; fails only when it is not an object or has no `ocid`, which nothing can be keyed on.
 */
export function readRelease(raw: unknown): ReadResult {
  const r = obj(raw);
  if (!r) return { ok: false, reason: 'not a readable release: expected an object' };
  const ocid = str(r.ocid);
  if (!ocid) return { ok: false, reason: 'not a readable release: ocid is missing' };
  const buyer = obj(r.buyer);
  const planning = obj(r.planning);
  const tender = obj(r.tender);
  return {
    ok: true,
    release: {
      id: str(r.id) || undefined,
      ocid,
      date: str(r.date),
      tag: strList(r.tag),
      buyer: buyer && { id: str(buyer.id), name: str(buyer.name) },
      parties: list(r.parties, readParty),
      planning: planning && {
        documents: list(planning.documents, readDocument),
        budgetAmount: readValue(obj(planning.budget)?.amount),
      },
      tender: tender && readTender(tender),
      awards: list(r.awards, readAward),
      contractDocuments: (list(r.contracts, (c) => list(c.documents, readDocument) ?? []) ?? []).flat(),
    },
  };
}

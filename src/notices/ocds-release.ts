// A permissive reader for OCDS releases (1.0 and 1.1, with the UK extension): only the fields Tender Nudge
// uses, and every field falls back to "absent" when it has the wrong type, so one odd field never costs the
// whole notice. Unknown fields are ignored.
//
// Why not a zod schema (STYLE §6.3)? The same tolerant schema in zod (a `.catch()` on every field,
// item-by-item lists) cost ~28 µs per release, more than JSON.parse itself, against an ingest budget of 3×
// JSON.parse (bench/ingest.ts). These readers do the same job on `unknown` with type guards, with no casts,
// at a tenth.

export type Raw = Record<string, unknown>;

export const isRaw = (v: unknown): v is Raw => typeof v === 'object' && v !== null && !Array.isArray(v);
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
  maxExtentDate?: string;
  durationInDays?: number;
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
export interface OcdsContact {
  name?: string;
  email?: string;
  telephone?: string;
  url?: string;
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
  contactPoint?: OcdsContact;
  url?: string;
  details?: { classifications?: OcdsClassification[]; url?: string };
}
export interface OcdsMilestone {
  type?: string;
  dueDate?: string;
  description?: string;
  title?: string;
}
export interface OcdsAward {
  id?: string;
  status?: string;
  date?: string;
  value?: OcdsValue;
  suppliers?: { id?: string; name?: string }[];
  documents?: OcdsDocument[];
  items?: OcdsItem[];
  contractPeriod?: OcdsPeriod;
  relatedLots?: string[];
}
export interface OcdsContract {
  id?: string;
  awardID?: string;
  status?: string;
  title?: string;
  value?: OcdsValue;
  period?: OcdsPeriod;
  dateSigned?: string;
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
  futureNoticeDate?: string;
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
  numberOfTenderers?: number;
}
export interface OcdsPlanning {
  documents?: OcdsDocument[];
  budgetAmount?: OcdsValue;
  milestones?: OcdsMilestone[];
}
/** One of `bids.statistics`: a count (`bids`, `smeBids`, …) for the procurement or one lot. */
export interface OcdsBidStatistic {
  measure?: string;
  value?: number;
  relatedLot?: string;
}
export interface OcdsRelease {
  id?: string;
  ocid: string;
  date?: string;
  tag?: string[];
  buyer?: { id?: string; name?: string; address?: OcdsAddress; contactPoint?: OcdsContact };
  parties?: OcdsParty[];
  planning?: OcdsPlanning;
  tender?: OcdsTender;
  awards?: OcdsAward[];
  contracts?: OcdsContract[];
  bids?: OcdsBidStatistic[];
}

const readValue = (v: unknown): OcdsValue | undefined => {
  const o = obj(v);
  return o && { amount: num(o.amount), amountGross: num(o.amountGross), currency: str(o.currency) };
};
const readPeriod = (v: unknown): OcdsPeriod | undefined => {
  const o = obj(v);
  return (
    o && {
      startDate: str(o.startDate),
      endDate: str(o.endDate),
      maxExtentDate: str(o.maxExtentDate),
      durationInDays: num(o.durationInDays),
    }
  );
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
const readContact = (v: unknown): OcdsContact | undefined => {
  const o = obj(v);
  return o && { name: str(o.name), email: str(o.email), telephone: str(o.telephone), url: str(o.url) };
};
const readOtherRequirements = (v: unknown): OcdsOtherRequirements | undefined => {
  const o = obj(v);
  return (
    o && {
      reservedParticipation: strList(o.reservedParticipation),
      reservedParticipationLocation: obj(o.reservedParticipationLocation),
    }
  );
};
const readMilestone = (o: Raw): OcdsMilestone => ({
  type: str(o.type),
  dueDate: str(o.dueDate),
  description: str(o.description),
  title: str(o.title),
});

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
    contactPoint: readContact(o.contactPoint),
    details: details && {
      classifications: list(details.classifications, readClassification),
      url: str(details.url),
    },
  };
}

/** OCDS 1.0 organisations carry `identifier {scheme, id}` where 1.1 has `id`. */
function readOrganisationReference(o: Raw): { id?: string; name?: string } {
  const identifier = obj(o.identifier);
  return { id: str(o.id) ?? (identifier && str(identifier.id)), name: str(o.name) };
}

function readAward(o: Raw): OcdsAward {
  return {
    id: str(o.id),
    status: str(o.status),
    date: str(o.date),
    value: readValue(o.value),
    suppliers: list(o.suppliers, readOrganisationReference),
    documents: list(o.documents, readDocument),
    items: list(o.items, readItem),
    contractPeriod: readPeriod(o.contractPeriod),
    relatedLots: strList(o.relatedLots),
  };
}

function readContract(o: Raw): OcdsContract {
  return {
    id: str(o.id),
    awardID: str(o.awardID),
    status: str(o.status),
    title: str(o.title),
    value: readValue(o.value),
    period: readPeriod(o.period),
    dateSigned: str(o.dateSigned),
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
    futureNoticeDate: str(obj(t.communication)?.futureNoticeDate),
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
    numberOfTenderers: num(t.numberOfTenderers),
  };
}

const readBidStatistic = (o: Raw): OcdsBidStatistic => ({
  measure: str(o.measure),
  value: num(o.value),
  relatedLot: str(o.relatedLot),
});

function readPlanning(p: Raw): OcdsPlanning {
  return {
    documents: list(p.documents, readDocument),
    budgetAmount: readValue(obj(p.budget)?.amount),
    milestones: list(p.milestones, readMilestone),
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
  const buyerAddress = obj(buyer?.address);
  return {
    ok: true,
    release: {
      id: str(r.id) || undefined,
      ocid,
      date: str(r.date),
      tag: strList(r.tag),
      buyer: buyer && {
        ...readOrganisationReference(buyer),
        address: buyerAddress && readAddress(buyerAddress),
        contactPoint: readContact(buyer.contactPoint),
      },
      parties: list(r.parties, readParty),
      planning: planning && readPlanning(planning),
      tender: tender && readTender(tender),
      awards: list(r.awards, readAward),
      contracts: list(r.contracts, readContract),
      bids: list(obj(r.bids)?.statistics, readBidStatistic),
    },
  };
}

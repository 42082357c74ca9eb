import { toCpv } from './cpv.js';
import { toInstant } from './dates.js';
import type { Award, Buyer, Lot, Money, Notice, Regime, SourceId, Stage, Suitability } from './notice.js';
import {
  readRelease,
  type OcdsAward,
  type OcdsDocument,
  type OcdsItem,
  type OcdsParty,
  type OcdsRelease,
  type OcdsTender,
  type OcdsValue,
} from './ocds-release.js';
import { NATIONWIDE, toRegionName } from './regions.js';
import { cleanText } from './text.js';

/** Stands in for a missing title; it matches no phrase. */
export const NO_TITLE = '(no title given)';

export type NormaliseResult = { ok: true; notice: Notice } | { ok: false; reason: string };

/**
 * Turns one raw OCDS release (from FTS, Contracts Finder or a labelled file) into a `Notice`, or says why
 * not.
 */
export function toNotice(raw: unknown, source: SourceId): NormaliseResult {
  const read = readRelease(raw);
  if (!read.ok) return read;
  // A release with no id (seen in a Public Contracts Scotland export) is keyed by its process and date
  // instead.
  const release = {
    ...read.release,
    id: read.release.id ?? `${read.release.ocid}@${read.release.date ?? 'undated'}`,
  };
  const tender: OcdsTender = release.tender ?? {};
  const documents = allDocuments(release);
  const noticeDoc = documents.find((d) => d.id === release.id) ?? documents.find((d) => isNoticeUrl(d.url));
  const tags = release.tag ?? [];
  // Some notices (school catering call-offs on Contracts Finder) have no title: keep them, say so plainly.
  const title =
    cleanText(tender.title) ??
    cleanText(tender.lots?.[0]?.title) ??
    (cleanText(tender.description) ? NO_TITLE : null);
  if (!title) return { ok: false, reason: 'release has neither a title nor a description' };
  const buyerParty = findBuyer(release.parties ?? [], release.buyer?.id);
  const cpvByLot = lotCpvs(tender.items ?? []);
  const lots = (tender.lots ?? []).map((lot, index): Lot => ({
    id: lot.id ?? String(index + 1),
    title: cleanText(lot.title),
    description: cleanText(lot.description),
    value: toMoney(lot.value),
    status: lot.status ?? null,
    suitability: toSuitability(lot.suitability),
    reservedParticipation: lot.otherRequirements?.reservedParticipation ?? [],
    contractStart: toInstant(lot.contractPeriod?.startDate),
    contractEnd: toInstant(lot.contractPeriod?.endDate, 'end'),
    cpv: cpvByLot.get(lot.id ?? String(index + 1)) ?? [],
  }));
  const value = toMoney(tender.value, tender.minValue) ?? toMoney(release.planning?.budgetAmount);
  const firstLotPeriod = lots.find((l) => l.contractStart || l.contractEnd);
  const notice: Notice = {
    source,
    ocid: release.ocid,
    releaseId: release.id,
    noticeType: noticeDoc?.noticeType ?? noticeDoc?.documentType ?? null,
    tags,
    stage: toStage(tags),
    status: tender.status ?? null,
    title,
    description: cleanText(tender.description),
    lots,
    cpv: collectCpv(release),
    value,
    dates: {
      published: toInstant(release.date) ?? toInstant(tender.datePublished),
      tenderDeadline: toInstant(tender.tenderPeriod?.endDate, 'end'),
      expressionOfInterestDeadline: toInstant(tender.expressionOfInterestDeadline, 'end'),
      enquiryDeadline: toInstant(tender.enquiryPeriod?.endDate, 'end'),
      awardExpected: toInstant(tender.awardPeriod?.endDate ?? tender.awardPeriod?.startDate, 'end'),
      contractStart: toInstant(tender.contractPeriod?.startDate) ?? firstLotPeriod?.contractStart ?? null,
      contractEnd: toInstant(tender.contractPeriod?.endDate, 'end') ?? firstLotPeriod?.contractEnd ?? null,
    },
    buyer: toBuyer(buyerParty, release.buyer),
    deliveryRegions: deliveryRegions(tender.items ?? []),
    regime: toRegime(tender.legalBasis),
    aboveThreshold: tender.aboveThreshold ?? null,
    specialRegime: tender.specialRegime ?? [],
    suitability: toSuitability(tender.suitability),
    reservedParticipation: tender.otherRequirements?.reservedParticipation ?? [],
    reservedParticipationLocation: locationText(tender.otherRequirements?.reservedParticipationLocation),
    reservedExecution: tender.reservedExecution ?? false,
    procurementMethod: tender.procurementMethod ?? null,
    procurementMethodDetails: cleanText(tender.procurementMethodDetails),
    url: noticeUrl(source, release.id, noticeDoc?.url),
    portalUrl: portalUrl(tender.submissionMethodDetails, tender.documents ?? [], noticeDoc?.url),
    awards: (release.awards ?? []).map(toAward),
  };
  return { ok: true, notice };
}

function allDocuments(release: OcdsRelease & { id: string }): OcdsDocument[] {
  return [
    ...(release.tender?.documents ?? []),
    ...(release.planning?.documents ?? []),
    ...(release.awards ?? []).flatMap((a) => a.documents ?? []),
    ...(release.contractDocuments ?? []),
  ];
}

function isNoticeUrl(url: string | undefined): boolean {
  return (
    !!url && /(find-tender\.service\.gov\.uk|contractsfinder\.service\.gov\.uk)\/Notice\/[^/]+$/i.test(url)
  );
}

function noticeUrl(source: SourceId, releaseId: string, docUrl: string | undefined): string | null {
  if (docUrl && isNoticeUrl(docUrl)) return docUrl;
  if (source === 'fts' && /^\d{6}-\d{4}$/.test(releaseId))
    return `https://www.find-tender.service.gov.uk/Notice/${releaseId}`;
  const guid = /^([0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12})-\d+$/i.exec(releaseId)?.[1];
  if (source === 'cf' && guid) return `https://www.contractsfinder.service.gov.uk/Notice/${guid}`;
  return docUrl ?? null;
}

function portalUrl(
  details: string | undefined,
  documents: OcdsDocument[],
  noticeLink: string | undefined,
): string | null {
  const fromDetails = details ? /https?:\/\/[^\s<>"')]+/i.exec(details)?.[0] : undefined;
  if (fromDetails) return fromDetails;
  const doc = documents.find(
    (d) => d.url && d.url !== noticeLink && !isNoticeUrl(d.url) && d.documentType !== 'conflictOfInterest',
  );
  return doc?.url ?? null;
}

function toStage(tags: string[]): Stage {
  const has = (...names: string[]) => tags.some((t) => names.includes(t));
  if (has('tenderCancellation')) return 'cancellation';
  if (has('award', 'awardUpdate', 'awardCancellation')) return 'award';
  if (
    has(
      'contract',
      'contractUpdate',
      'contractAmendment',
      'contractTermination',
      'implementation',
      'implementationUpdate',
    )
  )
    return 'contract';
  if (has('tender', 'tenderUpdate', 'tenderAmendment')) return 'tender';
  if (has('planning', 'planningUpdate')) return 'planning';
  return 'other';
}

function toRegime(basis: { scheme?: string; id?: string } | undefined): Regime | null {
  if (!basis?.id) return null;
  const regimes: Record<string, Regime> = {
    '2023/54': 'PA2023',
    '32014L0024': 'PCR2015',
    '32014L0025': 'UCR2016',
    '32014L0023': 'CCR2016',
  };
  return regimes[basis.id] ?? 'other';
}

function toMoney(value?: OcdsValue, min?: OcdsValue): Money | null {
  const finite = (n: number | undefined) => (n !== undefined && Number.isFinite(n) && n >= 0 ? n : null);
  const amount = finite(value?.amount);
  const amountGross = finite(value?.amountGross);
  const minimum = finite(min?.amount);
  if (amount === null && amountGross === null && minimum === null) return null;
  // Contracts Finder publishes 0 for "not stated"; a zero upper bound says nothing about the value.
  if (amount === 0 && !amountGross && !minimum) return null;
  return { amount, amountGross, min: minimum, currency: value?.currency ?? 'GBP' };
}

function toSuitability(s: { sme?: boolean; vcse?: boolean } | undefined): Suitability {
  return { sme: s?.sme ?? null, vcse: s?.vcse ?? null };
}

function toAward(award: OcdsAward, index: number): Award {
  return {
    id: award.id ?? String(index + 1),
    status: award.status ?? null,
    date: toInstant(award.date),
    suppliers: (award.suppliers ?? []).map((s) => cleanText(s.name)).filter((n): n is string => !!n),
    value: toMoney(award.value),
  };
}

function findBuyer(parties: OcdsParty[], buyerId: string | undefined): OcdsParty | undefined {
  return parties.find((p) => p.roles?.includes('buyer')) ?? parties.find((p) => buyerId && p.id === buyerId);
}

function toBuyer(party: OcdsParty | undefined, ref: { id?: string; name?: string } | undefined): Buyer {
  const type =
    party?.details?.classifications?.find((c) => c.scheme === 'UK_CA_TYPE' || c.scheme === 'TED_CA_TYPE')
      ?.id ?? null;
  const regionCode = party?.address?.region ?? null;
  return {
    id: ref?.id ?? party?.id ?? null,
    name: cleanText(ref?.name) ?? cleanText(party?.name),
    type,
    regionCode,
    regionName: toRegionName(regionCode),
    postcode: party?.address?.postalCode ?? null,
  };
}

function isCpvScheme(scheme: string | undefined): boolean {
  // Drop the supplementary CPVS scheme ("85000000-AA01 Metal"); accept CPV and an absent scheme.
  return scheme === undefined || scheme.toUpperCase() === 'CPV';
}

function collectCpv(release: OcdsRelease): string[] {
  const tender = release.tender;
  const classifications = [
    tender?.classification,
    ...(tender?.additionalClassifications ?? []),
    ...(tender?.items ?? []).flatMap((item) => [
      item.classification,
      ...(item.additionalClassifications ?? []),
    ]),
  ];
  const codes = classifications.flatMap((c) => (c && isCpvScheme(c.scheme) ? [toCpv(c.id)] : []));
  return [...new Set(codes.filter((c): c is string => c !== null))];
}

function lotCpvs(items: OcdsItem[]): Map<string, string[]> {
  const byLot = new Map<string, string[]>();
  for (const item of items) {
    if (!item.relatedLot) continue;
    const codes = [item.classification, ...(item.additionalClassifications ?? [])]
      .flatMap((c) => (c && isCpvScheme(c.scheme) ? [toCpv(c.id)] : []))
      .filter((c): c is string => c !== null);
    byLot.set(item.relatedLot, [...new Set([...(byLot.get(item.relatedLot) ?? []), ...codes])]);
  }
  return byLot;
}

function deliveryRegions(items: OcdsItem[]): string[] {
  const names = items.flatMap((item) =>
    (item.deliveryAddresses ?? []).map(
      (a) => toRegionName(a.region) ?? (a.countryName === 'United Kingdom' && !a.region ? NATIONWIDE : null),
    ),
  );
  return [...new Set(names.filter((n): n is string => n !== null))];
}

function locationText(location: Record<string, unknown> | undefined): string | null {
  if (!location) return null;
  return (
    cleanText(location.description) ??
    (location.gazetteer ? cleanText(JSON.stringify(location.gazetteer)) : null) ??
    'a named location'
  );
}

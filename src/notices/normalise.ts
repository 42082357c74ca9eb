import { toInstant } from './dates.js';
import { collectCpv, deliveryRegions, lotCpvs } from './items.js';
import { toMoney } from './money.js';
import type { Buyer, Lot, Nation, Notice, Regime, Stage, Suitability } from './notice.js';
import { bidCount, toAward, toContract, contractFacts, periodEnd } from './normalise-awards.js';
import {
  readRelease,
  type OcdsDocument,
  type OcdsParty,
  type OcdsRelease,
  type OcdsTender,
} from './ocds-release.js';
import { NATION_OF_REGION, toRegionName } from './regions.js';
import type { SourceProfile } from './source-profile.js';
import { cleanText } from './text.js';
import { boundedText, TEXT_LIMITS, type TextCut } from './text-bounds.js';

/**
 * The normaliser's version, which salts the fingerprint of a release's bytes (sources/fingerprint.ts):
 * bump it whenever a change here (or in the source profiles) would turn the same release into a different
 * Notice, so that releases stored before are normalised again when they are next read. The test
 * normalise-version.test.ts fails when the Notices of the recorded fixtures change and this was not bumped.
 */
export const NORMALISER_VERSION = '2026-12-03.1';

/** Stands in for a missing title; it matches no phrase. */
export const NO_TITLE = '(no title given)';

export type NormaliseResult = { ok: true; notice: Notice } | { ok: false; reason: string };

/** How a release's date-times are read: `end` dates (deadlines) take the last second of a bare day. */
export type DateReader = (value: string | undefined, edge?: 'start' | 'end') => string | null;

/**
 * Turns one raw OCDS release (from any feed, or a file) into a `Notice`, or says why not. Award and contract
 * notices fill the notice's CPV codes, regions, value and contract dates when the tender gives none.
 */
export function toNotice(raw: unknown, profile: SourceProfile): NormaliseResult {
  const read = readRelease(raw);
  if (!read.ok) return read;
  // A release with no id (Public Contracts Scotland exports) is keyed by its process and date instead.
  const release = {
    ...read.release,
    id: read.release.id ?? `${read.release.ocid}@${read.release.date ?? 'undated'}`,
  };
  const date: DateReader = (value, edge = 'start') => toInstant(value, edge, profile.zIsUkTime);
  const tender: OcdsTender = release.tender ?? {};
  const noticeDoc = noticeDocument(release, profile);
  // Every long text is read within TEXT_LIMITS; what was cut is listed on the notice (and shown).
  const cuts: TextCut[] = [];
  const title = titleOf(tender, cuts);
  if (!title) return { ok: false, reason: 'release has neither a title nor a description' };
  const description = boundedText(tender.description, 'description', TEXT_LIMITS.description, cuts);
  const lots = toLots(tender, date, cuts);
  const awards = (release.awards ?? []).map((a, i) => toAward(a, i, release.parties ?? [], date));
  const contracts = (release.contracts ?? []).map((c, i) => toContract(c, i, date));
  const facts = contractFacts(awards, contracts);
  const firstLotPeriod = lots.find((l) => l.contractStart || l.contractEnd);
  const tenderStart = date(tender.contractPeriod?.startDate);
  const engagement = (release.planning?.milestones ?? []).find((m) => m.type === 'engagement');
  const buyer = toBuyer(findBuyer(release.parties ?? [], release.buyer?.id), release.buyer);
  const cpv = collectCpv(release);
  const regions = deliveryRegions(tender.items ?? []);
  const notice: Notice = {
    source: profile.id,
    ocid: release.ocid,
    releaseId: release.id,
    noticeType: noticeDoc?.noticeType ?? noticeDoc?.documentType ?? null,
    tags: release.tag ?? [],
    stage: toStage(release),
    status: tender.status ?? null,
    title,
    description,
    lots,
    cpv: cpv.length > 0 ? cpv : facts.cpv,
    value: toMoney(tender.value, tender.minValue) ?? toMoney(release.planning?.budgetAmount) ?? facts.value,
    dates: {
      published: date(release.date) ?? date(tender.datePublished),
      tenderDeadline: date(tender.tenderPeriod?.endDate, 'end'),
      expressionOfInterestDeadline: date(tender.expressionOfInterestDeadline, 'end'),
      enquiryDeadline: date(tender.enquiryPeriod?.endDate, 'end'),
      awardExpected: date(tender.awardPeriod?.endDate ?? tender.awardPeriod?.startDate, 'end'),
      contractStart: tenderStart ?? firstLotPeriod?.contractStart ?? facts.start,
      contractEnd:
        periodEnd(tender.contractPeriod, tenderStart, date) ?? firstLotPeriod?.contractEnd ?? facts.end,
      contractMaxExtent: date(tender.contractPeriod?.maxExtentDate, 'end') ?? facts.maxExtent,
      engagementDeadline: date(engagement?.dueDate, 'end'),
      expectedTender: date(tender.futureNoticeDate, 'end'),
    },
    buyer,
    deliveryRegions: regions.length > 0 ? regions : facts.regions,
    regime: toRegime(tender.legalBasis, profile.nation),
    nation: profile.nation ?? nationOf(buyer.regionCode),
    aboveThreshold: tender.aboveThreshold ?? null,
    specialRegime: tender.specialRegime ?? [],
    suitability: toSuitability(tender.suitability),
    reservedParticipation: tender.otherRequirements?.reservedParticipation ?? [],
    reservedParticipationLocation: locationText(tender.otherRequirements?.reservedParticipationLocation),
    reservedExecution: tender.reservedExecution ?? false,
    procurementMethod: tender.procurementMethod ?? null,
    procurementMethodDetails: cleanText(tender.procurementMethodDetails),
    url: noticeUrl(profile, release.id, noticeDoc?.url),
    portalUrl: portalUrl(tender.submissionMethodDetails, tender.documents ?? [], noticeDoc?.url, profile),
    awards,
    contracts,
    engagement: engagement ? toEngagement(engagement.description ?? engagement.title, cuts) : null,
    textCut: cuts,
    bidCount: bidCount(release.bids ?? [], tender.numberOfTenderers),
  };
  return { ok: true, notice };
}

/** Some notices (school catering call-offs on Contracts Finder) have no title: keep them, say so plainly. */
function titleOf(tender: OcdsTender, cuts: TextCut[]): string | null {
  const title =
    boundedText(tender.title, 'title', TEXT_LIMITS.title, cuts) ??
    boundedText(tender.lots?.[0]?.title, 'title', TEXT_LIMITS.title, cuts);
  if (title) return title;
  return boundedText(tender.description, 'description', TEXT_LIMITS.description, []) ? NO_TITLE : null;
}

function toLots(tender: OcdsTender, date: DateReader, cuts: TextCut[]): Lot[] {
  const cpvByLot = lotCpvs(tender.items ?? []);
  return (tender.lots ?? []).map((lot, index): Lot => {
    const id = lot.id ?? String(index + 1);
    const lotStart = date(lot.contractPeriod?.startDate);
    return {
      id,
      title: boundedText(lot.title, `lots.${index}.title`, TEXT_LIMITS.title, cuts),
      description: boundedText(lot.description, `lots.${index}.description`, TEXT_LIMITS.description, cuts),
      value: toMoney(lot.value),
      status: lot.status ?? null,
      suitability: toSuitability(lot.suitability),
      reservedParticipation: lot.otherRequirements?.reservedParticipation ?? [],
      contractStart: lotStart,
      contractEnd: periodEnd(lot.contractPeriod, lotStart, date),
      cpv: cpvByLot.get(id) ?? [],
    };
  });
}

function allDocuments(release: OcdsRelease): OcdsDocument[] {
  return [
    ...(release.tender?.documents ?? []),
    ...(release.planning?.documents ?? []),
    ...(release.awards ?? []).flatMap((a) => a.documents ?? []),
    ...(release.contracts ?? []).flatMap((c) => c.documents ?? []),
  ];
}

/** The document that is the notice itself: the one with the release's id, else one on a notice page. */
function noticeDocument(
  release: OcdsRelease & { id: string },
  profile: SourceProfile,
): OcdsDocument | undefined {
  const documents = allDocuments(release);
  return (
    documents.find((d) => d.id === release.id) ??
    documents.find((d) => d.url !== undefined && profile.isNoticePage(d.url))
  );
}

function noticeUrl(profile: SourceProfile, releaseId: string, docUrl: string | undefined): string | null {
  if (docUrl && profile.isNoticePage(docUrl)) return docUrl;
  return profile.noticePageFor(releaseId) ?? docUrl ?? null;
}

function portalUrl(
  details: string | undefined,
  documents: OcdsDocument[],
  noticeLink: string | undefined,
  profile: SourceProfile,
): string | null {
  const fromDetails = details ? /https?:\/\/[^\s<>"')]+/i.exec(details)?.[0] : undefined;
  if (fromDetails) return fromDetails;
  const doc = documents.find(
    (d) =>
      d.url &&
      d.url !== noticeLink &&
      !profile.isNoticePage(d.url) &&
      d.documentType !== 'conflictOfInterest',
  );
  return doc?.url ?? null;
}

/** The link and words of an engagement milestone (FTS puts the reply link in its description). */
function toEngagement(
  text: string | undefined,
  cuts: TextCut[],
): { description: string | null; url: string | null } {
  const description = boundedText(text, 'engagement', TEXT_LIMITS.description, cuts);
  const url = description ? (/https?:\/\/[^\s<>"')]+/i.exec(description)?.[0] ?? null) : null;
  return { description: description === url ? null : description, url };
}

const STAGE_TAGS: [Stage, string[]][] = [
  ['cancellation', ['tenderCancellation']],
  ['award', ['award', 'awardUpdate', 'awardCancellation']],
  [
    'contract',
    [
      'contract',
      'contractUpdate',
      'contractAmendment',
      'contractTermination',
      'implementation',
      'implementationUpdate',
    ],
  ],
  ['tender', ['tender', 'tenderUpdate', 'tenderAmendment']],
  ['planning', ['planning', 'planningUpdate']],
];

/**
 * The stage from the release's tags; a compiled release (tag "compiled") is read from its content instead.
 */
function toStage(release: OcdsRelease): Stage {
  const tags = release.tag ?? [];
  for (const [stage, names] of STAGE_TAGS) if (tags.some((t) => names.includes(t))) return stage;
  if (!tags.includes('compiled')) return 'other';
  if (release.tender?.status === 'cancelled') return 'cancellation';
  if ((release.contracts ?? []).length > 0) return 'contract';
  if ((release.awards ?? []).length > 0) return 'award';
  if (release.tender) return 'tender';
  return release.planning ? 'planning' : 'other';
}

const REGIMES: Record<string, Regime> = {
  '2023/54': 'PA2023',
  '32014L0024': 'PCR2015',
  '32014L0025': 'UCR2016',
  '32014L0023': 'CCR2016',
};

/** The law a notice runs under; Scotland's own regulations for Scottish notices under the 2014 directive. */
function toRegime(basis: { scheme?: string; id?: string } | undefined, nation: Nation | null): Regime | null {
  if (nation === 'Scotland' && basis?.id !== '2023/54') return 'PCSR2015';
  if (!basis?.id) return null;
  return REGIMES[basis.id] ?? 'other';
}

function nationOf(regionCode: string | null): Nation | null {
  const itl1 = /^(?:UK|TL)([C-N])/.exec(regionCode?.toUpperCase() ?? '')?.[1];
  return itl1 ? (NATION_OF_REGION[itl1] ?? 'England') : null;
}

function toSuitability(s: { sme?: boolean; vcse?: boolean } | undefined): Suitability {
  return { sme: s?.sme ?? null, vcse: s?.vcse ?? null };
}

function findBuyer(parties: OcdsParty[], buyerId: string | undefined): OcdsParty | undefined {
  return parties.find((p) => p.roles?.includes('buyer')) ?? parties.find((p) => buyerId && p.id === buyerId);
}

function toBuyer(party: OcdsParty | undefined, ref: OcdsRelease['buyer']): Buyer {
  const type =
    party?.details?.classifications?.find((c) => c.scheme === 'UK_CA_TYPE' || c.scheme === 'TED_CA_TYPE')
      ?.id ?? null;
  // OCDS 1.0 has no parties: the buyer's address and contact sit on `buyer` itself.
  const address = party?.address ?? ref?.address;
  const contact = party?.contactPoint ?? ref?.contactPoint;
  const regionCode = address?.region ?? null;
  const contactFields = {
    name: cleanText(contact?.name),
    email: cleanText(contact?.email),
    telephone: cleanText(contact?.telephone),
    url: cleanText(contact?.url ?? party?.details?.url),
  };
  return {
    id: ref?.id ?? party?.id ?? null,
    name: cleanText(ref?.name) ?? cleanText(party?.name),
    type,
    regionCode,
    regionName: toRegionName(regionCode),
    postcode: address?.postalCode ?? null,
    contact: Object.values(contactFields).some((v) => v !== null) ? contactFields : null,
  };
}

function locationText(location: Record<string, unknown> | undefined): string | null {
  if (!location) return null;
  const gazetteer = location.gazetteer ? cleanText(JSON.stringify(location.gazetteer)) : null;
  return cleanText(location.description) ?? gazetteer ?? 'a named location';
}

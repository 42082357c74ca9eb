import { z } from 'zod';
import type { MatchResult } from '../matching/match-result.js';
import { Contact, Stage, type Notice } from '../notices/notice.js';
import type { ContractRecord } from './contract.js';

// Buyer intelligence: what one buyer's stored notices say about it. Every stored notice with a buyer leaves
// these few facts (kept by the radar index, store/radar-store.ts); a buyer's record is made from them and
// from its contracts.

export const BuyerNotice = z.object({
  source: z.string(),
  ocid: z.string(),
  releaseId: z.string(),
  title: z.string(),
  stage: Stage,
  noticeType: z.string().nullable(),
  published: z.string().nullable(),
  deadline: z.string().nullable(),
  engagementDeadline: z.string().nullable(),
  expectedTender: z.string().nullable(),
  areas: z.array(z.string()),
  reserved: z.boolean(),
  vcse: z.boolean(),
  url: z.string().nullable(),
  contact: Contact.nullable(),
});
export type BuyerNotice = z.infer<typeof BuyerNotice>;

/** The facts about one notice that its buyer's record needs. */
export function toBuyerNotice(notice: Notice, match: MatchResult | null): BuyerNotice {
  return {
    source: notice.source,
    ocid: notice.ocid,
    releaseId: notice.releaseId,
    title: notice.title,
    stage: notice.stage,
    noticeType: notice.noticeType,
    published: notice.dates.published,
    deadline: notice.dates.tenderDeadline ?? notice.dates.expressionOfInterestDeadline,
    engagementDeadline: notice.dates.engagementDeadline,
    expectedTender: notice.dates.expectedTender,
    areas: (match?.areas ?? []).map((a) => a.rule),
    reserved: match?.reserved?.kind === 'explicit',
    vcse: notice.suitability.vcse === true || notice.lots.some((l) => l.suitability.vcse === true),
    url: notice.url,
    contact: notice.buyer.contact,
  };
}

export interface BuyerProfile {
  name: string;
  /** Its contracts in a service area, newest first. */
  areaContracts: ContractRecord[];
  /** How many of its contracts are in no service area. */
  otherContracts: number;
  noticeCount: number;
  reservedCount: number;
  vcseCount: number;
  open: BuyerNotice[];
  early: BuyerNotice[];
  contacts: Contact[];
}

const after = (instant: string | null, now: number) => instant !== null && Date.parse(instant) > now;
const newestFirst = (a: string | null, b: string | null) => (b ?? '').localeCompare(a ?? '');

/** How many contact points /buyer shows. */
export const CONTACTS_SHOWN = 3;

/**
 * Who a contact point is, for showing each once: its email, else its telephone, else its name; null when it
 * gives none of them (the store keeps it as buyer_notices.contact_key, migration 016).
 */
export function contactKey(contact: Contact | null): string | null {
  if (!contact || (!contact.email && !contact.telephone && !contact.name)) return null;
  return contact.email ?? contact.telephone ?? contact.name;
}

/** What /buyer needs of a buyer's notices; the store reads it from indexes, not from every notice. */
export interface BuyerFacts {
  noticeCount: number;
  reservedCount: number;
  vcseCount: number;
  /** Its notices in a service area (its open opportunities and early engagement are among them). */
  relevant: BuyerNotice[];
  /**
   * For each of its newest contact points (at most CONTACTS_SHOWN), its newest notice giving it, newest
   * first. Publication dates compare as text (ISO 8601), an undated notice last; a tie goes to the notice
   * stored later and, between contact points, to the one a notice stored later gives.
   */
  contacts: BuyerNotice[];
}

/** A buyer's facts from all its notices, in the order they were stored (what the store's indexes give). */
export function buyerFacts(notices: BuyerNotice[]): BuyerFacts {
  // Each contact point's newest notice (a tie goes to the one stored later), and its last notice stored.
  const newest = new Map<string, { n: BuyerNotice; latest: number }>();
  notices.forEach((n, at) => {
    const key = contactKey(n.contact);
    if (key === null) return;
    const seen = newest.get(key);
    if (!seen || (seen.n.published ?? '') <= (n.published ?? '')) newest.set(key, { n, latest: at });
    else seen.latest = at;
  });
  // Contact points by their newest notice's date, then by the last notice stored that gives them.
  const contacts = [...newest.values()]
    .sort((a, b) => {
      const [pa, pb] = [a.n.published ?? '', b.n.published ?? ''];
      if (pa !== pb) return pa < pb ? 1 : -1;
      return b.latest - a.latest;
    })
    .slice(0, CONTACTS_SHOWN)
    .map(({ n }) => n);
  return {
    noticeCount: notices.length,
    reservedCount: notices.filter((n) => n.reserved).length,
    vcseCount: notices.filter((n) => n.vcse).length,
    relevant: notices.filter((n) => n.areas.length > 0),
    contacts,
  };
}

/**
 * One buyer's record: its contracts in the service areas over the years, whether it has ever reserved a
 * contract or marked one suitable for VCSEs, its open opportunities and early-engagement notices (in a
 * service area), and the contact points its notices give (newest first, each once).
 */
export function buyerProfile(
  name: string,
  contracts: ContractRecord[],
  facts: BuyerFacts,
  now: number,
  /** Its contracts left out of `contracts`: the store counts those in no area or watchlist, unreserved. */
  uncounted = 0,
): BuyerProfile {
  const inArea = contracts.filter((c) => c.areas.length > 0);
  const yearAgo = now - 365 * 86_400_000;
  const { relevant } = facts;
  const early = relevant.filter(
    (n) =>
      n.stage === 'planning' &&
      (after(n.engagementDeadline, now) || after(n.expectedTender, now) || after(n.published, yearAgo)),
  );
  return {
    name,
    areaContracts: [...inArea].sort((a, b) => newestFirst(a.awardedOn, b.awardedOn)),
    otherContracts: contracts.length - inArea.length + uncounted,
    noticeCount: facts.noticeCount,
    reservedCount: facts.reservedCount,
    vcseCount: facts.vcseCount,
    open: relevant.filter((n) => n.stage === 'tender' && after(n.deadline, now)),
    early: early.sort((a, b) => newestFirst(a.published, b.published)),
    contacts: facts.contacts.flatMap((n) => (n.contact ? [n.contact] : [])),
  };
}

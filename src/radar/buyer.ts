import { z } from 'zod';
import type { MatchResult } from '../matching/match-result.js';
import { Contact, Stage, type Notice } from '../notices/notice.js';
import { pageIn } from '../shared/pages.js';
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

/** How many of a list there are, and the first few shown. */
export interface Shown<T> {
  total: number;
  first: T[];
}

export interface BuyerProfile {
  name: string;
  /** Its contracts in a service area: how many, the earliest award, and one page of them, newest first. */
  areaContracts: BuyerContracts;
  noticeCount: number;
  reservedCount: number;
  vcseCount: number;
  /** Its open opportunities in a service area (tenders whose deadline is ahead), in the order stored. */
  open: Shown<BuyerNotice>;
  /** Its early-engagement notices in a service area, newest first. */
  early: Shown<BuyerNotice>;
  contacts: Contact[];
}

/** A buyer's contracts as /buyer shows them: counted, and one page of those in a service area. */
export interface BuyerContracts {
  /** How many are in a service area. */
  total: number;
  /** The earliest award date among those (as text), or null when none gives one. */
  firstAwarded: string | null;
  /** How many are in no service area (a watchlist's, a reserved one's, any other). */
  other: number;
  /** The page given (the last one when asked past the end), and its contracts, newest award first. */
  page: number;
  items: ContractRecord[];
}

const after = (instant: string | null, now: number) => instant !== null && Date.parse(instant) > now;
/** Newest first, dates compared as text (ISO 8601; as SQLite compares them), none last; ties keep order. */
const newestFirst = (a: string | null, b: string | null) => {
  const [x, y] = [a ?? '', b ?? ''];
  if (x === y) return 0;
  return x < y ? 1 : -1;
};

/** How many contact points /buyer shows, and how many open and early-engagement notices. */
export const CONTACTS_SHOWN = 3;
export const NOTICES_SHOWN = 3;

/** An open opportunity: a tender whose deadline is ahead. */
export const isOpen = (n: BuyerNotice, now: number) => n.stage === 'tender' && after(n.deadline, now);

/** How recently a planning notice with nothing ahead was published to count as early engagement: a year. */
export const EARLY_PUBLISHED_MS = 365 * 86_400_000;

/**
 * Early engagement: a planning notice whose engagement deadline or expected tender is ahead, or published in
 * the last year.
 */
export const isEarly = (n: BuyerNotice, now: number) =>
  n.stage === 'planning' &&
  (after(n.engagementDeadline, now) ||
    after(n.expectedTender, now) ||
    after(n.published, now - EARLY_PUBLISHED_MS));

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
  /** Open opportunities in a service area (isOpen), in the order stored: how many, the first shown. */
  open: Shown<BuyerNotice>;
  /** Early engagement in a service area (isEarly), newest first (a tie in the order stored). */
  early: Shown<BuyerNotice>;
  /**
   * For each of its newest contact points (at most CONTACTS_SHOWN), its newest notice giving it, newest
   * first. Publication dates compare as text (ISO 8601), an undated notice last; a tie goes to the notice
   * stored later and, between contact points, to the one a notice stored later gives.
   */
  contacts: BuyerNotice[];
}

const shown = <T>(list: T[], limit: number): Shown<T> => ({
  total: list.length,
  first: list.slice(0, limit),
});

/** A buyer's facts from all its notices, in the order they were stored (what the store's indexes give). */
export function buyerFacts(notices: BuyerNotice[], now: number): BuyerFacts {
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
    .sort((a, b) => newestFirst(a.n.published, b.n.published) || b.latest - a.latest)
    .slice(0, CONTACTS_SHOWN)
    .map(({ n }) => n);
  const relevant = notices.filter((n) => n.areas.length > 0);
  const early = relevant.filter((n) => isEarly(n, now)).sort((a, b) => newestFirst(a.published, b.published));
  return {
    noticeCount: notices.length,
    reservedCount: notices.filter((n) => n.reserved).length,
    vcseCount: notices.filter((n) => n.vcse).length,
    open: shown(
      relevant.filter((n) => isOpen(n, now)),
      NOTICES_SHOWN,
    ),
    early: shown(early, NOTICES_SHOWN),
    contacts,
  };
}

/**
 * A buyer's contracts from all of them, in the order stored (what the store's indexes give): those in a
 * service area counted, the earliest award date, and page `page` of `pageSize`, newest award first (a tie, or
 * no award date, in the order stored; undated last).
 */
export function buyerContracts(contracts: ContractRecord[], page: number, pageSize: number): BuyerContracts {
  const inArea = contracts.filter((c) => c.areas.length > 0);
  const at = pageIn(inArea.length, page, pageSize);
  const dates = inArea.map((c) => c.awardedOn ?? '').filter((d) => d !== '');
  return {
    total: inArea.length,
    firstAwarded: dates.length > 0 ? dates.reduce((a, b) => (b < a ? b : a)) : null,
    other: contracts.length - inArea.length,
    page: at,
    items: inArea
      .sort((a, b) => newestFirst(a.awardedOn, b.awardedOn))
      .slice(at * pageSize, at * pageSize + pageSize),
  };
}

/**
 * One buyer's record: its contracts in the service areas over the years, whether it has ever reserved a
 * contract or marked one suitable for VCSEs, its open opportunities and early-engagement notices (in a
 * service area), and the contact points its notices give (newest first, each once).
 */
export function buyerProfile(name: string, contracts: BuyerContracts, facts: BuyerFacts): BuyerProfile {
  return {
    name,
    areaContracts: contracts,
    noticeCount: facts.noticeCount,
    reservedCount: facts.reservedCount,
    vcseCount: facts.vcseCount,
    open: facts.open,
    early: facts.early,
    contacts: facts.contacts.flatMap((n) => (n.contact ? [n.contact] : [])),
  };
}

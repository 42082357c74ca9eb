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

/**
 * One buyer's record: its contracts in the service areas over the years, whether it has ever reserved a
 * contract or marked one suitable for VCSEs, its open opportunities and early-engagement notices (in a
 * service area), and the contact points its notices give (newest first, each once).
 */
export function buyerProfile(
  name: string,
  contracts: ContractRecord[],
  notices: BuyerNotice[],
  now: number,
  /** Its contracts left out of `contracts`: the store counts those in no area or watchlist, unreserved. */
  uncounted = 0,
): BuyerProfile {
  const inArea = contracts.filter((c) => c.areas.length > 0);
  const yearAgo = now - 365 * 86_400_000;
  const relevant = notices.filter((n) => n.areas.length > 0);
  const early = relevant.filter(
    (n) =>
      n.stage === 'planning' &&
      (after(n.engagementDeadline, now) || after(n.expectedTender, now) || after(n.published, yearAgo)),
  );
  const contacts: Contact[] = [];
  for (const n of [...notices].sort((a, b) => newestFirst(a.published, b.published))) {
    const c = n.contact;
    if (!c || (!c.email && !c.telephone && !c.name)) continue;
    const same = (k: Contact) => (k.email ?? k.telephone ?? k.name) === (c.email ?? c.telephone ?? c.name);
    if (!contacts.some(same)) contacts.push(c);
  }
  return {
    name,
    areaContracts: [...inArea].sort((a, b) => newestFirst(a.awardedOn, b.awardedOn)),
    otherContracts: contracts.length - inArea.length + uncounted,
    noticeCount: notices.length,
    reservedCount: notices.filter((n) => n.reserved).length,
    vcseCount: notices.filter((n) => n.vcse).length,
    open: relevant.filter((n) => n.stage === 'tender' && after(n.deadline, now)),
    early: early.sort((a, b) => newestFirst(a.published, b.published)),
    contacts,
  };
}

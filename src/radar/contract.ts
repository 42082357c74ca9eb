import { DateTime } from 'luxon';
import { z } from 'zod';
import { reservedLine } from '../alerts/alert-text.js';
import type { MatchResult } from '../matching/match-result.js';
import { UK_ZONE } from '../notices/dates.js';
import { contractFacts, standing } from '../notices/normalise-awards.js';
import { Money, Supplier, type Notice } from '../notices/notice.js';
import { NATIONWIDE } from '../notices/regions.js';

// A contract, remembered: what an award or contract notice says was bought, from whom, until when. The radar,
// /radar, /buyer and the guide read these records; they are derived from the stored notice (which already
// folds in later releases of the same procurement) and its match verdict, so they never disagree with it.

/** A later notice of the same procurement that moved the contract's end or ended it. */
export const ContractEvent = z.object({
  releaseId: z.string(),
  noticeType: z.string().nullable(),
  /** When the notice was published. */
  date: z.string().nullable(),
  kind: z.enum(['modified', 'terminated']),
  endFrom: z.string().nullable(),
  endTo: z.string().nullable(),
  maxExtentFrom: z.string().nullable(),
  maxExtentTo: z.string().nullable(),
});
export type ContractEvent = z.infer<typeof ContractEvent>;

export const ContractRecord = z.object({
  source: z.string(),
  ocid: z.string(),
  /** The latest release of the procurement, and the notice page it points to. */
  releaseId: z.string(),
  url: z.string().nullable(),
  title: z.string(),
  buyer: z.object({
    /** The buyer's name folded for comparison (see `buyerKey`); '' when the notice names no buyer. */
    key: z.string(),
    name: z.string().nullable(),
    id: z.string().nullable(),
  }),
  /** Service-area ids the matcher gave the notice, and the watchlist rules it matched. */
  areas: z.array(z.string()),
  watchlists: z.array(z.string()),
  /** ITL1 region names: the buyer's and where the service is delivered. */
  regions: z.array(z.string()),
  cpv: z.array(z.string()),
  suppliers: z.array(Supplier),
  value: Money.nullable(),
  /**
   * Where `value` comes from: the awards or contracts, or, when they give none, the whole procurement's (the
   * tender's value or budget: an estimate, or the total of every lot).
   */
  valueFrom: z.enum(['award', 'procurement']).default('award'),
  start: z.string().nullable(),
  end: z.string().nullable(),
  /** The latest date the contract can be extended to (`maxExtentDate`). */
  maxExtent: z.string().nullable(),
  /** When it was awarded: the award date, else the notice's publication. */
  awardedOn: z.string().nullable(),
  status: z.enum(['active', 'terminated']),
  lots: z.array(z.object({ id: z.string(), title: z.string().nullable() })),
  bidCount: z.number().nullable(),
  /** The contract was explicitly reserved (supported employment providers, mutuals, SMEs/VCSEs). */
  reserved: z.boolean(),
  /** The buyer marked it (or a lot) suitable for voluntary, community or social enterprises. */
  vcseSuitable: z.boolean(),
  /** "Could be reserved for …": what the law would let the buyer do with the next contract. */
  reservationNote: z.string().nullable(),
  history: z.array(ContractEvent),
});
export type ContractRecord = z.infer<typeof ContractRecord>;

const DROPPED_PHRASES = [/^the /, /\blondon borough of\b/, /\broyal borough of\b/, /\bcity and county of\b/];
const DROPPED_WORDS = new Set(['council', 'county', 'city', 'borough', 'metropolitan', 'district', 'mbc']);

/**
 * A buyer's name folded so that the same body matches itself across notices and feeds: case, punctuation,
 * "the", "London Borough of" and a trailing "County Council" or "(WCC)" do not count. "Durham County
 * Council" and "DURHAM COUNTY COUNCIL" are one buyer; "Durham University" is another.
 */
export function buyerKey(name: string | null | undefined): string {
  const raw = name ?? '';
  const known = folded.get(raw);
  if (known !== undefined) return known;
  const key = foldBuyer(raw);
  // The radar index folds each notice's buyer several times: a memo, emptied when it holds 10,000 names.
  if (folded.size >= FOLDED_KEPT) folded.clear();
  folded.set(raw, key);
  return key;
}

const FOLDED_KEPT = 10_000;
const folded = new Map<string, string>();

function foldBuyer(name: string): string {
  let text = name
    .toLowerCase()
    .replace(/\([^)]*\)/g, ' ')
    .replace(/&/g, ' and ')
    .replace(/[^a-z0-9 ]+/g, ' ')
    .replace(/\s+/g, ' ')
    .trim();
  for (const phrase of DROPPED_PHRASES) text = text.replace(phrase, ' ').trim();
  text = text.replace(/^city of /, '').trim();
  const words = text.split(' ').filter((w) => w.length > 0);
  while (words.length > 1 && DROPPED_WORDS.has(words[words.length - 1] ?? '')) words.pop();
  return words.join(' ');
}

/** A notice of an awarded or signed contract (award, contract details, change or termination). */
export function isContractNotice(notice: Notice): boolean {
  const decided = notice.stage === 'award' || notice.stage === 'contract';
  const awarded = notice.awards.some((a) => standing(a.status) && a.suppliers.length > 0);
  return (
    (decided || awarded) && (notice.awards.some((a) => standing(a.status)) || notice.contracts.length > 0)
  );
}

/** Whether the notice ends the contract early: a termination (UK11, `contractTermination`). */
export function isTermination(notice: Notice): boolean {
  return (
    notice.noticeType === 'UK11' ||
    notice.tags.includes('contractTermination') ||
    notice.contracts.some((c) => c.status === 'terminated')
  );
}

const earliest = (dates: (string | null)[]) => dates.filter((d): d is string => d !== null).sort()[0] ?? null;
const latest = (dates: (string | null)[]) =>
  dates
    .filter((d): d is string => d !== null)
    .sort()
    .pop() ?? null;

/**
 * Start, end and extension limit of the contract. A signed contract's period speaks for the deal (a change
 * notice that shortens it wins over the award's original period); else the awards'; else the notice's dates.
 */
export function contractDates(notice: Notice): {
  start: string | null;
  end: string | null;
  maxExtent: string | null;
} {
  const signed = notice.contracts
    .filter((c) => standing(c.status))
    .map((c) => c.period)
    .filter((p) => p !== null);
  const awarded = notice.awards
    .filter((a) => standing(a.status))
    .map((a) => a.contractPeriod)
    .filter((p) => p !== null);
  const periods = signed.some((p) => p.end || p.maxExtent) ? signed : awarded;
  return {
    start: earliest(periods.map((p) => p.start)) ?? notice.dates.contractStart,
    end: latest(periods.map((p) => p.end)) ?? notice.dates.contractEnd,
    maxExtent: latest(periods.map((p) => p.maxExtent)) ?? notice.dates.contractMaxExtent,
  };
}

function regionsOf(notice: Notice): string[] {
  const named = [
    notice.buyer.regionName,
    ...notice.deliveryRegions,
    ...notice.awards.flatMap((a) => a.deliveryRegions),
  ];
  return [...new Set(named.filter((r): r is string => !!r))];
}

function suppliersOf(notice: Notice): Supplier[] {
  const live = notice.awards.filter((a) => standing(a.status));
  const seen = new Set<string>();
  return live
    .flatMap((a) => a.suppliers)
    .filter((s) => {
      const key = s.id ?? s.name.toLowerCase();
      if (seen.has(key)) return false;
      seen.add(key);
      return true;
    });
}

/**
 * When a terminated contract ends: the end its termination notice gives, else the day that notice was
 * published (the original end no longer holds).
 */
function terminationEnd(notice: Notice, end: string | null, history: ContractEvent[]): string | null {
  const ending = [...history].reverse().find((e) => e.kind === 'terminated');
  if (ending) return ending.endTo ?? ending.date ?? end;
  return end ?? notice.dates.published;
}

/**
 * The contract an award or contract notice records, or null when the notice records none (a tender, an
 * award that was cancelled). `history` is what later notices of the same procurement changed (history.ts).
 */
export function toContractRecord(
  notice: Notice,
  match: MatchResult | null,
  history: ContractEvent[] = [],
): ContractRecord | null {
  if (!isContractNotice(notice)) return null;
  const dates = contractDates(notice);
  const terminated = isTermination(notice) || history.some((e) => e.kind === 'terminated');
  const awardDates = notice.awards.filter((a) => standing(a.status)).map((a) => a.date);
  const awardedOn = awardDates.filter((d): d is string => d !== null).sort()[0] ?? null;
  const facts = contractFacts(notice.awards, notice.contracts);
  return {
    source: notice.source,
    ocid: notice.ocid,
    releaseId: notice.releaseId,
    url: notice.url,
    title: notice.title,
    buyer: { key: buyerKey(notice.buyer.name), name: notice.buyer.name, id: notice.buyer.id },
    areas: (match?.areas ?? []).map((a) => a.rule),
    watchlists: (match?.watchlists ?? []).map((w) => w.rule),
    regions: regionsOf(notice),
    cpv: notice.cpv,
    suppliers: suppliersOf(notice),
    value: facts.value ?? notice.value,
    valueFrom: facts.value === null && notice.value !== null ? 'procurement' : 'award',
    start: dates.start,
    end: terminated ? terminationEnd(notice, dates.end, history) : dates.end,
    maxExtent: terminated ? null : dates.maxExtent,
    awardedOn: awardedOn ?? notice.dates.published,
    status: terminated ? 'terminated' : 'active',
    lots: notice.lots.map((l) => ({ id: l.id, title: l.title })),
    bidCount: notice.bidCount,
    reserved: match?.reserved?.kind === 'explicit',
    vcseSuitable: notice.suitability.vcse === true || notice.lots.some((l) => l.suitability.vcse === true),
    reservationNote: match?.reserved?.kind === 'candidate' ? reservedLine(match, 'tender') : null,
    history,
  };
}

/**
 * The next date the contract's future is decided on: its end while that is ahead, else its extension limit
 * while that is ahead (it has probably been extended); null once both have passed.
 */
export function nextEnd(record: Pick<ContractRecord, 'end' | 'maxExtent'>, now: number): string | null {
  const from = radarFrom(now);
  if (record.end && radarEndMs(record.end) >= from) return record.end;
  if (record.maxExtent && radarEndMs(record.maxExtent) >= from) return record.maxExtent;
  return null;
}

let lastNow = Number.NaN;
let lastFrom = Number.NaN;

/**
 * Where the radar's window starts: the start of today in the UK. An end is a day (a contract ending on 30
 * September runs all of it, though "2026-09-30" is midnight UTC), so a contract stays on the radar, with its
 * end "today", until its last day is over, rather than leaving it in the small hours. Ends are compared as
 * radarEndMs gives them.
 */
export function radarFrom(now: number): number {
  if (now !== lastNow) {
    lastFrom = DateTime.fromMillis(now, { zone: UK_ZONE }).startOf('day').toMillis();
    lastNow = now;
  }
  return lastFrom;
}

/**
 * The instant the radar compares an end (or an extension limit) with, in ms (NaN for text that is not a
 * date, as Date.parse). An end written as a last second in UTC (…T23:59:59Z) means that UTC day
 * (publisherDay), but in summer it falls at 00:59 on the next UK day, which kept the contract on the radar a
 * day too long: it is taken back by the UK offset, to the same second of the UK day it names. Any other end
 * is its own instant. The store keeps contracts' end_at and extent_at as this (migration 020).
 */
export function radarEndMs(instant: string): number {
  return radarEndOf(Date.parse(instant));
}

/** radarEndMs of an instant already in ms (migration 020 reads the stored columns with it). */
export function radarEndOf(at: number): number {
  if (Number.isNaN(at)) return at;
  const utc = new Date(at);
  if (utc.getUTCHours() !== 23 || utc.getUTCMinutes() !== 59) return at;
  return at - DateTime.fromMillis(at, { zone: UK_ZONE }).offset * 60_000;
}

/** Whether the contract's end, or its extension limit, falls within [start of today, now + months]. */
export function endsWithin(
  record: Pick<ContractRecord, 'end' | 'maxExtent'>,
  now: number,
  months: number,
): boolean {
  const from = radarFrom(now);
  const until = addMonths(now, months);
  return [record.end, record.maxExtent].some(
    (d) => d !== null && radarEndMs(d) >= from && radarEndMs(d) <= until,
  );
}

/** `months` calendar months after `at` (UTC arithmetic; a day either way does not matter here). */
export function addMonths(at: number, months: number): number {
  const date = new Date(at);
  const whole = Math.trunc(months);
  date.setUTCMonth(date.getUTCMonth() + whole);
  return date.getTime() + Math.round((months - whole) * 30.44 * 86_400_000);
}

/** Regions never hide a contract when either side says nothing or it is nationwide. */
export function inRegions(record: Pick<ContractRecord, 'regions'>, regions: string[]): boolean {
  if (regions.length === 0 || record.regions.length === 0 || record.regions.includes(NATIONWIDE)) return true;
  return record.regions.some((r) => regions.includes(r));
}

/** A contract anyone could hear about: in a service area, a watchlist, or reserved. */
export const isRelevant = (c: Pick<ContractRecord, 'areas' | 'watchlists' | 'reserved'>): boolean =>
  c.areas.length > 0 || c.watchlists.length > 0 || c.reserved;

/** Titles folded for spotting the same contract published on two feeds. */
const titleKey = (title: string) =>
  title
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, ' ')
    .trim();

/** What telling two records of one contract apart reads: its buyer, title and end. */
export type CopyView = Pick<ContractRecord, 'title' | 'end'> & {
  buyer: Pick<ContractRecord['buyer'], 'key'>;
};

/**
 * Which contract a record is, for spotting copies: the same for two records of the same contract published
 * on two feeds (Find a Tender and Contracts Finder carried the same award before 2025: same buyer, same
 * title, same end day), null for a record whose buyer is unknown (never a copy).
 */
export function copyKey(record: CopyView): string | null {
  if (record.buyer.key === '') return null;
  return `${record.buyer.key}\u0000${titleKey(record.title)}\u0000${(record.end ?? '').slice(0, 10)}`;
}

/** The records with each key once: the first of each, in the order given (a null key is never a copy). */
export function firstOfEach<T>(records: T[], keyOf: (record: T) => string | null): T[] {
  const seen = new Set<string>();
  return records.filter((record) => {
    const key = keyOf(record);
    if (key === null) return true;
    if (seen.has(key)) return false;
    seen.add(key);
    return true;
  });
}

/** The records with each contract once: the first record of each, in the order given. */
export const withoutCopies = <T extends CopyView>(records: T[]): T[] => firstOfEach(records, copyKey);

import { deliveryRegions, itemCpv } from './items.js';
import { toMoney } from './money.js';
import type { Award, Contract, Money, Notice, Period } from './notice.js';
import type { DateReader } from './normalise.js';
import type { OcdsAward, OcdsBidStatistic, OcdsContract, OcdsParty, OcdsPeriod } from './ocds-release.js';
import { addUkDays } from './dates.js';
import { cleanText } from './text.js';

// Awards and contracts, read in full: more than half of all Find a Tender releases are award and contract
// notices, and what a person acts on (who won, for how much, until when) is in them.

function toPeriod(period: OcdsPeriod | undefined, date: DateReader): Period | null {
  if (!period) return null;
  const start = date(period.startDate);
  const read = { start, end: periodEnd(period, start, date), maxExtent: date(period.maxExtentDate, 'end') };
  return read.start || read.end || read.maxExtent ? read : null;
}

/**
 * A period's end: its endDate, else its start plus its durationInDays (OCDS 1.1 Period: "The period duration
 * in days. If a startDate and endDate are provided, this field is optional, and should reflect the difference
 * between those two days"), so that a contract published with a start and a length still has an end (the
 * radar reads contracts by their end).
 */
export function periodEnd(
  period: OcdsPeriod | undefined,
  start: string | null,
  date: DateReader,
): string | null {
  return date(period?.endDate, 'end') ?? (start ? dayAfter(start, period?.durationInDays) : null);
}

/** One award: suppliers (names from the award, else from the parties it points to), value, period, items. */
export function toAward(award: OcdsAward, index: number, parties: OcdsParty[], date: DateReader): Award {
  const suppliers = (award.suppliers ?? []).flatMap((s) => {
    const name = cleanText(s.name) ?? cleanText(parties.find((p) => p.id && p.id === s.id)?.name);
    return name ? [{ name, id: s.id ?? null }] : [];
  });
  return {
    id: award.id ?? String(index + 1),
    status: award.status ?? null,
    date: date(award.date),
    suppliers,
    value: toMoney(award.value),
    contractPeriod: toPeriod(award.contractPeriod, date),
    relatedLots: award.relatedLots ?? [],
    cpv: itemCpv(award.items ?? []),
    deliveryRegions: deliveryRegions(award.items ?? []),
  };
}

export function toContract(contract: OcdsContract, index: number, date: DateReader): Contract {
  return {
    id: contract.id ?? String(index + 1),
    awardId: contract.awardID ?? null,
    status: contract.status ?? null,
    title: cleanText(contract.title),
    value: toMoney(contract.value),
    period: toPeriod(contract.period, date),
    dateSigned: date(contract.dateSigned),
  };
}

/** What the notice as a whole takes from its awards and contracts when its tender says nothing. */
export interface ContractFacts {
  cpv: string[];
  regions: string[];
  value: Money | null;
  start: string | null;
  end: string | null;
  maxExtent: string | null;
}

const earliest = (dates: (string | null)[]) => dates.filter((d): d is string => d !== null).sort()[0] ?? null;
const latest = (dates: (string | null)[]) =>
  dates
    .filter((d): d is string => d !== null)
    .sort()
    .pop() ?? null;

const comparable = (v: Money) => v.amountGross ?? v.amount ?? v.min ?? 0;

/** The end of the UK day `days` after `start`; null without a whole number of days (0 to 100 years). */
function dayAfter(start: string, days: number | undefined): string | null {
  if (days === undefined || !Number.isInteger(days) || days < 0 || days > 36_600) return null;
  return addUkDays(start, days);
}

/**
 * The value of several parts: summed when each part names its own lot, in one currency, with no range (five
 * lots awarded: the notice's total); the largest when parts share a lot (several suppliers on one framework)
 * or when a part does not say which lot it is on (`lots` empty): a sum is never a guess.
 */
function total(parts: { value: Money | null; lots: string[] }[]): Money | null {
  const real = parts.filter((p): p is { value: Money; lots: string[] } => p.value !== null);
  const values = real.map((p) => p.value);
  if (values.length <= 1) return values[0] ?? null;
  const named = real.flatMap((p) => p.lots);
  const distinctLots = real.every((p) => p.lots.length > 0) && new Set(named).size === named.length;
  const summable = values.every((v) => v.currency === values[0]?.currency && v.min === null);
  if (!distinctLots || !summable) return [...values].sort((a, b) => comparable(b) - comparable(a))[0] ?? null;
  const sum = (key: 'amount' | 'amountGross') =>
    values.every((v) => v[key] !== null) ? values.reduce((n, v) => n + (v[key] ?? 0), 0) : null;
  return {
    amount: sum('amount'),
    amountGross: sum('amountGross'),
    min: null,
    currency: values[0]?.currency ?? null,
  };
}

/** Awards and contracts that stand: not cancelled, not unsuccessful. */
export const standing = (status: string | null) => status !== 'cancelled' && status !== 'unsuccessful';

/**
 * How an award or contract notice's awards all fell (cancelled or unsuccessful), with no contract standing
 * but those of the fallen awards: 'cancelled' when any award was cancelled (an award cancellation), else
 * 'not-awarded' (the procurement ended with no award); null when an award stands.
 */
export function awardFall(
  notice: Pick<Notice, 'stage' | 'awards' | 'contracts'>,
): 'cancelled' | 'not-awarded' | null {
  if (notice.stage !== 'award' && notice.stage !== 'contract') return null;
  if (notice.awards.length === 0 || notice.awards.some((a) => standing(a.status))) return null;
  const fallen = new Set(notice.awards.map((a) => a.id));
  if (notice.contracts.some((c) => standing(c.status) && !(c.awardId && fallen.has(c.awardId)))) return null;
  return notice.awards.some((a) => a.status === 'cancelled') ? 'cancelled' : 'not-awarded';
}

/** A contract ended early: a UK11 (contract termination notice), or a contract with the status terminated. */
export const endedEarly = (notice: Pick<Notice, 'noticeType' | 'contracts'>): boolean =>
  notice.noticeType === 'UK11' || notice.contracts.some((c) => c.status === 'terminated');

/** The names of the suppliers of the awards that stand, each once, in order. */
export const standingSuppliers = (awards: Award[]): string[] => [
  ...new Set(awards.filter((a) => standing(a.status)).flatMap((a) => a.suppliers.map((s) => s.name))),
];

/**
 * Contracts speak for the signed deal; awards for the decision; either fills what the tender left out. A
 * contract is on the lots of its award (OCDS: a contract's awardID names its award, and the award its
 * relatedLots).
 */
export function contractFacts(awards: Award[], contracts: Contract[]): ContractFacts {
  const live = awards.filter((a) => standing(a.status));
  const signed = contracts.filter((c) => standing(c.status));
  const periods = [...signed.map((c) => c.period), ...live.map((a) => a.contractPeriod)];
  const lotsOfAward = new Map(awards.map((a) => [a.id, a.relatedLots]));
  const contractParts = signed.map((c) => ({
    value: c.value,
    lots: (c.awardId && lotsOfAward.get(c.awardId)) || [],
  }));
  const contractValue = total(contractParts);
  const awardValue = total(live.map((a) => ({ value: a.value, lots: a.relatedLots })));
  // Several valued contracts that do not say their lots are read as their largest, a guess: the awards'
  // value, when they give one, is the better figure.
  const valued = contractParts.filter((p) => p.value !== null);
  const contractsKnown = valued.length <= 1 || valued.every((p) => p.lots.length > 0);
  return {
    cpv: [...new Set(awards.flatMap((a) => a.cpv))],
    regions: [...new Set(awards.flatMap((a) => a.deliveryRegions))],
    value: contractsKnown ? (contractValue ?? awardValue) : (awardValue ?? contractValue),
    start: earliest(periods.map((p) => p?.start ?? null)),
    end: latest(periods.map((p) => p?.end ?? null)),
    maxExtent: latest(periods.map((p) => p?.maxExtent ?? null)),
  };
}

/**
 * How many bids the procurement received: the `bids` count for the whole procurement when one is given, else
 * the lots' counts added up (one per lot; a supplier bidding for two lots counts twice), else
 * `tender.numberOfTenderers`; null when the notice does not say.
 */
export function bidCount(
  statistics: OcdsBidStatistic[],
  numberOfTenderers: number | undefined,
): number | null {
  const counts = statistics.filter(
    (s): s is OcdsBidStatistic & { value: number } =>
      s.measure === 'bids' && s.value !== undefined && Number.isFinite(s.value) && s.value >= 0,
  );
  const whole = counts.filter((s) => !s.relatedLot).map((s) => s.value);
  if (whole.length > 0) return Math.round(Math.max(...whole));
  const byLot = new Map<string, number>();
  for (const s of counts)
    byLot.set(s.relatedLot ?? '', Math.max(byLot.get(s.relatedLot ?? '') ?? 0, s.value));
  if (byLot.size > 0) return Math.round([...byLot.values()].reduce((a, b) => a + b, 0));
  return numberOfTenderers !== undefined && Number.isFinite(numberOfTenderers) && numberOfTenderers >= 0
    ? Math.round(numberOfTenderers)
    : null;
}

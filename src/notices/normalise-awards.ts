import { deliveryRegions, itemCpv } from './items.js';
import { toMoney } from './money.js';
import type { Award, Contract, Money, Period } from './notice.js';
import type { DateReader } from './normalise.js';
import type { OcdsAward, OcdsBidStatistic, OcdsContract, OcdsParty, OcdsPeriod } from './ocds-release.js';
import { cleanText } from './text.js';

// Awards and contracts, read in full: more than half of all Find a Tender releases are award and contract
// notices, and what a person acts on (who won, for how much, until when) is in them.

function toPeriod(period: OcdsPeriod | undefined, date: DateReader): Period | null {
  if (!period) return null;
  const read = {
    start: date(period.startDate),
    end: date(period.endDate, 'end'),
    maxExtent: date(period.maxExtentDate, 'end'),
  };
  return read.start || read.end || read.maxExtent ? read : null;
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

/**
 * The value of several parts: summed when each part is its own lot, in one currency, with no range (five lots
 * awarded: the notice's total); the largest when parts share a lot (several suppliers on one framework).
 */
function total(parts: { value: Money | null; lot: string }[]): Money | null {
  const real = parts.filter((p): p is { value: Money; lot: string } => p.value !== null);
  const values = real.map((p) => p.value);
  if (values.length <= 1) return values[0] ?? null;
  const distinctLots = new Set(real.map((p) => p.lot)).size === real.length;
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
const standing = (status: string | null) => status !== 'cancelled' && status !== 'unsuccessful';

/** Contracts speak for the signed deal; awards for the decision; either fills what the tender left out. */
export function contractFacts(awards: Award[], contracts: Contract[]): ContractFacts {
  const live = awards.filter((a) => standing(a.status));
  const signed = contracts.filter((c) => standing(c.status));
  const periods = [...signed.map((c) => c.period), ...live.map((a) => a.contractPeriod)];
  const contractValue = total(signed.map((c) => ({ value: c.value, lot: c.awardId ?? c.id })));
  const awardValue = total(live.map((a) => ({ value: a.value, lot: a.relatedLots.join(',') || a.id })));
  return {
    cpv: [...new Set(awards.flatMap((a) => a.cpv))],
    regions: [...new Set(awards.flatMap((a) => a.deliveryRegions))],
    value: contractValue ?? awardValue,
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

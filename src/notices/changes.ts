import { createHash } from 'node:crypto';
import { toShortUkDay } from './dates.js';
import { formatMoney } from './money.js';
import { awardFall, endedEarly, standingSuppliers } from './normalise-awards.js';
import type { Notice } from './notice.js';

/** The parts of a notice a person cares about; a change anywhere else (ids, formatting) is not news. */
function userFacing(notice: Notice) {
  return {
    title: notice.title,
    description: notice.description,
    status: notice.status,
    stage: notice.stage,
    dates: notice.dates,
    value: notice.value,
    lots: notice.lots.map((l) => ({
      id: l.id,
      title: l.title,
      description: l.description,
      value: l.value,
      status: l.status,
    })),
    awards: notice.awards.map((a) => ({
      suppliers: a.suppliers,
      status: a.status,
      value: a.value,
      period: a.contractPeriod,
    })),
    contracts: notice.contracts.map((c) => ({ status: c.status, value: c.value, period: c.period })),
    engagement: notice.engagement,
  };
}

/**
 * Hash over the user-facing fields: equal hashes mean "nothing a person would notice has changed". The long
 * texts are fed to the hash as they are rather than through JSON (this runs for every release ingested); MD5
 * is enough for change detection, which is not a security boundary.
 */
export function contentHash(notice: Notice): string {
  const { title, description, ...rest } = userFacing(notice);
  return createHash('md5')
    .update(title)
    .update('\u0000')
    .update(description ?? '')
    .update('\u0000')
    .update(JSON.stringify(rest))
    .digest('hex');
}

/**
 * Folds a newer release of a process into what we know. FTS delta releases (e.g. UK10, UK15) carry only the
 * changed parts, so a field the new release leaves empty keeps its earlier value instead of reading as
 * "removed".
 */
export function mergeNotice(previous: Notice, next: Notice): Notice {
  const keep = <T>(a: T | null, b: T | null): T | null => (b === null ? a : b);
  const dates = { ...previous.dates };
  for (const key of Object.keys(dates) as (keyof Notice['dates'])[])
    dates[key] = keep(previous.dates[key], next.dates[key]);
  return {
    ...next,
    description: keep(previous.description, next.description),
    value: keep(previous.value, next.value),
    dates,
    lots: next.lots.length > 0 ? next.lots : previous.lots,
    cpv: next.cpv.length > 0 ? next.cpv : previous.cpv,
    deliveryRegions: next.deliveryRegions.length > 0 ? next.deliveryRegions : previous.deliveryRegions,
    buyer: next.buyer.name
      ? { ...next.buyer, contact: keep(previous.buyer.contact, next.buyer.contact) }
      : previous.buyer,
    regime: keep(previous.regime, next.regime),
    awards: next.awards.some((a) => a.suppliers.length > 0 || a.value) ? next.awards : previous.awards,
    reservedParticipation:
      next.reservedParticipation.length > 0 ? next.reservedParticipation : previous.reservedParticipation,
    reservedParticipationLocation: keep(
      previous.reservedParticipationLocation,
      next.reservedParticipationLocation,
    ),
    reservedExecution: next.reservedExecution || previous.reservedExecution,
    suitability: {
      sme: keep(previous.suitability.sme, next.suitability.sme),
      vcse: keep(previous.suitability.vcse, next.suitability.vcse),
    },
    url: keep(previous.url, next.url),
    portalUrl: keep(previous.portalUrl, next.portalUrl),
    nation: keep(previous.nation, next.nation),
    contracts: next.contracts.length > 0 ? next.contracts : previous.contracts,
    engagement: keep(previous.engagement, next.engagement),
    bidCount: keep(previous.bidCount, next.bidCount),
  };
}

function describeDate(label: string, before: string | null, after: string | null): string | null {
  if (before === after) return null;
  if (before && after)
    return `${label} moved from ${toShortUkDay(before, 'end')} to ` + `${toShortUkDay(after, 'end')}`;
  if (after) return `${label} set to ${toShortUkDay(after, 'end')}`;
  return `${label} removed`;
}

/**
 * Plain-English list of what changed between two versions of a notice, e.g. "deadline moved from 3 Dec to 10
 * Dec".
 */
export function describeChanges(before: Notice, after: Notice): string[] {
  const changes: string[] = [];
  if (after.stage === 'cancellation' && before.stage !== 'cancellation') changes.push('cancelled');
  else if (
    after.status !== before.status &&
    after.status &&
    ['cancelled', 'withdrawn', 'unsuccessful'].includes(after.status)
  )
    changes.push(after.status);
  // Only awards that stand name a winner (an unsuccessful award's supplier did not win).
  const suppliers = standingSuppliers(after.awards);
  const earlier = new Set(standingSuppliers(before.awards));
  if (suppliers.some((s) => !earlier.has(s))) changes.push(`awarded to ${suppliers.join(', ')}`);
  if (endedEarly(after) && !endedEarly(before)) changes.push('contract ended early');
  const fall = awardFall(after);
  if (fall && !awardFall(before))
    changes.push(fall === 'cancelled' ? 'award cancelled' : 'no contract awarded');
  const dateLabels: [keyof Notice['dates'], string][] = [
    ['tenderDeadline', 'deadline'],
    ['expressionOfInterestDeadline', 'expression-of-interest deadline'],
    ['enquiryDeadline', 'clarification deadline'],
    ['engagementDeadline', 'reply-by date'],
    ['expectedTender', 'expected tender date'],
    ['contractStart', 'contract start'],
    ['contractEnd', 'contract end'],
    ['contractMaxExtent', 'latest extension date'],
  ];
  for (const [key, label] of dateLabels) {
    const line = describeDate(label, before.dates[key], after.dates[key]);
    if (line) changes.push(line);
  }
  if (formatMoney(before.value) !== formatMoney(after.value))
    changes.push(`value changed from ${formatMoney(before.value)} to ${formatMoney(after.value)}`);
  if (before.title !== after.title) changes.push(`title changed to "${after.title}"`);
  if (before.description !== after.description) changes.push('description updated');
  if (before.lots.length !== after.lots.length)
    changes.push(`lots changed from ${before.lots.length} to ${after.lots.length}`);
  else if (JSON.stringify(userFacing(before).lots) !== JSON.stringify(userFacing(after).lots))
    changes.push('lot details updated');
  const facing = [userFacing(before), userFacing(after)] as const;
  if (
    JSON.stringify(facing[0].awards) !== JSON.stringify(facing[1].awards) &&
    !changes.some((c) => c.startsWith('awarded'))
  ) {
    changes.push('award details updated');
  }
  if (JSON.stringify(facing[0].contracts) !== JSON.stringify(facing[1].contracts))
    changes.push('contract details updated');
  if (changes.length === 0 && before.status !== after.status)
    changes.push(`status changed to ${after.status ?? 'unknown'}`);
  if (changes.length === 0 && before.stage !== after.stage) changes.push(`now at ${after.stage} stage`);
  return changes;
}

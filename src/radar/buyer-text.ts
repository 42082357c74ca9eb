import { describeDeadline } from '../notices/date-text.js';
import { toShortUkDay } from '../notices/dates.js';
import type { Contact } from '../notices/notice.js';
import type { BuyerNotice, BuyerProfile } from './buyer.js';
import type { ContractRecord } from './contract.js';
import { contractValueText, supplierList } from './radar-text.js';

// The words of /buyer: one buyer's record, a fact a line. Notice text is escaped by the reply builder.

/** "3 years", "18 months", "2 weeks": how long a contract runs. */
export function termText(start: string | null, end: string | null): string | null {
  if (!start || !end) return null;
  const days = (Date.parse(end) - Date.parse(start)) / 86_400_000;
  if (days < 0) return null;
  if (days < 60) return `${Math.max(1, Math.round(days / 7))} weeks`;
  const months = Math.round(days / 30.44);
  if (months < 24) return `${months} months`;
  const years = months / 12;
  return Number.isInteger(years) ? `${years} years` : `${years.toFixed(1)} years`;
}

/**
 * "- Advocacy Services (advocacy): Advocacy Partners, £3,304,534, 1 Aug 2020 to 31 Jul 2024 (4 years), 6
 * bids."
 */
export function buyerContractLine(record: ContractRecord, areaLabel: (id: string) => string): string {
  const areas = record.areas.map(areaLabel).join(', ');
  const who = record.suppliers.length > 0 ? supplierList(record.suppliers) : 'supplier not named';
  const period =
    record.start && record.end
      ? `${toShortUkDay(record.start)} to ${toShortUkDay(record.end, 'end')}`
      : record.awardedOn && `awarded ${toShortUkDay(record.awardedOn)}`;
  const term = termText(record.start, record.end);
  const bids = record.bidCount !== null ? `, ${record.bidCount} bid${record.bidCount === 1 ? '' : 's'}` : '';
  const ended = record.status === 'terminated' ? ', ended early' : '';
  const value = record.value ? `, ${contractValueText(record)}` : '';
  return (
    `- ${record.title} (${areas}): ` +
    `${who}${value}${period ? `, ${period}` : ''}${term ? ` (${term})` : ''}${bids}${ended}.`
  );
}

function reservedSentence(profile: BuyerProfile): string {
  const reserved =
    profile.reservedCount > 0
      ? `It has reserved a contract ${profile.reservedCount} time${profile.reservedCount === 1 ? '' : 's'}`
      : 'It has never reserved a contract';
  const vcse =
    profile.vcseCount > 0
      ? `marked ${profile.vcseCount} notice${profile.vcseCount === 1 ? '' : 's'} suitable for voluntary, ` +
        'community or social enterprises (VCSEs)'
      : 'never marked one suitable for voluntary, community or social enterprises (VCSEs)';
  const stored = `${profile.noticeCount} notice${profile.noticeCount === 1 ? '' : 's'} stored`;
  return `${reserved} and has ${vcse}, in the ${stored}.`;
}

const noticeLine = (n: BuyerNotice, now: number, date: string | null, verb: string) =>
  `- ${n.title}${date ? `. ${verb} ${describeDeadline(date, now)}` : ''}.${n.url ? ` ${n.url}` : ''}`;

export function contactLine(c: Contact): string {
  return `- ${[c.name, c.email, c.telephone].filter((p) => p).join(', ')}`;
}

/** The first page of /buyer: the summary, then the first contracts. */
export function buyerSummary(profile: BuyerProfile, now: number): string[] {
  const { total, firstAwarded, other } = profile.areaContracts;
  const first = firstAwarded ? ` since ${new Date(firstAwarded).getUTCFullYear()}` : '';
  const blocks = [
    `${profile.name}: ${total} contract${total === 1 ? '' : 's'} ` +
      `in the service areas${first} (and ${other} in other fields).`,
    reservedSentence(profile),
  ];
  if (profile.open.total > 0)
    blocks.push(
      `Open opportunities (${profile.open.total}):\n` +
        profile.open.first.map((n) => noticeLine(n, now, n.deadline, 'Closes')).join('\n'),
    );
  if (profile.early.total > 0)
    blocks.push(
      `Early engagement, a chance to shape what comes next (${profile.early.total}):\n` +
        profile.early.first
          .map((n) =>
            noticeLine(
              n,
              now,
              n.engagementDeadline ?? n.expectedTender,
              'Reply or expect the ' + 'tender by',
            ),
          )
          .join('\n'),
    );
  if (profile.contacts.length > 0)
    blocks.push(
      `Contact points from its ` + `notices:\n${profile.contacts.slice(0, 3).map(contactLine).join('\n')}`,
    );
  return blocks;
}

export const buyerContractsHeading = (page: number, pages: number) =>
  `Contracts in the service areas, newest first (page ${page} of ${pages}):`;

export const NO_BUYER = (typed: string) =>
  `No stored notice names a buyer called "${typed}". Start typing to pick one from the list.`;

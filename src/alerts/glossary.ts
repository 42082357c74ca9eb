import { awardFall } from '../notices/normalise-awards.js';
import type { Notice } from '../notices/notice.js';

const UK_TYPES: Record<string, string> = {
  UK1: 'Pipeline notice (UK1): the buyer plans to buy this in the coming months.',
  UK2:
    'Preliminary market engagement notice (UK2): the buyer wants to talk to possible suppliers before ' +
    'it buys. A chance to shape the service.',
  UK3: 'Planned procurement notice (UK3): a tender is coming soon.',
  UK4: 'Tender notice (UK4): the buyer is inviting bids now.',
  UK5: 'Transparency notice (UK5): the buyer intends to award a contract without a competition.',
  UK6: 'Contract award notice (UK6): the buyer has chosen a supplier.',
  UK7: 'Contract details notice (UK7): a contract has been signed.',
  UK10: 'Contract change notice (UK10): a contract has been changed.',
  UK11: 'Contract termination notice (UK11): a contract has ended early.',
  UK12: 'Procurement termination notice (UK12): the buyer has cancelled this procurement.',
  UK13: 'Dynamic market notice (UK13).',
  UK14: 'Dynamic market notice (UK14).',
  UK15: 'Dynamic market notice (UK15): a change to a dynamic market.',
  UK16: 'Dynamic market notice (UK16).',
  UK17: 'Payments compliance notice (UK17).',
};

const DOCUMENT_TYPES: Record<string, string> = {
  tenderNotice: 'Contract notice: the buyer is inviting bids.',
  contractNotice: 'Contract notice: the buyer is inviting bids.',
  plannedProcurementNotice: 'Prior information notice: the buyer plans to buy this.',
  marketEngagementNotice: 'Market engagement notice: the buyer wants to talk to possible suppliers first.',
  awardNotice: 'Contract award notice: the buyer has chosen a supplier.',
  tenderCancellationNotice: 'Cancellation notice: the buyer has cancelled this procurement.',
  feedItem: 'A notice from a council e-tendering portal feed.',
};

const OLDER_RULES: Record<string, string> = {
  PCR2015: ' It runs under the older rules (Public Contracts Regulations 2015).',
  PCSR2015: ' It runs under the Scottish rules (Public Contracts (Scotland) Regulations 2015).',
};

/** When a notice names no type of its own (many feeds do not): what its stage says it is. */
const STAGE_TYPES: Record<Notice['stage'], string> = {
  planning: 'Early engagement notice: the buyer is planning to buy this.',
  tender: 'Tender notice: the buyer is inviting bids.',
  award: 'Contract award notice: the buyer has chosen a supplier.',
  contract: 'Contract details: about a contract already let.',
  cancellation: 'Cancellation notice: the buyer has cancelled this procurement.',
  other: 'Procurement notice.',
};

/** What kind of notice this is, in plain words (with the official code for those who know it). */
export function noticeTypeWords(notice: Notice): string {
  const base =
    (notice.noticeType && (UK_TYPES[notice.noticeType] ?? DOCUMENT_TYPES[notice.noticeType])) ??
    (awardFall(notice)
      ? 'Award notice: the award was cancelled, or no contract was awarded.'
      : STAGE_TYPES[notice.stage]);
  const below =
    notice.aboveThreshold === false && notice.noticeType === 'UK4'
      ? ' It is below the threshold, so the rules are lighter.'
      : '';
  const older = OLDER_RULES[notice.regime ?? ''] ?? '';
  return `${base}${below}${older}`;
}

/** Procurement jargon, explained in a sentence each (used by /help and alert texts). */
export const GLOSSARY: Record<string, string> = {
  CPV:
    'Common Procurement Vocabulary: 8-digit codes buyers use to say what they are buying (85312300 is ' +
    '"guidance and counselling services").',
  ITT: 'Invitation to tender: the documents that ask suppliers to send a bid.',
  'PQQ / SQ':
    'Pre-qualification or selection questionnaire: questions about your organisation (policies, insurance, ' +
    'finances) answered before or with a bid.',
  Lot:
    'One part of a bigger contract that can be bid for on its own; small organisations often bid for ' +
    'one lot.',
  Framework: 'An agreement that lists approved suppliers; contracts are later "called off" from it.',
  DPS:
    'Dynamic purchasing system: a list of suppliers that new suppliers can join at any time (under the ' +
    'new rules, a "dynamic market").',
  'Light touch':
    'Lighter procurement rules for health, social and community services; most DPULO work falls here.',
  'Social value':
    'The wider good a supplier brings (jobs, volunteering, community benefit); often part of the score.',
  TUPE: 'Rules that move existing staff to the new supplier when a service changes hands.',
  PPN: 'Procurement Policy Note: government guidance to buyers.',
  'Competitive flexible procedure':
    'A procedure under the Procurement Act 2023 where the buyer designs the stages; needed for reserved ' +
    'contracts.',
  'Re-procurement':
    'Buying a service again when its contract ends. It usually starts 6 to 12 months before the end, with ' +
    'engagement or planning notices: the best time to talk to the buyer.',
  Incumbent:
    'The organisation that holds a contract now; it often bids again when the contract is ' + 're-procured.',
  'Reserved contract':
    'A contract only certain organisations may bid for, such as supported employment providers (at least ' +
    '30% disabled or disadvantaged workers) or public service mutuals.',
};

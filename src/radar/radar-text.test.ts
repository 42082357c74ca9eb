import { describe, expect, it } from 'vitest';
import { fixtureJson, fixtureRelease } from '../../test/support/fixtures.js';
import { realMatch } from '../../test/support/matcher.js';
import { toNotice } from '../notices/normalise.js';
import type { Notice } from '../notices/notice.js';
import { profileOfRaw } from '../sources/registry.js';
import { buyerContracts, buyerFacts, buyerProfile, toBuyerNotice } from './buyer.js';
import { buyerContractLine, buyerSummary, termText } from './buyer-text.js';
import { toContractRecord, type ContractRecord } from './contract.js';
import { contractHistory } from './history.js';
import {
  endSentence,
  historyLine,
  incumbentParagraph,
  radarCliLine,
  radarLead,
  radarParagraphs,
  radarReminderText,
  reminderLink,
  replacesSentence,
} from './radar-text.js';

function read(raw: unknown): Notice {
  const result = toNotice(raw, profileOfRaw(raw));
  if (!result.ok) throw new Error(result.reason);
  return result.notice;
}
const contractOf = (path: string, o: Partial<ContractRecord> = {}) => {
  const notice = read(fixtureRelease(path));
  return { ...toContractRecord(notice, realMatch(notice))!, ...o };
};
const label = (id: string) => ({ advocacy: 'Advocacy', 'user-voice': 'User voice' })[id] ?? id;
const NOW = Date.parse('2026-12-01T09:00:00Z');
const lancaster = (o: Partial<ContractRecord> = {}) =>
  contractOf('fts/fts-uk7-contract-028961-2025.json', { areas: ['advocacy'], ...o });

describe('the radar announcement says each fact once, in plain words', () => {
  it('what and whose, when it ends, who holds it since when, the value, the area', () => {
    expect(radarLead(lancaster(), NOW, label)).toBe(
      'Coming up: Route optimisation software, Lancaster City Council. Ends Thursday 18 May 2028 (in about 18 ' +
        'months). Held by Integrated Skills Limited since 19 May 2025. Value £54,394 (£67,992 including VAT). ' +
        'Advocacy.',
    );
  });

  it('a contract written to end at 23:59Z ends on that day, also in summer', () => {
    // 2028-05-18T23:59:59Z is 00:59 on 19 May in British Summer Time; the notice meant 18 May.
    expect(endSentence(lancaster(), NOW)).toMatch(/^Ends Thursday 18 May 2028/);
  });

  it('an end that has passed with an extension ahead: probably extended', () => {
    const extended = lancaster({ end: '2026-08-21T22:59:59Z', maxExtent: '2026-12-31T23:59:59Z' });
    expect(endSentence(extended, NOW)).toBe(
      'Its end date (21 Aug 2026) has passed, so it has probably been extended; it can run to Thursday 31 ' +
        'December 2026 (in 30 days).',
    );
  });

  it('says what to do now, and what later notices did to the contract', () => {
    const award = read(fixtureRelease('fts/fts-uk7-contract-028961-2025.json'));
    const uk10 = fixtureJson('fts/fts-page-2026-09-03-p001.json').releases.find(
      (r: any) => r.id === '083674-2026',
    );
    const history = contractHistory([award, read({ ...uk10, ocid: award.ocid })]);
    expect(historyLine(history[0]!)).toBe(
      'A contract change notice (083674-2026, 3 Sep 2026) moved the end from 18 May 2028 to 21 Aug 2026 and ' +
        'set the extension limit to 31 Dec 2026.',
    );
    const paragraphs = radarParagraphs(lancaster({ history }), NOW, label, null);
    expect(paragraphs).toHaveLength(3);
    expect(paragraphs[2]).toMatch(
      /^What to do now: ask the commissioner \(the person at the buyer who plans/,
    );
    expect(paragraphs[2]).toContain('usually starts 6 to 12 months before a contract ends');
    expect(paragraphs[2]).toContain('for the contract to be reserved, or to be invited to bid');
  });

  it('the next contract could be reserved: said of the next one, not the one ending', () => {
    const note = 'Could be reserved for supported employment providers or public service mutuals.';
    expect(radarLead(lancaster({ reservationNote: note }), NOW, label)).toMatch(
      / The next one could be reserved for supported employment providers or public service mutuals\.$/,
    );
  });
});

describe('a new notice that may re-procure a known contract, and the guide', () => {
  it('"This may be the re-procurement of Lancaster City Council\'s advocacy contract held by X since 2025"', () => {
    expect(replacesSentence(lancaster(), ['advocacy'], 0, label)).toBe(
      'This may be the re-procurement of Lancaster City Council\'s advocacy contract "Route optimisation ' +
        'software" held by Integrated Skills Limited since 2025 (it ends 18 May 2028).',
    );
    expect(replacesSentence(lancaster(), ['advocacy'], 2, label)).toMatch(
      / It may also replace 2 other contracts of theirs\.$/,
    );
  });

  it('the guide names who holds the contract now, and explains "incumbent" and TUPE', () => {
    const six = contractOf('fts/fts-uk6-award-029664-2025.json');
    expect(incumbentParagraph(six)).toMatch(
      new RegExp(
        String.raw`^This looks like the re-procurement of "pEPR .*"\. Ricardo-AEA Limited, PA Consulting ` +
          String.raw`Services Ltd and 3 others hold that contract now \(since 16 Jun 2025 until 1 Dec 2025\)\.`,
      ),
    );
    expect(incumbentParagraph(six)).toContain('(the incumbent)');
    expect(incumbentParagraph(six)).toContain('(TUPE)');
  });
});

describe('reminders, the offline list and /buyer', () => {
  it('the 12-month reminder gives the end, who holds it, what to do; the link follows it', () => {
    const text = radarReminderText(lancaster(), 12, lancaster().end!, Date.parse('2027-05-18T09:00:00Z'));
    expect(text).toMatch(
      new RegExp(
        String.raw`^Reminder: "Route optimisation software", Lancaster City Council ends ` +
          String.raw`Thursday 18 May 2028 \(in about 12 months\)\. Held by Integrated Skills Limited since 19 May ` +
          String.raw`2025\. What to do now:`,
      ),
    );
    expect(text).toMatch(/invited to bid\.$/);
    expect(reminderLink(lancaster().url!)).toBe(
      ' The award notice: https://www.find-tender.service.gov.uk/Notice/028961-2025',
    );
  });

  it('one line per contract: buyer, title, supplier, end date, value, areas', () => {
    expect(radarCliLine(lancaster(), NOW, label)).toBe(
      'Lancaster City Council | Route optimisation software | Integrated Skills Limited | ends 18 May 2028 | ' +
        '£54,394 (£67,992 including VAT) | Advocacy',
    );
    const none = contractOf('cf/cf-award-zero-value-ocds-b5fd17-afdd98b7-3f47-4299-9674-29edc2388b46.json');
    expect(radarCliLine(none, NOW, label)).toBe(
      'Hertsmere Borough Council | HBC0524 2024 INSURANCE LOTS 1-5 - AWARD | Zurich Insurance Company t/a ' +
        'Zurich Municipal | ends 31 Jul 2027 | £500,000–£2,000,000 (for the whole procurement; the award gives ' +
        'no value of its own) | no service area',
    );
    expect(radarLead(none, NOW, label)).toContain(
      'Value £500,000–£2,000,000 (for the whole procurement; the award gives no value of its own).',
    );
  });

  it('an extension limit that has passed is not offered as a way the contract can still run', () => {
    const over = lancaster({ end: '2026-03-31T22:59:59Z', maxExtent: '2026-09-30T22:59:59Z' });
    expect(endSentence(over, NOW)).toBe(
      'Ended Tuesday 31 March 2026 (about 8 months ago). The latest it could be extended to, 30 Sep 2026, has ' +
        'passed too.',
    );
    expect(radarCliLine(over, NOW, label)).toContain(
      '| ended 31 Mar 2026, extension limit 30 Sep 2026 passed |',
    );
    // Its last day is not passed until it is over (found by an outside review: a date-only limit was called
    // passed from 01:00 on the day, and a 23:59Z end "yesterday" at 00:30 the next morning in summer).
    const lastDay = lancaster({ end: '2026-03-31T22:59:59Z', maxExtent: '2026-09-30' });
    const onTheDay = Date.parse('2026-09-30T10:00:00Z');
    expect(endSentence(lastDay, onTheDay)).toBe(
      'Its end date (31 Mar 2026) has passed, so it has probably been extended; it can run to Wednesday 30 ' +
        'September 2026 (today).',
    );
    expect(radarCliLine(lastDay, onTheDay, label)).toContain('can be extended to 30 Sep 2026 |');
    const summerEnd = lancaster({ end: '2026-09-30T23:59:59Z', maxExtent: null });
    const nextMorning = Date.parse('2026-09-30T23:30:00Z'); // 00:30 on 1 October in summer time
    expect(endSentence(summerEnd, nextMorning)).toBe('Ended Wednesday 30 September 2026 (yesterday).');
    const ahead = lancaster({ end: '2026-03-31T22:59:59Z', maxExtent: '2027-03-31T22:59:59Z' });
    expect(radarCliLine(ahead, NOW, label)).toContain(
      '| ended 31 Mar 2026, can be extended to 31 Mar 2027 |',
    );
  });

  it("a buyer's record: its contracts, bids, reservations, VCSE suitability and contact points", () => {
    const notice = read(fixtureRelease('fts/fts-pcr-award-celex24-029615-2025.json'));
    const record = { ...toContractRecord(notice, realMatch(notice))!, areas: ['advocacy'] };
    expect(buyerContractLine(record, label)).toBe(
      '- Autism Support Services (Advocacy): Daisy Chain Project Teeside, awarded 3 Jun 2025, 6 bids.',
    );
    const profile = buyerProfile(
      'Durham County Council',
      buyerContracts([record], 0, 5),
      buyerFacts([toBuyerNotice(notice, realMatch(notice))], NOW),
    );
    expect(buyerSummary(profile, NOW)).toEqual([
      'Durham County Council: 1 contract in the service areas since 2025 (and 0 in other fields).',
      'It has never reserved a contract and has never marked one suitable for voluntary, community or social ' +
        'enterprises (VCSEs), in the 1 notice stored.',
      'Contact points from its notices:\n- Donna Iley, donna.iley@durham.gov.uk',
    ]);
  });

  it('how long a contract runs, in words', () => {
    expect(termText('2025-05-19T00:00:00Z', '2028-05-18T23:59:59Z')).toBe('3 years');
    expect(termText('2025-06-15T23:00:00Z', '2025-12-01T23:59:59Z')).toBe('6 months');
    expect(termText('2023-04-01T00:00:00Z', '2030-03-31T23:59:59Z')).toBe('7 years');
    expect(termText('2026-09-04T00:00:00Z', '2026-09-20T23:59:59Z')).toBe('2 weeks');
    expect(termText(null, '2026-09-20T23:59:59Z')).toBeNull();
  });
});

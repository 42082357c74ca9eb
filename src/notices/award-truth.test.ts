import { describe, expect, it } from 'vitest';
import { fixtureJson, fixtureRelease } from '../../test/support/fixtures.js';
import { alertSummary, kindWords } from '../alerts/alert-text.js';
import { PROFILES } from '../sources/registry.js';
import { describeChanges } from './changes.js';
import { formatMoney } from './money.js';
import { toNotice } from './normalise.js';
import type { Notice } from './notice.js';

// Award and contract notices read as the OCDS schema means them, on spec-valid variants of real releases
// (test/fixtures/SOURCES.md): the real UK6 029664-2025 (five awards, all on lot 1) and the real UK7
// 028961-2025 (one award, one contract signed 2025). Found by an outside check of the reading (2026-12-03).

type Raw = Record<string, any>;

function read(raw: unknown): Notice {
  const result = toNotice(raw, PROFILES.fts);
  if (!result.ok) throw new Error(result.reason);
  return result.notice;
}

const NOW = Date.parse('2026-12-03T12:00:00Z');
const summary = (notice: Notice) => alertSummary(notice, undefined, 'new', [], NOW, (id) => id);
const uk6 = (): Raw => structuredClone(fixtureRelease('fts/fts-uk6-award-029664-2025.json'));
const uk7 = (): Raw => structuredClone(fixtureRelease('fts/fts-uk7-contract-028961-2025.json'));

/** One contract per award (its awardID), of the award's value unless `value` is given. */
const contractPerAward = (raw: Raw, value?: Raw) =>
  raw.awards.map((a: Raw) => ({ id: `c${a.id}`, awardID: a.id, status: 'active', value: value ?? a.value }));

describe('the value of several awards or contracts', () => {
  it('contracts of awards on one lot give the largest value, never the sum (OCDS: contract.awardID)', () => {
    const raw = uk6();
    raw.contracts = contractPerAward(raw);
    const notice = read(raw);
    const largest = Math.max(...raw.awards.map((a: Raw) => a.value.amount));
    expect(notice.value?.amount).toBe(largest);
    expect(formatMoney(notice.value)).toBe('£129,188');
  });

  it('a framework of equal contracts on one lot is one contract value, not five', () => {
    const raw = uk6();
    raw.contracts = contractPerAward(raw, { amount: 500_000, currency: 'GBP' });
    expect(read(raw).value?.amount).toBe(500_000);
  });

  it('awards that do not say their lot are never summed; awards on distinct named lots are', () => {
    const unnamed = uk6();
    for (const a of unnamed.awards) delete a.relatedLots;
    expect(read(unnamed).value?.amount).toBe(129_188);
    const distinct = uk6();
    distinct.awards.forEach((a: Raw, i: number) => (a.relatedLots = [String(i + 1)]));
    const amounts: number[] = distinct.awards.map((a: Raw) => a.value.amount);
    expect(read(distinct).value?.amount).toBe(amounts.reduce((x, y) => x + y, 0));
  });
});

it('contracts that do not say their award give way to the awards on distinct lots (found by a review)', () => {
  const raw = uk6();
  raw.awards.forEach((a: Raw, i: number) => (a.relatedLots = [String(i + 1)]));
  raw.contracts = [
    { id: 'c1', status: 'active', value: { amount: 100_000, currency: 'GBP' } },
    { id: 'c2', status: 'active', value: { amount: 50_000, currency: 'GBP' } },
  ];
  const amounts: number[] = raw.awards.map((a: Raw) => a.value.amount);
  expect(read(raw).value?.amount).toBe(amounts.reduce((x, y) => x + y, 0));
});

describe('awards that fell', () => {
  it('an award cancellation is not announced as an award, and names no winner', () => {
    const raw = uk6();
    raw.tag = ['awardCancellation'];
    for (const a of raw.awards) a.status = 'cancelled';
    const notice = read(raw);
    expect(kindWords(notice)).toBe('Award cancelled');
    const text = summary(notice);
    expect(text).toMatch(/^Award cancelled: /);
    expect(text).toContain(
      'The award to Ricardo-AEA Limited, PA Consulting Services Ltd and 3 others was cancelled.',
    );
    expect(text).not.toContain('Awarded to');
  });

  it("an unsuccessful award's supplier is not a winner, in the alert or in an update's changes", () => {
    const raw = uk7();
    const winner: string = raw.awards[0].suppliers[0].name;
    const before = read(raw);
    raw.awards.push({
      id: '2',
      status: 'unsuccessful',
      suppliers: [{ name: 'Loser Ltd' }],
      relatedLots: ['1'],
    });
    const after = read(raw);
    expect(summary(after)).toContain(`Awarded to ${winner}.`);
    expect(summary(after)).not.toContain('Loser Ltd');
    expect(describeChanges(before, after).join('; ')).not.toContain('Loser Ltd');
  });
});

// Found by a review of the change (2026-12-03).
describe('awards that fell, at the edges', () => {
  it("a cancellation with its fallen award's contract reads as cancelled, naming only the cancelled", () => {
    const raw = uk6();
    const before = read(uk6());
    raw.tag = ['awardCancellation'];
    raw.awards.forEach((a: Raw, i: number) => (a.status = i === 0 ? 'cancelled' : 'unsuccessful'));
    raw.contracts = [{ id: 'c1', awardID: raw.awards[0].id, status: 'pending' }];
    const notice = read(raw);
    expect(kindWords(notice)).toBe('Award cancelled');
    expect(summary(notice)).toContain(`The award to ${raw.awards[0].suppliers[0].name} was cancelled.`);
    expect(summary(notice)).not.toContain('and 3 others');
    // As an update of the award it was (the usual case: the same process), the change is said first.
    expect(describeChanges(before, notice)[0]).toBe('award cancelled');
  });

  it('a procurement whose awards were all unsuccessful says no contract was awarded', () => {
    const raw = uk6();
    for (const a of raw.awards) a.status = 'unsuccessful';
    const text = summary(read(raw));
    expect(text).toMatch(/^Not awarded: /);
    expect(text).toContain('No contract was awarded.');
  });

  it('a terminated contract in a release tagged award and contract (as Find a Tender tags UK7) ended early', () => {
    const raw = uk7();
    expect(raw.tag).toEqual(['award', 'contract']);
    raw.contracts[0].status = 'terminated';
    const notice = read(raw);
    expect(notice.stage).toBe('award');
    expect(summary(notice)).toMatch(/^Contract ended early: /);
  });
});

describe('contract periods and what happened to the contract', () => {
  it('a period given as a start and durationInDays ends where its endDate would', () => {
    const withEnd = read(uk7());
    const raw = uk7();
    const period = raw.contracts[0].period;
    const days = Math.floor((Date.parse(period.endDate) - Date.parse(period.startDate)) / 86_400_000);
    delete period.endDate;
    period.durationInDays = days;
    for (const a of raw.awards) delete a.contractPeriod;
    const notice = read(raw);
    expect(days).toBe(1095);
    // The last second of 18 May 2028, UK time (BST), as a bare end date reads; the day the real endDate
    // (23:59:59Z, the publisher's 18 May) is shown as.
    expect(notice.dates.contractEnd).toBe('2028-05-18T22:59:59Z');
    expect(summary(notice)).toContain('Runs from 19 May 2025 to 18 May 2028.');
    expect(summary(withEnd)).toContain('Runs from 19 May 2025 to 18 May 2028.');
    // Not a whole number of days: no end is guessed.
    period.durationInDays = 10.5;
    expect(read(raw).dates.contractEnd).toBeNull();
  });

  it('a terminated contract reads as ended early, its period as published rather than running', () => {
    const raw = uk7();
    raw.tag = ['contractTermination'];
    raw.contracts[0].status = 'terminated';
    const notice = read(raw);
    expect(notice.stage).toBe('contract');
    const text = summary(notice);
    expect(text).toMatch(/^Contract ended early: /);
    expect(text).toContain('Contract period as published: from 19 May 2025 to 18 May 2028.');
    expect(text).not.toContain('Runs from');
  });

  it('the real UK10 contract change notice says the contract changed', () => {
    const page = fixtureJson('fts/fts-page-2026-09-03-p001.json') as { releases: Raw[] };
    const change = page.releases.find((r) => String(r.id).startsWith('083674-2026'));
    const notice = read(change);
    expect(notice.noticeType).toBe('UK10');
    expect(summary(notice)).toMatch(/^Contract changed: /);
  });
});

import { describe, expect, it } from 'vitest';
import { buildNotice } from '../../test/support/builders.js';
import { fixtureJson, fixtureRelease } from '../../test/support/fixtures.js';
import { realMatch } from '../../test/support/matcher.js';
import { toNotice } from '../notices/normalise.js';
import type { Notice } from '../notices/notice.js';
import { profileOfRaw } from '../sources/registry.js';
import { buyerKey, copyKey, endsWithin, nextEnd, toContractRecord, withoutCopies } from './contract.js';
import { contractHistory } from './history.js';

// Real award and contract notices from the recordings (test/fixtures/SOURCES.md); each expected value is read
// from the recorded release where it can be.

function read(raw: unknown): Notice {
  const result = toNotice(raw, profileOfRaw(raw));
  if (!result.ok) throw new Error(result.reason);
  return result.notice;
}
const record = (n: Notice) => toContractRecord(n, realMatch(n));
const iso = (date: string) => new Date(date).toISOString().replace('.000', '');
const page1 = () => fixtureJson('fts/fts-page-2026-09-03-p001.json').releases as any[];
const uk10 = () => page1().find((r) => r.id === '083674-2026');

describe('contract records from award and contract notices', () => {
  it('UK7 contract details (Lancaster, 028961-2025): buyer, supplier, signed value and period', () => {
    const raw = fixtureRelease('fts/fts-uk7-contract-028961-2025.json');
    const contract = record(read(raw));
    expect(contract).toMatchObject({
      source: 'fts',
      ocid: raw.ocid,
      releaseId: '028961-2025',
      title: raw.tender.title,
      buyer: { key: 'lancaster', name: 'Lancaster City Council', id: raw.buyer.id },
      suppliers: [{ name: 'Integrated Skills Limited', id: raw.awards[0].suppliers[0].id }],
      value: { amount: raw.contracts[0].value.amount, amountGross: raw.contracts[0].value.amountGross },
      start: iso(raw.contracts[0].period.startDate),
      end: iso(raw.contracts[0].period.endDate),
      maxExtent: null,
      status: 'active',
      areas: [],
      history: [],
    });
  });

  it('UK6 award with five suppliers on one lot (DEFRA, 029664-2025): one contract, every supplier, 8 bids', () => {
    const raw = fixtureRelease('fts/fts-uk6-award-029664-2025.json');
    const contract = record(read(raw));
    const names = raw.awards.flatMap((a: any) => a.suppliers.map((s: any) => s.name));
    expect(contract?.suppliers.map((s) => s.name)).toEqual(names);
    expect(contract?.bidCount).toBe(8);
    expect(contract?.end).toBe(iso(raw.awards[0].contractPeriod.endDate));
    expect(contract?.lots).toEqual([{ id: '1', title: null }]);
  });

  it('a PCR award in a service area (Durham, 029615-2025) is remembered with its area, even without dates', () => {
    const raw = fixtureRelease('fts/fts-pcr-award-celex24-029615-2025.json');
    const contract = record(read(raw));
    expect(contract?.buyer.key).toBe('durham');
    expect(contract?.suppliers[0]?.name).toBe('Daisy Chain Project Teeside');
    expect(contract?.bidCount).toBe(6);
    expect(contract?.end).toBeNull();
    expect(contract?.awardedOn).toBe(iso(raw.date));
  });

  it('Contracts Finder awards: a placeholder £0 award value is not a value; the award period is the term', () => {
    const raw = fixtureRelease(
      'cf/cf-award-zero-value-ocds-b5fd17-afdd98b7-3f47-4299-9674-29edc2388b46.json',
    );
    const contract = record(read(raw));
    expect(raw.awards[0].value.amount).toBe(0);
    expect(contract?.buyer.name).toBe('Hertsmere Borough Council');
    expect(contract?.buyer.key).toBe('hertsmere');
    expect(contract?.end).toBe(iso(raw.awards[0].contractPeriod.endDate));
    // The tender's range stands in for the award's placeholder, as the notice reads it.
    expect(contract?.value?.amount).toBe(raw.tender.value.amount);
    expect(contract?.valueFrom).toBe('procurement');
    expect(record(read(fixtureRelease('fts/fts-uk7-contract-028961-2025.json')))?.valueFrom).toBe('award');
  });

  it('tenders and planning notices are not contracts', () => {
    expect(record(read(fixtureRelease('fts/fts-member-083563-2026-UK4-tender-5lots.json')))).toBeNull();
    expect(record(read(fixtureRelease('fts/fts-uk2-engagement-083645-2026.json')))).toBeNull();
  });
});

describe('later notices of the same procurement move or end the contract', () => {
  // The recordings hold no UK10 for the same procurement as an award, so the real UK10 change notice
  // 083674-2026 is read as a change to the real UK7 contract 028961-2025 (same contract id "1"): the link is
  // made explicit here.
  const award = () => read(fixtureRelease('fts/fts-uk7-contract-028961-2025.json'));
  const change = () => read({ ...uk10(), ocid: award().ocid });

  it('a contract change notice (UK10) that moves the end and sets an extension limit is recorded', () => {
    const history = contractHistory([change(), award()]);
    expect(history).toEqual([
      {
        releaseId: '083674-2026',
        noticeType: 'UK10',
        date: '2026-09-03T17:08:41Z',
        kind: 'modified',
        endFrom: '2028-05-18T23:59:59Z',
        endTo: iso(uk10().contracts[0].period.endDate),
        maxExtentFrom: null,
        maxExtentTo: '2026-12-31T23:59:59Z',
      },
    ]);
  });

  it('a termination (UK11) ends the contract: status terminated, no extension, ends when it says', () => {
    const ended = read({
      ...uk10(),
      ocid: award().ocid,
      id: '090000-2026',
      tag: ['contractTermination'],
      contracts: [{ ...uk10().contracts[0], status: 'terminated', documents: [] }],
    });
    const history = contractHistory([award(), ended]);
    expect(history.map((e) => e.kind)).toEqual(['terminated']);
    const merged = { ...ended, awards: award().awards, buyer: award().buyer };
    const contract = toContractRecord(merged, null, history);
    expect(contract?.status).toBe('terminated');
    expect(contract?.maxExtent).toBeNull();
    expect(contract?.end).toBe(iso(uk10().contracts[0].period.endDate));
  });
});

describe('when a contract comes up', () => {
  const contract = (end: string | null, maxExtent: string | null = null) =>
    toContractRecord(
      buildNotice({
        stage: 'award',
        awards: [
          {
            id: '1',
            status: 'active',
            date: '2022-04-01T00:00:00Z',
            suppliers: [{ name: 'Advocacy Partners', id: null }],
            value: null,
            contractPeriod: { start: '2022-04-01T00:00:00Z', end, maxExtent },
            relatedLots: [],
            cpv: [],
            deliveryRegions: [],
          },
        ],
      }),
      null,
    );
  const now = Date.parse('2026-09-03T12:00:00Z');

  it('its end within the lead time, or its extension limit within it', () => {
    expect(endsWithin(contract('2027-12-31T23:59:59Z')!, now, 18)).toBe(true);
    expect(endsWithin(contract('2028-06-30T23:59:59Z')!, now, 18)).toBe(false);
    expect(endsWithin(contract('2026-01-31T23:59:59Z', '2027-01-31T23:59:59Z')!, now, 18)).toBe(true);
    expect(endsWithin(contract('2026-01-31T23:59:59Z')!, now, 18)).toBe(false);
  });

  it('the next date that matters: the end while ahead, then the extension limit', () => {
    expect(nextEnd(contract('2027-01-31T23:59:59Z', '2028-01-31T23:59:59Z')!, now)).toBe(
      '2027-01-31T23:59:59Z',
    );
    expect(nextEnd(contract('2026-01-31T23:59:59Z', '2028-01-31T23:59:59Z')!, now)).toBe(
      '2028-01-31T23:59:59Z',
    );
    expect(nextEnd(contract('2026-01-31T23:59:59Z')!, now)).toBeNull();
  });

  it('a contract ending today is still coming up until the UK day is over, whatever time the end is written at', () => {
    // "2026-09-30" is midnight UTC and "…T00:00:00+01:00" 23:00 UTC the day before: both passed as instants
    // in the small hours of the 30th, though the contract runs all day.
    const lastDay = Date.parse('2026-09-30T15:00:00+01:00');
    const nextDay = Date.parse('2026-10-01T00:30:00+01:00');
    // The last second in UTC is that UTC day, also in summer, where it is 00:59 on 1 October in the UK: it
    // was still coming up on 1 October (a day late, left from the radar's window work).
    const ends = [
      '2026-09-30T00:00:00Z',
      '2026-09-30T00:00:00+01:00',
      '2026-09-30T23:59:59+01:00',
      '2026-09-30T23:59:59Z',
    ];
    for (const end of ends) {
      const c = contract(end, '2027-09-30T00:00:00Z')!;
      expect(nextEnd(c, lastDay)).toBe(end);
      expect(endsWithin(contract(end)!, lastDay, 18)).toBe(true);
      expect(nextEnd(c, nextDay)).toBe('2027-09-30T00:00:00Z');
      expect(endsWithin(contract(end)!, nextDay, 18)).toBe(false);
    }
    // In winter the UK day is the UTC day: the last second of 31 December goes at midnight.
    const newYear = contract('2026-12-31T23:59:59Z')!;
    expect(nextEnd(newYear, Date.parse('2026-12-31T23:00:00Z'))).toBe('2026-12-31T23:59:59Z');
    expect(nextEnd(newYear, Date.parse('2027-01-01T00:00:01Z'))).toBeNull();
  });
});

describe('one buyer across notices and feeds', () => {
  it('folds case, "the", "London Borough of" and a trailing "Council" or "(WCC)"', () => {
    expect(buyerKey('Durham County Council')).toBe(buyerKey('DURHAM COUNTY COUNCIL'));
    expect(buyerKey('The North Yorkshire Council')).toBe(buyerKey('North Yorkshire Council'));
    expect(buyerKey('London Borough of Merton')).toBe('merton');
    expect(buyerKey('Warwickshire County Council (WCC)')).toBe('warwickshire');
    expect(buyerKey('City of Doncaster Council')).toBe('doncaster');
    expect(buyerKey('Durham University')).not.toBe(buyerKey('Durham County Council'));
    expect(buyerKey('Lancashire Constabulary')).not.toBe(buyerKey('Lancashire County Council'));
    expect(buyerKey('Leicester City Council')).not.toBe(buyerKey('Leicestershire County Council'));
  });

  it('the same award published on Find a Tender and Contracts Finder counts once', () => {
    const raw = fixtureRelease('fts/fts-uk7-contract-028961-2025.json');
    const fts = record(read(raw))!;
    const cf = {
      ...fts,
      source: 'cf',
      ocid: 'ocds-b5fd17-copy',
      buyer: { ...fts.buyer, name: 'LANCASTER CITY COUNCIL' },
    };
    expect(copyKey(fts)).not.toBeNull();
    expect(copyKey(cf)).toBe(copyKey(fts));
    expect(withoutCopies([fts, cf])).toEqual([fts]);
    expect(withoutCopies([fts, { ...cf, end: '2029-01-01T00:00:00Z' }])).toHaveLength(2);
  });
});

import { describe, expect, it } from 'vitest';
import { fixtureJson, fixtureRelease } from '../../test/support/fixtures.js';
import { PROFILES } from '../sources/registry.js';
import { formatMoney } from './money.js';
import { toNotice } from './normalise.js';
import type { Notice } from './notice.js';

// Every expected value is read from the recorded release itself (test/fixtures/SOURCES.md says where each
// came from), so the test checks the normaliser against the source, not against itself.

function read(raw: unknown, source: keyof typeof PROFILES = 'fts'): Notice {
  const result = toNotice(raw, PROFILES[source]);
  if (!result.ok) throw new Error(result.reason);
  return result.notice;
}
const iso = (date: string) => new Date(date).toISOString().replace('.000', '');

describe('award and contract notices keep what a person acts on', () => {
  it('FTS UK7 contract details: contract value and period, award items, supplier and buyer contact', () => {
    const raw = fixtureRelease('fts/fts-uk7-contract-028961-2025.json');
    const notice = read(raw);
    const [contract] = raw.contracts;
    const [award] = raw.awards;
    expect(notice).toMatchObject({ stage: 'award', noticeType: 'UK7', regime: 'PA2023', nation: 'England' });
    expect(notice.contracts).toEqual([
      {
        id: contract.id,
        awardId: contract.awardID,
        status: contract.status,
        title: contract.title,
        value: {
          amount: contract.value.amount,
          amountGross: contract.value.amountGross,
          min: null,
          currency: 'GBP',
        },
        period: { start: iso(contract.period.startDate), end: iso(contract.period.endDate), maxExtent: null },
        dateSigned: iso(contract.dateSigned),
      },
    ]);
    expect(notice.value).toEqual(notice.contracts[0]?.value);
    expect(formatMoney(notice.value)).toBe('£54,394');
    expect(notice.dates.contractStart).toBe(iso(contract.period.startDate));
    expect(notice.dates.contractEnd).toBe(iso(contract.period.endDate));
    expect(notice.awards[0]).toMatchObject({
      suppliers: [{ name: award.suppliers[0].name, id: award.suppliers[0].id }],
      relatedLots: award.relatedLots,
      cpv: [award.items[0].additionalClassifications[0].id],
      deliveryRegions: ['United Kingdom'],
    });
    // The tender names no CPV code or place: the notice takes them from the award.
    expect(notice.cpv).toEqual(['48000000']);
    expect(notice.deliveryRegions).toEqual(['United Kingdom']);
    const buyer = raw.parties.find((p: { roles: string[] }) => p.roles.includes('buyer'));
    expect(notice.buyer.contact).toEqual({
      name: buyer.contactPoint.name,
      email: buyer.contactPoint.email,
      telephone: buyer.contactPoint.telephone,
      url: buyer.details.url,
    });
    expect(notice.url).toBe(contract.documents[0].url);
  });

  it('FTS UK6 award: five awards on one lot, each with its supplier, value and contract period', () => {
    const raw = fixtureRelease('fts/fts-uk6-award-029664-2025.json');
    const notice = read(raw);
    expect(notice.noticeType).toBe('UK6');
    expect(notice.awards).toHaveLength(raw.awards.length);
    raw.awards.forEach((award: any, i: number) => {
      expect(notice.awards[i]).toMatchObject({
        id: award.id,
        status: award.status,
        suppliers: award.suppliers.map((s: any) => ({ name: s.name, id: s.id })),
        value: { amount: award.value.amount, amountGross: award.value.amountGross },
        contractPeriod: {
          start: iso(award.contractPeriod.startDate),
          end: iso(award.contractPeriod.endDate),
        },
        relatedLots: award.relatedLots,
      });
    });
    // One lot, several suppliers: the notice's value is the largest award, never their sum.
    const largest = Math.max(...raw.awards.map((a: any) => a.value.amountGross));
    expect(notice.value?.amountGross).toBe(largest);
    expect(notice.cpv).toEqual(['90711400', '90713000']);
    expect(notice.awards[3]?.deliveryRegions).toEqual([]);
  });

  it('PCR-era FTS award: regime from the legal basis, supplier kept, no value invented', () => {
    const raw = fixtureRelease('fts/fts-pcr-award-celex24-029615-2025.json');
    const notice = read(raw);
    expect(notice).toMatchObject({ stage: 'award', regime: 'PCR2015', noticeType: null, cpv: ['85000000'] });
    expect(notice.awards[0]?.suppliers).toEqual([
      { name: raw.awards[0].suppliers[0].name, id: 'GB-CHC-1109792' },
    ]);
    expect(notice.value).toBeNull();
    expect(notice.contracts.map((c) => [c.id, c.status, c.value])).toEqual([
      ['029615-2025-1', 'active', null],
    ]);
  });

  it('Contracts Finder award valued 0: the award value is "not stated", the tender range stays', () => {
    const raw = fixtureJson('cf/cf-award-zero-value-ocds-b5fd17-afdd98b7-3f47-4299-9674-29edc2388b46.json');
    expect(raw.awards[0].value.amount).toBe(0);
    const notice = read(raw, 'cf');
    expect(notice.awards[0]?.value).toBeNull();
    expect(notice.value).toEqual({ amount: 2_000_000, amountGross: null, min: 500_000, currency: 'GBP' });
    expect(formatMoney(notice.value)).toBe('£500,000–£2,000,000');
    expect(notice.awards[0]?.contractPeriod).toEqual({
      start: iso(raw.awards[0].contractPeriod.startDate),
      end: iso(raw.awards[0].contractPeriod.endDate),
      maxExtent: null,
    });
  });
});

describe('early engagement and pipeline notices keep their dates', () => {
  it('FTS UK2: reply-by date, response link, expected tender date, and a gross value of 0 is not £0', () => {
    const raw = fixtureRelease('fts/fts-uk2-engagement-083645-2026.json');
    const notice = read(raw);
    const [milestone] = raw.planning.milestones;
    expect(notice).toMatchObject({ stage: 'planning', noticeType: 'UK2' });
    expect(notice.dates.engagementDeadline).toBe(iso(milestone.dueDate));
    expect(notice.engagement).toEqual({ description: null, url: milestone.description });
    expect(notice.dates.expectedTender).toBe(iso(raw.tender.communication.futureNoticeDate));
    expect(raw.tender.value).toEqual({ amountGross: 0, currency: 'GBP' });
    expect(notice.value).toBeNull();
  });

  it('Contracts Finder early engagement: the engagement milestone is the reply-by date', () => {
    const raw = fixtureJson(
      'cf/cf-planning-engagement-ocds-b5fd17-b981550e-c529-4a76-9c0a-ed2452eac405.json',
    );
    const notice = read(raw, 'cf');
    expect(notice).toMatchObject({ stage: 'planning', noticeType: 'marketEngagementNotice' });
    expect(notice.dates.engagementDeadline).toBe(iso(raw.planning.milestones[0].dueDate));
    expect(notice.url).toBe(raw.planning.documents[0].url);
  });

  it('Contracts Finder future opportunity: expected tender date and a value range', () => {
    const raw = fixtureJson('cf/cf-planning-minvalue-ocds-b5fd17-6dca8686-ca76-4e8e-b3e5-16fc5cef74da.json');
    const notice = read(raw, 'cf');
    expect(notice.dates.expectedTender).toBe(iso(raw.tender.communication.futureNoticeDate));
    expect(notice.value).toMatchObject({ min: raw.tender.minValue.amount, amount: raw.tender.value.amount });
  });
});

describe('Scotland and Wales as sources of their own', () => {
  it('Public Contracts Scotland: its own source, notice page, Scottish regulations, and noon means noon', () => {
    const raw = fixtureJson('pcs/pcs-tender-ocds-r6ebe6-0000581665.json');
    expect(raw.description).toContain('12:00 noon on 28 May 2019');
    expect(raw.tender.tenderPeriod.endDate).toBe('2019-05-28T12:00:00Z');
    const notice = read(raw, 'pcs');
    expect(notice).toMatchObject({
      source: 'pcs',
      regime: 'PCSR2015',
      nation: 'Scotland',
      noticeType: 'contractNotice',
    });
    // 12:00 in British Summer Time is 11:00 UTC.
    expect(notice.dates.tenderDeadline).toBe('2019-05-28T11:00:00Z');
    expect(notice.url).toBe(raw.tender.documents[0].url);
    expect(notice.releaseId).toBe(`${raw.ocid}@${raw.date}`);
  });

  it('Sell2Wales: notice page from the documents, Welsh notice, summer noon and winter noon', () => {
    const summer = fixtureJson('s2w/s2w-tender-ocds-kuma6s-148402.json');
    expect(summer.description).toContain('12:00 noon 7 April 2025');
    const notice = read(summer, 's2w');
    expect(notice).toMatchObject({ source: 's2w', nation: 'Wales', regime: 'PCR2015' });
    expect(notice.dates.tenderDeadline).toBe('2025-04-07T11:00:00Z');
    expect(notice.url).toBe(summer.tender.documents[0].url);
    const winter = read(fixtureJson('s2w/s2w-tender-placeholder-value-ocds-kuma6s-148440.json'), 's2w');
    expect(winter.dates.tenderDeadline).toBe('2025-03-24T12:00:00Z');
  });

  it('Sell2Wales placeholder value 0.01 is "not stated"', () => {
    const raw = fixtureJson('s2w/s2w-tender-placeholder-value-ocds-kuma6s-148440.json');
    expect(raw.tender.value.amount).toBe(0.01);
    expect(read(raw, 's2w').value).toBeNull();
  });
});

describe('how many bids a procurement received', () => {
  it('reads the bids count of each lot from bids.statistics (PCR award 029615-2025, UK6 029664-2025)', () => {
    const pcr = fixtureRelease('fts/fts-pcr-award-celex24-029615-2025.json');
    const uk6 = fixtureRelease('fts/fts-uk6-award-029664-2025.json');
    const bids = (raw: any) => raw.bids.statistics.find((s: any) => s.measure === 'bids').value;
    expect(read(pcr).bidCount).toBe(bids(pcr));
    expect(read(pcr).bidCount).toBe(6);
    expect(read(uk6).bidCount).toBe(bids(uk6));
  });

  it('adds the lots up, and prefers a count for the whole procurement when one is given', () => {
    const raw = fixtureRelease('fts/fts-pcr-award-celex24-029615-2025.json');
    const lots = [
      { id: 'a', measure: 'bids', relatedLot: '1', value: 6 },
      { id: 'b', measure: 'bids', relatedLot: '2', value: 3 },
      { id: 'c', measure: 'smeBids', relatedLot: '2', value: 2 },
    ];
    expect(read({ ...raw, bids: { statistics: lots } }).bidCount).toBe(9);
    const whole = [...lots, { id: 'd', measure: 'bids', value: 7 }];
    expect(read({ ...raw, bids: { statistics: whole } }).bidCount).toBe(7);
  });

  it('falls back to tender.numberOfTenderers, and says nothing when the notice does not', () => {
    const record = fixtureJson('records/mx-cdmx-recordpackage-versioned-OCDS-87SD3T-AD-SF-DRM-063-2015.json');
    const compiled = record.records[0].compiledRelease;
    expect(read(compiled).bidCount).toBe(compiled.tender.numberOfTenderers);
    expect(read(fixtureRelease('fts/fts-uk7-contract-028961-2025.json')).bidCount).toBeNull();
  });
});

import { PROFILES } from '../sources/registry.js';
import { describe, expect, it } from 'vitest';
import { fixtureJson, fixtureRelease } from '../../test/support/fixtures.js';
import { toNotice } from './normalise.js';
import type { Notice } from './notice.js';

function normalise(raw: unknown, source: keyof typeof PROFILES = 'fts'): Notice {
  const result = toNotice(raw, PROFILES[source]);
  if (!result.ok) throw new Error(result.reason);
  return result.notice;
}

describe('toNotice on real Find a Tender releases', () => {
  it('reads a PA-2023 UK4 tender with five lots as published', () => {
    const raw = fixtureRelease('fts/fts-member-083563-2026-UK4-tender-5lots.json');
    const notice = normalise(raw);
    expect(notice.releaseId).toBe(raw.id);
    expect(notice.ocid).toBe(raw.ocid);
    expect(notice.noticeType).toBe('UK4');
    expect(notice.stage).toBe('tender');
    expect(notice.regime).toBe('PA2023');
    expect(notice.title).toBe(raw.tender.title);
    expect(notice.value).toEqual({
      amount: raw.tender.value.amount,
      amountGross: raw.tender.value.amountGross,
      min: null,
      currency: 'GBP',
    });
    expect(notice.lots).toHaveLength(raw.tender.lots.length);
    expect(notice.lots[0]?.value?.amountGross).toBe(raw.tender.lots[0].value.amountGross);
    expect(notice.lots[0]?.suitability.sme).toBe(true);
    expect(notice.lots[0]?.cpv).toEqual(['92521000', '92521100']);
    expect(notice.cpv).toEqual(['92521000', '92521100']);
    expect(notice.dates.tenderDeadline).toBe(
      new Date(raw.tender.tenderPeriod.endDate).toISOString().replace('.000', ''),
    );
    expect(notice.dates.enquiryDeadline).toBe('2026-09-25T16:00:00Z');
    expect(notice.buyer).toMatchObject({
      name: 'Science Museum Group',
      type: 'publicAuthorityCentralGovernment',
      regionCode: 'UKI33',
      regionName: 'London',
    });
    expect(notice.deliveryRegions).toEqual(['North West']);
    expect(notice.url).toBe('https://www.find-tender.service.gov.uk/Notice/083563-2026');
    expect(notice.portalUrl).toBe(raw.tender.submissionMethodDetails);
    expect(notice.aboveThreshold).toBe(true);
  });

  it('reads every release on a real page, including PCR-era, cancellation and pipeline notices', () => {
    const page = fixtureJson('fts/fts-page-2026-09-03-p002.json');
    const notices = page.releases.map((r: unknown) => normalise(r));
    expect(notices.map((n: Notice) => [n.releaseId, n.stage, n.regime])).toEqual([
      ['083257-2026', 'award', 'PCR2015'],
      ['083256-2026', 'cancellation', 'PA2023'],
      ['083253-2026', 'award', 'PA2023'],
    ]);
    expect(notices[0].buyer.type).toBe('REGIONAL_AUTHORITY');
    expect(notices[0].cpv).toContain('30232100');
    expect(notices[1].noticeType).toBe('UK12');
  });

  it('accepts deliveryAddresses given as an object instead of an array (FTS 2021)', () => {
    const raw = fixtureRelease('fts/fts-member-002109-2021-PCR-tender-deliveryAddresses-object.json');
    expect(Array.isArray(raw.tender.items[0].deliveryAddresses)).toBe(false);
    const notice = normalise(raw);
    expect(notice.deliveryRegions).toEqual(['United Kingdom']);
    expect(notice.value?.amount).toBe(5000000);
    expect(notice.regime).toBe('PCR2015');
  });

  it('reads a UK15 delta release without inventing award values', () => {
    const notice = normalise(fixtureRelease('fts/fts-member-083685-2026-UK15-delta-amendment.json'));
    expect(notice.noticeType).toBe('UK15');
    expect(notice.awards.every((a) => a.suppliers.length === 0 && a.value === null)).toBe(true);
  });
});

describe('toNotice on real Contracts Finder releases', () => {
  it('reads a value range from minValue and value', () => {
    const raw = fixtureJson('cf/cf-release-tender-minvalue-ocds-b5fd17-f3393cc3.json');
    const notice = normalise(raw, 'cf');
    expect(notice.value).toMatchObject({ min: raw.tender.minValue.amount, amount: raw.tender.value.amount });
    expect(notice.suitability).toEqual({ sme: true, vcse: true });
    expect(notice.url).toBe(
      'https://www.contractsfinder.service.gov.uk/Notice/6e1bb52f-3826-4795-a474-5a67db4e2808',
    );
    expect(notice.noticeType).toBe('tenderNotice');
  });

  it('repairs mojibake in text', () => {
    const raw = fixtureJson('cf/cf-release-award-mojibake-ocds-b5fd17-e3b5f385.json');
    expect(JSON.stringify(raw)).toContain('â€');
    const notice = normalise(raw, 'cf');
    expect(notice.description).not.toContain('â€');
  });

  it('maps English region names and drops zero "not stated" values', () => {
    const notice = normalise(fixtureJson('cf/cf-release-award-ocds-b5fd17-3acef0bd.json'), 'cf');
    expect(notice.deliveryRegions).toHaveLength(12);
    expect(notice.awards[0]?.suppliers.map((s) => s.name)).toContain('Outcomes First Group');
  });
});

describe('toNotice on odd input', () => {
  const base = { id: 'r-1', ocid: 'ocds-x-1', tag: ['tender'], tender: { title: 'Advocacy service' } };

  it('treats a bare deadline date as the end of that UK civil day', () => {
    const notice = normalise({
      ...base,
      tender: { ...base.tender, tenderPeriod: { endDate: '2025-07-07' } },
    });
    expect(notice.dates.tenderDeadline).toBe('2025-07-07T22:59:59Z');
  });

  it('drops the supplementary CPVS scheme and reads check digits', () => {
    const notice = normalise({
      ...base,
      tender: {
        ...base.tender,
        classification: { scheme: 'CPV', id: '85312300-2' },
        additionalClassifications: [{ scheme: 'CPVS', id: '85000000-AA01' }],
      },
    });
    expect(notice.cpv).toEqual(['85312300']);
  });

  it('clamps an infinite number instead of storing it', () => {
    const notice = normalise({
      ...base,
      tender: { ...base.tender, value: { amount: Infinity, currency: 'GBP' } },
    });
    expect(notice.value).toBeNull();
  });

  it('ignores wrong-typed fields and keeps the rest', () => {
    const notice = normalise({
      ...base,
      tender: { ...base.tender, lots: 'nonsense', value: { amount: 'lots' }, tenderPeriod: 7 },
      parties: [null, 3],
    });
    expect(notice.title).toBe('Advocacy service');
    expect(notice.lots).toEqual([]);
  });

  it('explains why a release cannot be read', () => {
    expect(toNotice({ id: 'x' }, PROFILES.fts)).toEqual({
      ok: false,
      reason: expect.stringContaining('ocid'),
    });
    expect(toNotice({ ...base, tender: {} }, PROFILES.fts)).toEqual({
      ok: false,
      reason: 'release has neither a title nor a description',
    });
    expect(toNotice('not an object', PROFILES.fts).ok).toBe(false);
  });

  it('decodes HTML entities', () => {
    expect(normalise({ ...base, tender: { title: 'Carers&#039; advice &amp; support' } }).title).toBe(
      "Carers' advice & support",
    );
  });
});

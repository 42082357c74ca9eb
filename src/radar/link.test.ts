import { describe, expect, it } from 'vitest';
import { fixtureJson, fixtureRelease, fixtureText } from '../../test/support/fixtures.js';
import { realMatch } from '../../test/support/matcher.js';
import { toNotice } from '../notices/normalise.js';
import type { Notice } from '../notices/notice.js';
import { profileOfRaw } from '../sources/registry.js';
import { toContractRecord, type ContractRecord } from './contract.js';
import { findReplacedContract, replacementWindow } from './link.js';

// The recordings hold no real pair of one buyer's award and its later pipeline or engagement notice in the
// same area (searched: test/fixtures, ../shared/fixtures, ../shared/labels). So the pairs here are recorded
// notices with the link made explicit: the real Dorset Council market-engagement notice (a PIN, labelled
// dev notice page-099) says "Dorset Council currently commissions an advocacy and Independent Visitors
// service for children and young people. This contract will end on 31 July 2024"; the old contract is a real
// advocacy award notice (Worcestershire's "Advocacy Services of Adults", dev notice page-122) given Dorset as
// its buyer and the end date the PIN states.

function read(raw: unknown): Notice {
  const result = toNotice(raw, profileOfRaw(raw));
  if (!result.ok) throw new Error(result.reason);
  return result.notice;
}
const labelled = (id: string) =>
  fixtureText('labels/dev-releases.jsonl')
    .split('\n')
    .filter((line) => line.trim())
    .map((line) => JSON.parse(line))
    .find((r) => r.id === id);

const dorsetPin = () => read(labelled('page-099'));
const END_STATED_IN_PIN = '2024-07-31T22:59:59Z';

/** The real advocacy award, as Dorset's contract ending on the date the PIN gives. */
function dorsetContract(overrides: Partial<ContractRecord> = {}): ContractRecord {
  const award = read(labelled('page-122'));
  const raw = {
    ...labelled('page-122'),
    buyer: { name: 'Dorset Council' },
    parties: [{ name: 'Dorset Council', roles: ['buyer'] }],
    date: '2020-06-01',
    awards: [
      {
        id: '1',
        status: 'active',
        suppliers: [{ name: 'Advocacy Partners (example supplier)' }],
        contractPeriod: { startDate: '2020-08-01T00:00:00+01:00', endDate: '2024-07-31T23:59:59+01:00' },
      },
    ],
  };
  const notice = read(raw);
  expect(notice.title).toBe(award.title);
  const record = toContractRecord(notice, realMatch(notice));
  if (!record) throw new Error('no contract');
  return { ...record, ...overrides };
}

describe('a new engagement notice is linked to the contract it probably replaces', () => {
  it('the Dorset advocacy PIN links to Dorset advocacy contract ending on the date the PIN states', () => {
    const pin = dorsetPin();
    expect(pin.buyer.name).toBe('Dorset Council');
    expect(pin.description).toContain('This contract will end on 31 July 2024');
    const contract = dorsetContract();
    expect(contract.end).toBe(END_STATED_IN_PIN);
    expect(contract.areas).toContain('advocacy');
    const link = findReplacedContract(pin, realMatch(pin), [contract]);
    expect(link?.contract.ocid).toBe(contract.ocid);
    expect(link?.areas).toEqual(['advocacy']);
    expect(link?.others).toBe(0);
  });

  it('not the same buyer: no link, however well the rest fits', () => {
    const pin = dorsetPin();
    const elsewhere = dorsetContract({
      buyer: { key: 'worcestershire', name: 'Worcestershire County Council', id: null },
    });
    expect(findReplacedContract(pin, realMatch(pin), [elsewhere])).toBeNull();
  });

  it('the same buyer in another area: no link (Dorset buying route-optimisation software is not advocacy)', () => {
    const pin = dorsetPin();
    const software = read({
      ...fixtureRelease('fts/fts-uk7-contract-028961-2025.json'),
      buyer: { name: 'Dorset Council' },
      parties: [],
    });
    const record = toContractRecord(software, realMatch(software));
    expect(record?.areas).toEqual([]);
    const ending = { ...record!, end: END_STATED_IN_PIN, awardedOn: '2020-01-01T00:00:00Z' };
    expect(findReplacedContract(pin, realMatch(pin), [ending])).toBeNull();
  });

  it('the same buyer and area but an end far from the planned dates: no link', () => {
    const pin = dorsetPin();
    const later = dorsetContract({ end: '2030-03-31T22:59:59Z' });
    const earlier = dorsetContract({ end: '2021-03-31T22:59:59Z' });
    expect(findReplacedContract(pin, realMatch(pin), [later, earlier])).toBeNull();
  });

  it('a contract awarded after the notice was published is not the one it replaces', () => {
    const pin = dorsetPin();
    const after = dorsetContract({ awardedOn: '2023-09-01T00:00:00Z' });
    expect(findReplacedContract(pin, realMatch(pin), [after])).toBeNull();
  });

  it('an award notice is never a re-procurement, and a notice in no service area links to nothing', () => {
    const contract = dorsetContract();
    const award = read(labelled('page-122'));
    expect(findReplacedContract(award, realMatch(award), [contract])).toBeNull();
    // The real Leeds UK2 (automatic doors) is in no service area.
    const leeds = read(
      fixtureJson('fts/fts-page-2026-09-03-p001.json').releases.find((r: any) => r.id === '083655-2026'),
    );
    const leedsContract = {
      ...contract,
      buyer: { key: 'leeds', name: 'Leeds City Council', id: leeds.buyer.id },
    };
    expect(realMatch(leeds).areas).toEqual([]);
    expect(findReplacedContract(leeds, realMatch(leeds), [leedsContract])).toBeNull();
  });

  it('between two that fit, the one ending nearest the planned start', () => {
    const pin = { ...dorsetPin(), dates: { ...dorsetPin().dates, contractStart: '2024-08-01T00:00:00Z' } };
    const near = dorsetContract({ ocid: 'near', end: END_STATED_IN_PIN });
    const far = dorsetContract({ ocid: 'far', end: '2024-01-31T23:59:59Z' });
    const link = findReplacedContract(pin, realMatch(pin), [far, near]);
    expect(link?.contract.ocid).toBe('near');
    expect(link?.others).toBe(1);
  });
});

describe('when the old contract should end, from what the new notice says', () => {
  it('a planned contract start (the real UK1 083664-2026) narrows it to just before that start', () => {
    const uk1 = read(
      fixtureJson('fts/fts-page-2026-09-03-p001.json').releases.find((r: any) => r.id === '083664-2026'),
    );
    const window = replacementWindow(uk1)!;
    expect(uk1.dates.contractStart).toBe('2027-01-10T00:00:00Z');
    expect(new Date(window.from).toISOString().slice(0, 10)).toBe('2026-04-10');
    expect(new Date(window.to).toISOString().slice(0, 10)).toBe('2027-04-10');
  });

  it('with only its publication date (the Dorset PIN), from 3 months before to 2 years after', () => {
    const window = replacementWindow(dorsetPin())!;
    expect(new Date(window.from).toISOString().slice(0, 10)).toBe('2023-04-23');
    expect(new Date(window.to).toISOString().slice(0, 10)).toBe('2025-07-23');
  });
});

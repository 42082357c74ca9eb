import { PROFILES } from '../sources/registry.js';
import { describe, expect, it } from 'vitest';
import { buildLot, buildNotice } from '../../test/support/builders.js';
import { fixtureJson } from '../../test/support/fixtures.js';
import { realTables } from '../../test/support/reservation.js';
import { toNotice } from '../notices/normalise.js';
import { ANY_WORDING, findExplicitReservations, GENERIC_RESERVED, WORDING } from './explicit.js';
import { classifyReservation, ukDayOf } from './reservation.js';

const routesOf = (overrides: Parameters<typeof buildNotice>[0]) =>
  findExplicitReservations(buildNotice(overrides)).map(
    (f) => `${f.route}${f.lots.length ? `@${f.lots.join(',')}` : ''}`,
  );

describe('explicit reservations in real notices', () => {
  it('Sell2Wales: a PCR-era supported-business contract under regulation 20', () => {
    const result = toNotice(
      fixtureJson('reserved/sell2wales-release-reserved-shelteredWorkshop-ocds-kuma6s-148223.json'),
      PROFILES.s2w,
    );
    if (!result.ok) throw new Error(result.reason);
    const reservation = classifyReservation(result.notice, [], realTables);
    expect(reservation).toMatchObject({ kind: 'explicit', regime: 'PCR2015', lots: [] });
    expect(reservation?.routes.map((r) => [r.route, r.legalBasis])).toEqual([
      ['supported-employment', 'Public Contracts Regulations 2015, regulation 20'],
    ]);
    expect(reservation?.summary).toBe(
      // Regulation 20's own test (DOMAIN.md section 1): a main aim of integration as well as 30%.
      'This contract is reserved for supported employment providers. Supported employment providers ' +
        'are sheltered workshops and organisations whose main aim is the social and professional ' +
        'integration of disabled or disadvantaged people, at least 30% of whose workers are disabled or ' +
        'disadvantaged (Public Contracts Regulations 2015, regulation 20).',
    );
  });

  it('Public Contracts Scotland: a supported-business reservation under the Scottish regulations', () => {
    const result = toNotice(
      fixtureJson('reserved/pcs-release-reserved-shelteredWorkshop-ocds-r6ebe6-00005805.json'),
      PROFILES.pcs,
    );
    if (!result.ok) throw new Error(result.reason);
    const reservation = classifyReservation(result.notice, [], realTables);
    expect(reservation?.regime).toBe('PCSR2015');
    expect(reservation?.routes[0]?.legalBasis).toBe(
      'Public Contracts (Scotland) Regulations 2015, regulation 21',
    );
    // Regulation 21's two-part test, in its own word ("supported businesses").
    expect(reservation?.summary).toContain(
      'are supported businesses: organisations whose main aim is the social and professional integration',
    );
  });
});

describe('explicit reservations from data', () => {
  it('reads each reservedParticipation code, including the older publicService spelling', () => {
    expect(routesOf({ reservedParticipation: ['shelteredWorkshop'] })).toEqual(['supported-employment']);
    expect(routesOf({ reservedParticipation: ['publicServiceMissionOrganization'] })).toEqual([
      'public-service-mutual',
    ]);
    expect(routesOf({ reservedParticipation: ['publicService'] })).toEqual(['public-service-mutual']);
    expect(routesOf({ reservedParticipation: ['smeVcse'] })).toEqual(['sme-vcse']);
    expect(routesOf({ reservedParticipationLocation: 'Kent' })).toEqual(['location']);
    expect(routesOf({ reservedExecution: true })).toEqual(['supported-employment-programme']);
  });

  it('names the lot a lot-level reservation applies to', () => {
    const lot2 = { ...buildLot('2', 'Lot 2 Grounds'), reservedParticipation: ['shelteredWorkshop'] };
    expect(routesOf({ lots: [buildLot('1', 'Lot 1 Catering'), lot2] })).toEqual(['supported-employment@2']);
    const reservation = classifyReservation(
      buildNotice({ lots: [buildLot('1', 'Lot 1'), lot2] }),
      [],
      realTables,
    );
    expect(reservation?.lots).toEqual(['2']);
    expect(reservation?.summary).toContain(
      'This contract (lot 2) is reserved for supported employment providers',
    );
    expect(reservation?.summary).toContain('Procurement Act 2023, section 32');
  });

  it("a notice's one lot is the whole contract, not a lot to name (Find a Tender's LOT-0000)", () => {
    const lone = { ...buildLot('LOT-0000', 'Advocacy'), reservedParticipation: ['shelteredWorkshop'] };
    expect(routesOf({ lots: [lone] })).toEqual(['supported-employment']);
    const reservation = classifyReservation(buildNotice({ lots: [lone] }), [], realTables);
    expect(reservation?.lots).toEqual([]);
    expect(reservation?.summary).toContain('This contract is reserved for supported employment providers');
    expect(reservation?.summary).not.toContain('LOT-0000');
  });
});

describe('explicit reservations from wording (DOMAIN.md §5)', () => {
  it.each([
    [
      'This contract is reserved for supported employment providers under section 32 of the Procurement Act 2023.',
      'supported-employment',
    ],
    [
      'Participation is reserved to supported businesses in accordance with Regulation 20 of the ' +
        'Public Contracts Regulations 2015.',
      'supported-employment',
    ],
    ['Reserved for sheltered workshops.', 'supported-employment'],
    [
      'The contract will be performed in the context of sheltered employment programmes.',
      'supported-employment-programme',
    ],
    [
      'Open to economic operators whose main aim is the social and professional integration of ' +
        'disabled or disadvantaged persons.',
      'supported-employment',
    ],
    ['Reserved under Article 20 of Directive 2014/24/EU.', 'supported-employment'],
    [
      'This is a reserved contract under Regulation 77 of the Public Contracts Regulations 2015 for ' +
        'qualifying organisations.',
      'public-service-mutual',
    ],
    [
      'Reserved to public service mutuals in accordance with section 33 of the Procurement Act 2023.',
      'public-service-mutual',
    ],
    ['This opportunity is reserved for SMEs and VCSEs.', 'sme-vcse'],
  ])('"%s" → %s', (description, route) => {
    expect(routesOf({ description })).toContain(route);
  });

  // One example per wording rule, in WORDING's order: the one-scan check before the rules lets each through.
  const EXAMPLES = [
    'supported employment provider',
    'supported factories',
    'sheltered workshop',
    'sheltered employment programme',
    'social and professional integration of disabled people',
    'at least 30 per cent',
    'Regulation 20',
    'Article 19',
    'Section 32',
    'regulation 77',
    'article 77',
    'section 33',
    'Public Service Mutual',
    'public service mission',
    'reservable light touch',
    'qualifying organisations',
    'reserved for VCSEs',
    'si 2026/94',
  ];
  it('passes the one-scan check for every wording rule, so none is skipped', () => {
    expect(EXAMPLES).toHaveLength(WORDING.length);
    WORDING.forEach((rule, i) => {
      const example = EXAMPLES[i] ?? '';
      expect(rule.pattern.test(example), example).toBe(true);
      expect(ANY_WORDING.test(example), example).toBe(true);
    });
    expect(ANY_WORDING.test('the lot will be reserved')).toBe(true);
    expect(GENERIC_RESERVED.test('the lot will be reserved')).toBe(true);
    expect(ANY_WORDING.test('Independent advocacy for adults under the Care Act 2014.')).toBe(false);
  });

  it('reads wording in a lot and names that lot', () => {
    expect(
      routesOf({
        lots: [
          buildLot('1', 'Lot 1'),
          buildLot('3', 'Lot 3 reserved for supported businesses', 'Regulation 20 applies.'),
        ],
      }),
    ).toEqual(['supported-employment@3']);
  });

  it.each([
    [
      'The service supports Article 19 of the UN Convention on the Rights of Persons with ' +
        'Disabilities: living independently.',
    ],
    ['The Council reserves the right not to award a contract.'],
    ['Reserved matters application for the development.'],
    ['Management of sheltered housing schemes for older people.'],
    ['Supported living for adults with learning disabilities.'],
    ['A supported employment service for people with learning disabilities (DWP Connect to Work, IPS).'],
    ['The number of businesses supported will be a key performance indicator.'],
    [
      'The parties will mutually agree the schedule; NFU Mutual insurance; mutual aid and mutual recognition.',
    ],
    ['Assessments under section 32 of the Children Act and section 33 of the Care Act.'],
  ])('does not flag: "%s"', (description) => {
    expect(routesOf({ description })).toEqual([]);
  });
});

describe('the UK day a notice was published on', () => {
  it('is the UK calendar day, also for a second instant of an hour already worked out', () => {
    expect(ukDayOf('2026-07-01T23:30:00Z')).toBe('2026-07-02');
    expect(ukDayOf('2026-07-01T23:05:10.5Z')).toBe('2026-07-02');
    expect(ukDayOf('2026-01-01T23:30:00Z')).toBe('2026-01-01');
    expect(ukDayOf('2026-07-01T23:30:00+00:00')).toBe('2026-07-02');
    expect(ukDayOf(null)).toBeNull();
    // An impossible time or date is refused, before or after a good instant of the same hour.
    expect(ukDayOf('2026-07-03T23:99:00Z')).toBeNull();
    expect(ukDayOf('2026-07-03T23:30:00Z')).toBe('2026-07-04');
    expect(ukDayOf('2026-07-03T23:59:60Z')).toBeNull();
    expect(ukDayOf('2026-02-30T10:00:00Z')).toBeNull();
    // Before 1847 London kept local mean time (-0:01:15), not a whole number of hours from UTC.
    expect(ukDayOf('1800-01-01T00:10:00Z')).toBe('1800-01-01');
    expect(ukDayOf('1800-01-01T00:00:30Z')).toBe('1799-12-31');
  });
});

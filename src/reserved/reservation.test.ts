import { PROFILES } from '../sources/registry.js';
import { describe, expect, it } from 'vitest';
import { buildLot, buildNotice } from '../../test/support/builders.js';
import { fixtureRelease } from '../../test/support/fixtures.js';
import { realTables } from '../../test/support/reservation.js';
import { toNotice } from '../notices/normalise.js';
import type { Notice } from '../notices/notice.js';
import { classifyReservation, reservationRegime } from './reservation.js';

const dates = (
  published: string,
  contractStart: string | null = null,
  contractEnd: string | null = null,
): Notice['dates'] => ({ ...buildNotice().dates, published, contractStart, contractEnd });
const money = (amount: number, amountGross: number | null = null) => ({
  amount,
  amountGross,
  min: null,
  currency: 'GBP',
});
const candidate = (overrides: Partial<Notice>) =>
  classifyReservation(buildNotice({ title: 'Independent advocacy', ...overrides }), ['advocacy'], realTables);
const route = (r: ReturnType<typeof candidate>, id: string) => r?.routes.find((x) => x.route === id);

describe('reservation candidates for DPULO notices', () => {
  it('returns nothing for a notice that is neither reserved nor relevant', () => {
    expect(classifyReservation(buildNotice(), [], realTables)).toBeNull();
  });

  it('PA-era notice: s.32 supported employment and s.33 mutual routes, by competitive flexible procedure', () => {
    const r = candidate({
      regime: 'PA2023',
      cpv: ['85312300'],
      dates: dates('2026-03-01T09:00:00Z', '2026-06-01T00:00:00Z', '2029-05-31T23:59:59Z'),
      value: money(900_000, 900_000),
    });
    expect(r?.kind).toBe('candidate');
    expect(route(r, 'supported-employment')).toMatchObject({
      legalBasis: 'Procurement Act 2023, section 32',
      open: true,
    });
    expect(route(r, 'supported-employment')?.conditions.join(' ')).toContain(
      'competitive flexible procedure',
    );
    expect(route(r, 'public-service-mutual')).toMatchObject({ open: true });
    // A citation only (the letter to the commissioner quotes it): the list caveat is said with the reason.
    expect(route(r, 'public-service-mutual')?.legalBasis).toBe('Procurement Act 2023, section 33');
    expect(route(r, 'sme-vcse')).toBeUndefined();
    expect(r?.summary).toContain('it could be reserved for supported employment providers');
  });

  it('PCR-era notice: regulation 20 and regulation 77, and a 4-year term rules the mutual route out', () => {
    const r = candidate({
      regime: 'PCR2015',
      cpv: ['85000000'],
      dates: dates('2024-05-01T09:00:00Z', '2024-09-01T00:00:00Z', '2028-08-31T23:59:59Z'),
      stage: 'award',
    });
    expect(route(r, 'supported-employment')?.legalBasis).toBe(
      'Public Contracts Regulations 2015, regulation 20',
    );
    expect(route(r, 'public-service-mutual')).toMatchObject({
      legalBasis: 'Public Contracts Regulations 2015, regulation 77',
      open: false,
    });
    expect(route(r, 'public-service-mutual')?.why).toContain(
      "the notice's own term is 4.0 years and a mutual reservation allows at most 3",
    );
    expect(r?.summary).toContain('could have been reserved');
  });

  it('a 6-year PA-era term is too long for a mutual; 5 years is fine', () => {
    expect(
      route(
        candidate({
          cpv: ['85312300'],
          dates: dates('2026-03-01T09:00:00Z', '2026-04-01T00:00:00Z', '2032-03-31T23:59:59Z'),
        }),
        'public-service-mutual',
      )?.open,
    ).toBe(false);
    expect(
      route(
        candidate({
          cpv: ['85312300'],
          dates: dates('2026-03-01T09:00:00Z', '2026-04-01T00:00:00Z', '2031-03-31T23:59:59Z'),
        }),
        'public-service-mutual',
      )?.open,
    ).toBe(true);
  });

  it('payroll codes are not reservable for mutuals', () => {
    const r = candidate({ cpv: ['79211110'], dates: dates('2026-03-01T09:00:00Z') });
    expect(route(r, 'public-service-mutual')).toMatchObject({
      open: false,
      why: expect.stringContaining('79211110'),
    });
  });

  it('compares the VAT-inclusive value with the threshold in force, on each side of the boundary', () => {
    const subCentral2026 = {
      regime: 'PA2023' as const,
      aboveThreshold: null,
      cpv: ['79000000'],
      dates: dates('2026-02-01T09:00:00Z'),
    };
    expect(
      route(candidate({ ...subCentral2026, value: money(170_000, 207_719) }), 'sme-vcse')?.why,
    ).toContain('below the £207,720 threshold for sub-central goods and services (table from 2026-01-01)');
    expect(
      route(candidate({ ...subCentral2026, value: money(173_100, 207_720) }), 'sme-vcse'),
    ).toBeUndefined();
    // Before 1 Jan 2026 the 2024 table applies: £210,000 gross is below £214,904.
    expect(
      route(
        candidate({
          ...subCentral2026,
          value: money(175_000, 210_000),
          dates: dates('2025-12-15T09:00:00Z'),
        }),
        'sme-vcse',
      ),
    ).toBeDefined();
    expect(
      route(candidate({ ...subCentral2026, value: money(175_000, 210_000) }), 'sme-vcse'),
    ).toBeUndefined();
  });

  it('uses the central-government threshold for central buyers and the light-touch one for social care codes', () => {
    const central = { ...buildNotice().buyer, type: 'publicAuthorityCentralGovernment' };
    expect(
      route(
        candidate({
          aboveThreshold: null,
          buyer: central,
          cpv: ['79000000'],
          value: money(130_000, 136_000),
          dates: dates('2026-02-01T09:00:00Z'),
        }),
        'sme-vcse',
      ),
    ).toBeUndefined();
    expect(
      route(
        candidate({
          aboveThreshold: null,
          cpv: ['85312300'],
          value: money(500_000, 600_000),
          dates: dates('2026-02-01T09:00:00Z'),
        }),
        'sme-vcse',
      )?.why,
    ).toContain('£663,540 threshold for light-touch services');
  });

  it("trusts the buyer's own aboveThreshold flag", () => {
    expect(route(candidate({ aboveThreshold: false, value: null }), 'sme-vcse')?.why).toBe(
      'The buyer marked it below threshold.',
    );
    expect(route(candidate({ aboveThreshold: true, value: money(10_000) }), 'sme-vcse')).toBeUndefined();
  });

  it('reads PA-era fields from a real FTS tender (5 lots, net and gross values)', () => {
    const result = toNotice(fixtureRelease('fts/fts-member-083563-2026-UK4-tender-5lots.json'), PROFILES.fts);
    if (!result.ok) throw new Error(result.reason);
    const r = classifyReservation(result.notice, ['equality-training'], realTables);
    expect(r).toMatchObject({ kind: 'candidate', regime: 'PA2023' });
    expect(route(r, 'public-service-mutual')?.open).toBe(false);
  });

  // Found by an outside check of the guide (2026-12-03): PCR-era below-threshold notices (2017, 2021) were
  // offered an SME/VCSE reservation under "Public Contracts Regulations 2015, Part 4", which gives no such
  // power; and regulation 77 was explained as "run by their employees", which turns a user-led one away.
  it('under the 2015 rules: no below-threshold reservation, and regulation 77 as its own test', () => {
    const r = candidate({ regime: 'PCR2015', aboveThreshold: false, cpv: ['85000000'] });
    expect(route(r, 'sme-vcse')).toBeUndefined();
    expect(r?.summary).not.toContain('Part 4');
    expect(r?.summary).toContain('or with the active participation of employees, users or stakeholders');
    expect(route(candidate({ regime: 'PA2023', aboveThreshold: false }), 'sme-vcse')).toBeDefined();
  });

  // Found by last session's check against DOMAIN.md: with no legal basis, the law was taken from the
  // notice's publication date, so an award published after 24 Feb 2025 for a tender that closed in 2024
  // (still under PCR 2015 to its end) was offered the Procurement Act's routes.
  it('without a legal basis: the Act for its own notice types, else when the procurement began', () => {
    const raw = fixtureRelease('cf/cf-release-award-ocds-b5fd17-3acef0bd.json');
    const read = toNotice(raw, PROFILES.cf);
    if (!read.ok) throw new Error(read.reason);
    const award = read.notice;
    expect(award.regime).toBeNull();
    expect(award.dates.published! > '2025-02-24').toBe(true);
    expect(award.dates.tenderDeadline! < '2025-02-24').toBe(true);
    expect(reservationRegime(award)).toBe('PCR2015');
    const later = dates('2025-06-01T09:00:00Z');
    expect(reservationRegime(buildNotice({ regime: null, noticeType: null, dates: later }))).toBe('PA2023');
    const closedBefore = { ...later, tenderDeadline: '2025-01-10T12:00:00Z' };
    expect(reservationRegime(buildNotice({ regime: null, noticeType: null, dates: closedBefore }))).toBe(
      'PCR2015',
    );
    // UK1–UK17 are the Act's own notices: a UK6 is the Act's whatever its dates say.
    const uk6 = buildNotice({ regime: null, noticeType: 'UK6', dates: closedBefore });
    expect(reservationRegime(uk6)).toBe('PA2023');
  });

  // Found by last session's check against DOMAIN.md §1: every Procurement Act notice below threshold was told
  // the buyer "may reserve the competition for SMEs and VCSEs", a power only central government had (PPN 005)
  // before the Procurement (Amendment) Regulations 2026 came into force in stages (24 Mar to 1 Oct 2026).
  it('below threshold: the power to reserve the buyer had on the day it published', () => {
    const routeOf = (
      published: string,
      type: string | null,
      nation: Notice['nation'] = 'England',
      name = buildNotice().buyer.name,
    ) =>
      route(
        candidate({
          regime: 'PA2023',
          nation,
          aboveThreshold: false,
          dates: dates(published),
          buyer: { ...buildNotice().buyer, type, name },
        }),
        'sme-vcse',
      );
    const below = (published: string, type: string | null, nation: Notice['nation'] = 'England') =>
      routeOf(published, type, nation)?.conditions.join(' ');
    // SMEs and VCSEs spelled out, in the regulations' own words (DOMAIN.md section 1).
    const smeVcse =
      'small and medium-sized enterprises (SMEs) and value-driven non-governmental organisations, such as ' +
      'voluntary, community and social enterprises (VCSEs)';
    // PPN 005 in its own terms: the SME and VCSE reservation always comes with one by location (found by a
    // check against the PPN's text: the alert said "or", as if either could be used alone).
    const ppn005 =
      'may reserve the competition for suppliers in one location (the UK, or one county or London borough) ' +
      'and, within that, for small and medium-sized enterprises (SMEs) and voluntary, community and social ' +
      'enterprises (VCSEs) (PPN 005).';
    expect(below('2025-06-01T09:00:00Z', 'publicAuthorityCentralGovernment')).toContain(ppn005);
    // PPN 005 is for departments, their agencies and NDPBs: an NHS trust a notice calls central government
    // is told the policy is for others to follow, and its letter asks to invite, not to reserve.
    const trust = 'Lancashire Teaching Hospitals NHS Foundation Trust';
    const nhs = routeOf('2025-06-01T09:00:00Z', 'publicAuthorityCentralGovernment', 'England', trust);
    expect(nhs?.conditions).toEqual([
      'Below threshold the buyer chooses whom to invite to quote, so it can invite user-led organisations.',
      `Central government ${ppn005.replace(/\.$/, '')}. That policy is for government departments, their ` +
        'agencies and non-departmental public bodies; other buyers, NHS bodies among them, may follow it: ' +
        'ask whether this one does.',
    ]);
    expect(nhs?.canReserve).toBe(false);
    const nhsLater = routeOf('2026-11-02T09:00:00Z', 'publicAuthorityCentralGovernment', 'England', trust);
    expect(nhsLater?.conditions.join(' ')).toContain('(Procurement (Amendment) Regulations 2026)');
    expect(nhsLater?.canReserve).toBe(true);
    const early = below('2025-06-01T09:00:00Z', 'publicAuthoritySubCentral');
    expect(early).toContain(`It could not yet reserve the competition for ${smeVcse}: that came later`);
    expect(early).toContain('in force in stages from 24 March to 1 October 2026');
    expect(early).not.toContain('SI 2026/94');
    const between = below('2026-05-01T09:00:00Z', 'publicAuthoritySubCentral');
    expect(between).toContain('in force in stages between 24 March and 1 October 2026: check');
    expect(between).toContain(
      'local authority in England, it may also reserve the competition for suppliers',
    );
    const now = below('2026-11-02T09:00:00Z', null);
    expect(now).toContain(`may reserve the competition for ${smeVcse} (Procurement (Amendment) Regulations`);
    const welsh = below('2026-11-02T09:00:00Z', null, 'Wales');
    expect(welsh).not.toContain('SI 2026/94');
    expect(welsh).toContain('how they apply to a devolved Welsh authority');
    expect(now).not.toContain('Welsh');
    // The letter asks the commissioner to reserve only where the power is certain (found by an outside
    // review: a June 2026 notice's letter asked to reserve while its conditions said to check).
    expect(routeOf('2025-06-01T09:00:00Z', 'publicAuthorityCentralGovernment')?.canReserve).toBe(true);
    expect(routeOf('2026-11-02T09:00:00Z', null)?.canReserve).toBe(true);
    expect(routeOf('2026-06-01T09:00:00Z', null)?.canReserve).toBe(false);
    expect(routeOf('2026-11-02T09:00:00Z', null, 'Wales')?.canReserve).toBe(false);
    expect(routeOf('2025-06-01T09:00:00Z', 'publicAuthoritySubCentral')?.canReserve).toBe(false);
  });

  it('names a legal basis in every route and in the summary', () => {
    const notices = [
      candidate({ regime: 'PCR2015', cpv: ['85000000'] }),
      candidate({ regime: 'PA2023', aboveThreshold: false }),
      classifyReservation(
        buildNotice({ lots: [{ ...buildLot('1', 'L'), reservedParticipation: ['publicService'] }] }),
        [],
        realTables,
      ),
    ];
    for (const r of notices) {
      for (const x of r?.routes ?? []) expect(x.legalBasis).toMatch(/Act 2023|Regulations 2015|PPN|Part 4/);
      expect(r?.summary).toMatch(/Act 2023|Regulations 2015/);
    }
  });
});

import { describe, expect, it } from 'vitest';
import { buildLot, buildNotice } from '../../test/support/builders.js';
import { areasOf, realMatcher } from '../../test/support/matcher.js';
import { matchNotice } from './match.js';

const notice = (title: string, description: string | null = null, cpv: string[] = []) =>
  buildNotice({ title, description, cpv });
const areaIds = (title: string, description: string | null = null, cpv: string[] = []) =>
  areasOf(notice(title, description, cpv)).map((a) => a.split(':')[0]);

describe('matchNotice finds the service areas', () => {
  it.each([
    ['Independent Advocacy Service 2026', 'advocacy'],
    ['Care Act Advocacy and IMCA provision', 'advocacy'],
    ['NHS Complaints Advocacy', 'advocacy'],
    ['Direct Payments Support and Payroll Service', 'direct-payments-payroll'],
    ['Independent Support Brokerage', 'brokerage-support-planning'],
    ['Welfare Rights and Benefits Advice Service', 'information-advice'],
    ['Oliver McGowan Mandatory Training delivery', 'equality-training'],
    ['Deaf Awareness Training for staff', 'equality-training'],
    ['Mental Health Peer Support Service', 'peer-support'],
    ['Local Healthwatch Kirklees', 'user-voice'],
    ['Experts by Experience panel', 'user-voice'],
  ])('"%s" → %s (strong)', (title, area) => {
    expect(areasOf(notice(title))).toContain(`${area}:strong`);
  });

  it('reads a lot title when the notice title is generic', () => {
    const result = areasOf(
      buildNotice({
        title: 'Adult Social Care Prevention Services',
        lots: [buildLot('1', 'Lot 1 Carers Support'), buildLot('2', 'Lot 2 Independent Advocacy')],
      }),
    );
    expect(result).toEqual(['advocacy:strong']);
  });

  it('needs direct-payment context before "payroll" counts', () => {
    expect(areaIds('Payroll service')).toEqual([]);
    expect(
      areaIds('Payroll service', 'Payroll for people who employ personal assistants with a direct payment.'),
    ).toEqual(['direct-payments-payroll']);
    expect(areaIds('Prepaid card service', 'Cards for people receiving a personal budget.')).toEqual([
      'direct-payments-payroll',
    ]);
  });

  it('needs care or budget context before "brokerage" counts', () => {
    expect(areaIds('Brokerage service')).toEqual([]);
    expect(
      areaIds(
        'Brokerage service',
        'Independent help for people with a personal budget to plan their support.',
      ),
    ).toEqual(['brokerage-support-planning']);
  });

  it('matches acronyms only in capitals', () => {
    expect(areaIds('IMCA service')).toEqual(['advocacy']);
    expect(areaIds('imca service')).toEqual([]);
    expect(areaIds('IAG service for disabled people')).toEqual(['information-advice']);
  });

  it('tolerates plurals, possessives and hyphens', () => {
    expect(areaIds('Independent Advocates for Carers')).toEqual(['advocacy']);
    expect(areaIds('Co production and lived-experience panels')).toEqual(['user-voice']);
    expect(areaIds('Relevant Persons Representative service')).toEqual(['advocacy']);
  });

  it('explains each match with field and phrase, and CPV via its ancestors', () => {
    const [match] = matchNotice(notice('Independent advocacy', null, ['85312300']), realMatcher()).areas;
    expect(match?.reasons).toEqual(["title: 'independent advocacy'", 'cpv: 85312300']);
    const [viaAncestor] = matchNotice(
      notice('Advocacy', 'A citizen advocacy scheme.', ['85312320']),
      realMatcher(),
    ).areas;
    expect(viaAncestor?.reasons).toContain('cpv: 85312320 (under 85312300)');
  });

  it('does not match on CPV alone', () => {
    expect(areaIds('Services', null, ['85312300', '85000000'])).toEqual([]);
  });
});

describe('matchNotice avoids the known false positives (DOMAIN.md §4d)', () => {
  it.each([
    ['Barristers Framework Agreement', 'Specialist counsel to act as advocates in court.'],
    ['Legal advocacy services', null],
    ['Brand advocacy and customer advocacy programme', null],
    ['Public affairs and advocacy campaign', null],
    ['Peer review of clinical audits', 'A peer-to-peer learning exercise.'],
    ['Insurance Broker Services', 'Insurance brokerage for the council.'],
    ['Energy Broker and Trading Services', null],
    ['Freight broker', null],
    ['HR and Payroll System', 'A replacement payroll system for council staff, iTrent.'],
    ['Outsourced payroll service for the Trust', 'Payroll bureau for our employees.'],
    ['Purchasing cards', 'Procurement card and fuel card programme for staff.'],
    ['Highways design guidance', 'Technical guidance notes for the guided busway.'],
    ['Careers guidance for schools', null],
    ['Legal advice framework', 'Legal advice to the council.'],
    ['Highway maintenance contract', 'A programme of preliminary market engagement with suppliers.'],
    ['Regeneration scheme', 'Stakeholder engagement for the construction programme.'],
    ['Employee engagement survey', 'Employee engagement platform and customer satisfaction survey.'],
    [
      'Supported Living Services for adults with learning disabilities',
      'Care and support with access to advocacy and information.',
    ],
    ['Sheltered housing scheme management', null],
    ['Extra care housing', 'Care and support in extra care schemes.'],
    ['Disabled Facilities Grant adaptation works', 'Adaptations for disabled people.'],
    ['Blue badge and disabled parking enforcement', null],
    ['First Aid Training', 'First aid training for staff across the council.'],
    ['Manual handling training', null],
    ['Domestic Abuse Independent Advocate (IDVA) service', null],
    ['Court advocacy and representation', 'Solicitors and counsel for court advocacy in care proceedings.'],
    ['Stakeholders representation services', null],
    ['Lobbying and public affairs support', 'Advocacy with government on behalf of the council.'],
    ['HRIS replacement', 'A new HRIS with payroll for 3,000 staff.'],
    ['ERP system including payroll', 'Oracle or SAP ERP with HR and payroll modules.'],
    [
      'Payroll services for schools and multi-academy trusts',
      'Outsourced payroll service for the Academy Trust staff.',
    ],
    ['Embassy local staff payroll', 'Payroll for locally engaged staff.'],
    ['Gift cards and vouchers', 'Gift card supply for staff rewards.'],
    ['Travel card administration', null],
    ['Pension administration services', 'Administration of the local government pension scheme.'],
    ['Mortgage broker panel', null],
    ['Treasury management and money broker services', null],
    ['Commodity broker', 'Commodities brokerage.'],
    ['Care home placement brokerage software', 'A brokerage system for placing people in care homes.'],
    ['Construction design guidance update', 'Technical guidance for highways design.'],
    ['Financial adviser panel', 'Independent financial advice for staff pensions.'],
    ['Forklift training', null],
    ['HGV driver CPC training', null],
    ['IT software training', 'Microsoft Office training for staff.'],
    ['Leadership development programme', 'Leadership training for managers.'],
    ['Apprenticeship training provider', null],
    ['Public consultation on the local plan', 'Consultation and engagement on planning policy.'],
    ['Engagement platform software', 'A digital engagement platform for residents.'],
    ['Customer satisfaction survey', 'Annual tenant satisfaction survey.'],
    ['Supported housing services', 'Housing-related support with advocacy and information.'],
    ['Disabled parking bays', 'Lining works for disabled parking bays.'],
    ['Equality, diversity and inclusion training', 'EDI training for all staff.'],
    ['Insurance broking services', null],
    ['Utility broker for gas and electricity', null],
    ['Property agent and estate broker', null],
    ['Purchasing card programme', null],
    ['Employee advocacy platform', null],
    [
      'Community engagement for the regeneration scheme',
      'Stakeholder engagement with residents on the masterplan.',
    ],
    ['Peer-to-peer lending review', null],
  ])('"%s" matches no area', (title, description) => {
    expect(areasOf(notice(title, description))).toEqual([]);
  });

  it('a passing mention in a long description is not enough', () => {
    expect(
      areaIds('Grounds maintenance', 'The contractor will provide information to residents about the works.'),
    ).toEqual([]);
  });

  it('records why an area was vetoed or weakened', () => {
    const result = matchNotice(
      notice('Supported Living Services', 'Includes independent advocacy.'),
      realMatcher(),
    );
    expect(result.areas).toEqual([]);
    expect(result.rejected).toEqual([
      { rule: 'advocacy', reasons: [expect.stringContaining("vetoed: title says 'supported living'")] },
    ]);
    const legal = matchNotice(notice('Tribunal services', 'Legal advocacy for tribunals.'), realMatcher());
    expect(legal.rejected.find((r) => r.rule === 'advocacy')?.reasons).toEqual(
      expect.arrayContaining([expect.stringContaining("is part of excluded 'legal advocacy'")]),
    );
  });
});

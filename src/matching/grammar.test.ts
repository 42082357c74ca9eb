import { describe, expect, it } from 'vitest';
import { buildLot, buildNotice } from '../../test/support/builders.js';
import { areasOf, realMatcher } from '../../test/support/matcher.js';
import { matchNotice } from './match.js';

// Each family of the grammar in config/service-areas.json, with wordings the way UK councils, the NHS and
// central government write these services, and the look-alikes that must not match. Titles unless a
// description is given.

const ids = (title: string, description: string | null = null) =>
  areasOf(buildNotice({ title, description })).map((a) => a.split(':')[0]);

type Case = [title: string, description: string | null];
const cases = (list: (string | Case)[]): Case[] => list.map((c) => (typeof c === 'string' ? [c, null] : c));

const FAMILIES: Record<string, (string | Case)[]> = {
  advocacy: [
    'Provision of Independent Advocacy Services',
    'Adult Advocacy Hub',
    'Integrated Advocacy Service (Care Act, IMCA, IMHA and NHS Complaints)',
    "Children and Young People's Advocacy and Independent Visitor Service",
    'Statutory and Non-Statutory Advocacy',
    'Advocacy for People with Learning Disabilities',
    'Self-Advocacy Support for Autistic Adults',
    'Independent Mental Health Advocates',
    "Paid Relevant Person's Representative Service",
    'Parent Advocacy Service',
    'Generic Community Advocacy',
    [
      'Wellbeing and Independence Service',
      'The provider will deliver independent advocacy for adults under the Care Act 2014.',
    ],
  ],
  'direct-payments-payroll': [
    'Direct Payments Support Service',
    'Direct Payment Payroll and Managed Account Service',
    'Managed Accounts for Personal Budget Holders',
    'Prepaid Card Solution for Direct Payments',
    'Personal Health Budget Support Service',
    'Third Party Managed Account Provision',
    [
      'Independent Living Support Services',
      'Support for direct payment recipients to recruit and employ personal assistants, including payroll.',
    ],
  ],
  'brokerage-support-planning': [
    'Independent Support Brokerage Service',
    'Support Planning and Brokerage for Personal Budgets',
    'Person-Centred Planning Service',
    'Brokerage for people with a personal budget',
    ['Community Support Service', 'Independent support planning for people who receive a personal budget.'],
  ],
  'information-advice': [
    'Carers Information and Advice Service',
    'Welfare Benefits Advice Service',
    'Disability Information and Advice Line',
    'Advice Services for Disabled People',
    'Information, Advice and Guidance Service for People with Sensory Impairment',
    'Debt and Money Advice',
    'Care Act Information and Advice',
    'Money advice for older people',
    'Income maximisation service',
    ['Hospital welfare service', 'Help for patients and staff to maximise their income and claim benefits.'],
    'SEND Information, Advice and Support Service (SENDIASS)',
    'Community Navigators',
    'Autism Advice Line',
    'Advice for self-funders on paying for care',
    [
      'Prevention and Wellbeing Service',
      'The service will provide advice, information and support to people with sight loss.',
    ],
  ],
  'equality-training': [
    'Disability Equality Training',
    'Deaf Awareness Training for NHS staff',
    'Autism Awareness Training',
    'Learning Disability and Autism Awareness Training',
    'Oliver McGowan Mandatory Training on Learning Disability and Autism',
    'British Sign Language Training for frontline staff',
    'Training on the Social Model of Disability',
    'Accessibility training for web editors',
    'Sight loss awareness training',
    'Hidden disabilities awareness sessions',
  ],
  'peer-support': [
    'Mental Health Peer Support Service',
    'Peer Support for Carers',
    'Parent Carer Peer Support',
    'Peer Mentoring for Young Disabled People',
    'Lived Experience Peer Workers',
    'Autism Peer Support Groups',
    'Peer Befriending Service for Older People',
    "Carers' Support Groups",
    'Peer to Peer Support for Disabled People',
    'Peer Outreach Workers',
    'Mental Health Recovery College',
    [
      'Wellbeing Courses',
      'Courses designed and delivered by people with lived experience of mental ill health.',
    ],
  ],
  'user-voice': [
    'Healthwatch Barnsley',
    'Service User Involvement Service',
    'Co-production and Engagement Service for Adult Social Care',
    'Learning Disability Partnership Board Facilitation',
    'Parent Carer Forum',
    "Disabled People's Forum",
    'Lived Experience Panel',
    'Carers Voice and Engagement',
    'Patient and Public Involvement',
    'Deaf Forum support',
    'Mental Health Service User Network',
    'Panel of experts by experience',
    "Young People's Advisory Board",
    ['Participation Service', 'An advisory group made up of care experienced young people.'],
  ],
};

describe('each family of the grammar matches the way commissioners word the service', () => {
  for (const [area, list] of Object.entries(FAMILIES))
    it.each(cases(list))(`"%s" → ${area}`, (title, description) => {
      expect(ids(title, description)).toContain(area);
    });
});

const TRAPS: Record<string, (string | Case)[]> = {
  advocacy: [
    'Criminal Defence Advocacy Framework',
    'Legal Services Framework - Counsel and Advocates',
    'Solicitor advocates for childcare proceedings',
    ['Community Wellbeing Service', 'The service will signpost people to advocacy and other local services.'],
    ['Day Opportunities Framework', 'Providers will support people to access advocacy where needed.'],
    'Independent Domestic Violence Advocate (IDVA) service',
    'Advocacy and public affairs support for the devolution bid',
  ],
  'direct-payments-payroll': [
    'Payroll Services for Schools',
    "Payroll Bureau Services for the Council's employees",
    'Purchasing Card Services',
    ['Prepaid Card Scheme', 'Prepaid cards for care leavers and asylum seekers.'],
    'Corporate payment card programme',
    'Group personal accident (PA) insurance',
  ],
  'brokerage-support-planning': [
    'Insurance Brokerage Services',
    'Energy Brokerage',
    'Care Placement Brokerage System',
    'Freight forwarding and customs brokerage',
  ],
  'information-advice': [
    'Legal Advice Framework',
    'Treasury Management Advisory Services',
    'Provision of Actuarial Advice',
    'Technical Advice on Highways',
    'Planning Advice Service for Developers',
    'HR Advice for Schools',
    'Energy advice for businesses',
    'Careers Information, Advice and Guidance for Young People',
    'Provision of Financial Advice to the Pension Fund',
    ['Social Value Consultancy', 'Specialist advice to the Council on social value.'],
    'Information Technology Support Services',
    'Freedom of Information Request Management System',
    'Satellite navigation units',
    ['Schools Improvement Service', 'Advice and guidance to schools and governors on the curriculum.'],
    ['Highway works', 'For further information and advice please contact the procurement team.'],
    [
      'Direct Payments Support',
      'The service gives information and advice to people managing a direct payment.',
    ],
    ['Independent Advocacy', 'Advocates give people information, but not advice.'],
  ],
  'equality-training': [
    'BSL Interpreting Services',
    'Mental Health First Aid Training',
    'First Aid at Work Training',
    'Employment training for people with learning disabilities',
    'Deaf education service for children',
    'Equality, diversity and inclusion training',
  ],
  'peer-support': [
    'Peer Review of Clinical Services',
    'Peer-to-peer lending platform',
    'Corporate Peer Challenge',
    ['Safeguarding training for schools', 'Training on peer on peer abuse and exploitation.'],
    ['Staff wellbeing', 'Peer support for staff after traumatic incidents (TRiM).'],
  ],
  'user-voice': [
    'Preliminary Market Engagement - Home Care',
    'Employee Engagement Survey',
    'Community Engagement for Regeneration',
    'Stakeholder Engagement Platform',
    ['Care Home Framework', 'Bids will be scored by an evaluation panel including service users.'],
    'Voice and Data Services',
    'Sports Participation Programme for Disabled People',
    'Solar panels for council buildings',
    'Provider Forum facilitation',
    'Resident engagement programme',
  ],
};

describe('the look-alikes of each family do not match it', () => {
  for (const [area, list] of Object.entries(TRAPS))
    it.each(cases(list))(`"%s" is not ${area}`, (title, description) => {
      expect(ids(title, description)).not.toContain(area);
    });
});

describe("the notice's structure", () => {
  it('a lot title that names the service counts like a title', () => {
    const notice = buildNotice({
      title: 'Adult Social Care Prevention Framework',
      lots: [buildLot('1', 'Lot 1: Carers Support'), buildLot('3', 'Lot 3: Advocacy')],
    });
    expect(areasOf(notice)).toContain('advocacy:possible');
  });

  it('a description listing the service among the things bought counts; one naming it in passing does not', () => {
    const bought = 'The contract covers: information and advice; independent advocacy; peer support.';
    expect(ids('Community Wellbeing Service', bought)).toEqual([
      'advocacy',
      'information-advice',
      'peer-support',
    ]);
    const passing =
      'Staff will signpost people to information and advice, independent advocacy and peer support.';
    expect(ids('Community Wellbeing Service', passing)).toEqual([]);
  });

  it('a term that names the service counts as strong where the description lists it among what is bought', () => {
    const result = matchNotice(
      buildNotice({
        title: 'Community Wellbeing Service',
        description: 'The provider will deliver advocacy, befriending and help to stay independent.',
      }),
      realMatcher(),
    );
    expect(result.areas.map((a) => [a.rule, a.reasons])).toEqual([
      ['advocacy', ["description: 'advocacy' (listed after 'deliver')"]],
      ['peer-support', ["description: 'befriending' (listed after 'deliver')"]],
    ]);
    expect(ids('Community Wellbeing Service', 'Advocacy matters to the people we serve.')).toEqual([]);
  });

  it('says which words made a grammar match, and why passing mentions were left out', () => {
    const result = matchNotice(
      buildNotice({
        title: 'Advice for carers',
        description: 'The service will refer people to independent advocacy.',
      }),
      realMatcher(),
    );
    expect(result.areas).toEqual([
      expect.objectContaining({
        rule: 'information-advice',
        reasons: ["title: 'Advice for carers' (advice about a matter)"],
      }),
    ]);
    expect(result.rejected).toContainEqual({
      rule: 'advocacy',
      reasons: ["description: 'independent advocacy' is named only in passing ('refer people to')"],
    });
  });
});

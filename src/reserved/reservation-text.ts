import { formatPounds as pounds } from '../notices/money.js';
import type { Notice } from '../notices/notice.js';
import type { ExplicitFlag } from './explicit.js';
import type { MaximumTerm } from './term.js';
import {
  underProcurementAct,
  type ReservationRegime,
  type ReservationRoute,
  type RouteId,
} from './reservation-types.js';

// The legal wording of reserved contracts, and the sentences that explain them, in one place.

const BASIS: Record<ReservationRegime, Record<RouteId, string>> = {
  PA2023: {
    'supported-employment': 'Procurement Act 2023, section 32',
    'supported-employment-programme': 'Procurement Act 2023, section 32',
    'public-service-mutual': 'Procurement Act 2023, section 33',
    'sme-vcse': 'below-threshold reservation (PPN 005; Procurement (Amendment) Regulations 2026)',
    location: 'below-threshold location reservation (PPN 005; SI 2026/94 for English local authorities)',
  },
  PA2023W: {
    'supported-employment':
      'Procurement Act 2023, section 32, with the Procurement (Wales) Regulations 2024, regulation 20',
    'supported-employment-programme':
      'Procurement Act 2023, section 32, with the Procurement (Wales) Regulations 2024, regulation 20',
    'public-service-mutual':
      'Procurement Act 2023, section 33, with the Procurement (Wales) Regulations 2024',
    'sme-vcse': 'below-threshold rules for Welsh contracting authorities (Procurement Act 2023, Part 6)',
    location: 'below-threshold rules for Welsh contracting authorities (Procurement Act 2023, Part 6)',
  },
  PCR2015: {
    'supported-employment': 'Public Contracts Regulations 2015, regulation 20',
    'supported-employment-programme': 'Public Contracts Regulations 2015, regulation 20(1)(b)',
    'public-service-mutual': 'Public Contracts Regulations 2015, regulation 77',
    'sme-vcse': 'Public Contracts Regulations 2015, Part 4 (below threshold)',
    location: 'Public Contracts Regulations 2015, Part 4 (below threshold)',
  },
  PCSR2015: {
    'supported-employment': 'Public Contracts (Scotland) Regulations 2015, regulation 21',
    'supported-employment-programme': 'Public Contracts (Scotland) Regulations 2015, regulation 21',
    'public-service-mutual':
      'Public Contracts (Scotland) Regulations 2015 (reserved contracts for certain services)',
    'sme-vcse': 'Procurement Reform (Scotland) Act 2014 (lower-value regulated procurements)',
    location: 'Procurement Reform (Scotland) Act 2014 (lower-value regulated procurements)',
  },
};

/** Who each route is for: a name to use in a sentence, and what the name means. */
const WHO: Record<RouteId, { name: string; means: string }> = {
  'supported-employment': {
    name: 'supported employment providers',
    means: 'organisations where at least 30% of workers are disabled or disadvantaged',
  },
  'supported-employment-programme': {
    name: 'supported employment programmes',
    means: 'delivery by a team where at least 30% of the workers are disabled or disadvantaged',
  },
  'public-service-mutual': {
    name: 'public service mutuals',
    means: 'not-for-profit organisations run by their employees that mainly deliver public services',
  },
  'sme-vcse': {
    name: 'small organisations (SMEs and VCSEs)',
    means: 'small and medium-sized enterprises and voluntary, community and social enterprises',
  },
  location: {
    name: 'suppliers based in a named area',
    means: 'suppliers based in the area the notice ' + 'names',
  },
};

/**
 * What the older rules' tests are, where they differ from the Procurement Act's (DOMAIN.md section 1): PCR
 * 2015 regulation 20 and its Scottish twin, regulation 21, ask for a main aim of integrating disabled or
 * disadvantaged people as well as 30%; regulation 77's qualifying organisations may be run with the active
 * participation of employees, users or stakeholders, not only by employees.
 */
const OLDER_MEANS: Partial<Record<ReservationRegime, Partial<Record<RouteId, string>>>> = {
  PCR2015: {
    'supported-employment':
      'sheltered workshops and organisations whose main aim is the social and professional integration of ' +
      'disabled or disadvantaged people, at least 30% of whose workers are disabled or disadvantaged',
    'public-service-mutual':
      'organisations with a public service mission that reinvest their profits and are owned or run by ' +
      'their employees, or with the active participation of employees, users or stakeholders',
  },
  PCSR2015: {
    'supported-employment':
      'supported businesses: organisations whose main aim is the social and professional integration of ' +
      'disabled or disadvantaged people, at least 30% of whose workers are disabled or disadvantaged',
  },
};

const meansOf = (route: RouteId, regime: ReservationRegime) =>
  OLDER_MEANS[regime]?.[route] ?? WHO[route].means;

const capitalised = (text: string) => `${text.charAt(0).toUpperCase()}${text.slice(1)}`;

/** "Supported employment providers are organisations where … (Procurement Act 2023, section 32)." */
function whoSentence(route: RouteId, basis: string, regime: ReservationRegime): string {
  return `${capitalised(WHO[route].name)} are ${meansOf(route, regime)} (${basis}).`;
}

/** A reservation paragraph: the plain headline sentences, and all of it. */
export interface Paragraph {
  summary: string;
  detail: string;
}

const paragraph = (headlines: string[], rest: string[]): Paragraph => ({
  summary: [...headlines, ...rest].join(' '),
  detail: rest.join(' '),
});

/** "A and B", "A, B or C". */
const alternatives = (names: string[]) =>
  names.length <= 2 ? names.join(' or ') : `${names.slice(0, -1).join(', ')} or ${names[names.length - 1]}`;

const COMPETITIVE_FLEXIBLE =
  'Under the Procurement Act 2023 a reserved contract must use the competitive flexible procedure.';

/** The citation for one route under one regime, e.g. "Procurement Act 2023, section 32". */
export function legalBasis(regime: ReservationRegime, route: RouteId): string {
  return BASIS[regime][route];
}

/**
 * Said after the mutual route's reason when the list of reservable services is a stand-in (DOMAIN.md 4a): the
 * Procurement Regulations 2024's own list was not available, so the 2015 regulations' is used.
 */
export const MUTUAL_LIST_CAVEAT =
  ' The services were checked against the 2015 rules’ list of services that can be reserved, as the 2024 ' +
  'list was not available.';

export const SUPPORTED_EMPLOYMENT_WHY =
  'Any contract, of any type or value, can be reserved for supported employment providers.';

export function supportedEmploymentConditions(regime: ReservationRegime): string[] {
  const conditions = [
    'Your organisation (or the part of it that would deliver the contract, or a group of organisations ' +
      'together) has at least 30% of its workers disabled or disadvantaged.',
  ];
  if (underProcurementAct(regime)) conditions.push(COMPETITIVE_FLEXIBLE);
  if (regime === 'PCR2015')
    conditions.push('The call for competition must say the contract is reserved under regulation 20.');
  return conditions;
}

export function mutualConditions(regime: ReservationRegime, maxYears: number): string[] {
  const term = `The contract lasts at most ${maxYears} years.`;
  if (!underProcurementAct(regime)) {
    return [
      'A qualifying organisation pursues a public service mission, reinvests its profits, is owned or run ' +
        'on ' +
        'employee or participatory principles, and has not had a regulation 77 contract for these services ' +
        'from this buyer in the last 3 years.',
      term,
    ];
  }
  return [
    'A public service mutual is run not for profit (or shares profits only among members), is managed and ' +
      'controlled by its employees, and mainly delivers reservable light-touch services.',
    'The buyer has not awarded you a comparable section 33 contract in the last 3 years.',
    COMPETITIVE_FLEXIBLE,
    term,
  ];
}

/** Why the mutual route is closed because no CPV code is reservable (or none is given). */
export function mutualNotListedWhy(cpv: string[]): string {
  if (cpv.length === 0)
    return 'The notice gives no CPV code, so whether its services are reservable is unknown.';
  return `None of this notice's CPV codes (${cpv.join(', ')}) is a reservable service.`;
}

/** "4.0 years", "6.0 years with its extensions", "7.0 years ("5 years plus 2", in its words)". */
function termWords(term: MaximumTerm): string {
  const years = `${term.years.toFixed(1)} years`;
  if (term.from === 'extension') return `${years} with its extensions`;
  return term.from === 'words' ? `${years} ("${term.phrase}", in its words)` : years;
}

export function mutualTermTooLongWhy(listed: string[], term: MaximumTerm, maxYears: number): string {
  return (
    `The services are reservable (CPV ${listed.join(', ')}), but the notice's own term is ` +
    `${termWords(term)} and a mutual reservation allows at most ${maxYears}, extensions included.`
  );
}

export function mutualOpenWhy(listed: string[], term: MaximumTerm | null, maxYears: number): string {
  const within = term === null ? '' : ` and the term (${termWords(term)}) is within ${maxYears}`;
  return `The services are reservable light-touch services (CPV ${listed.join(', ')})${within}.`;
}

/** Why a notice is below threshold: the buyer said so, or its value is under the threshold for its kind. */
export function belowThresholdWhy(
  facts:
    { markedBelow: true } | { value: number; gross: boolean; threshold: number; kind: string; table: string },
): string {
  if ('markedBelow' in facts) return 'The buyer marked it below threshold.';
  const vat = facts.gross ? ' including VAT' : '';
  return (
    `Its value (${pounds(facts.value)}${vat}) is below the ${pounds(facts.threshold)} threshold for ` +
    `${facts.kind} (table from ${facts.table}).`
  );
}

/**
 * The power to reserve below threshold a buyer had when the notice was published (DOMAIN.md section 1):
 * central government from PPN 005 (February 2025), which other buyers (NHS bodies among them) may follow
 * ('ppn-005-others'); every buyer under the Procurement (Amendment) Regulations
 * 2026, in force in stages on 24 March, 1 April and 1 October 2026 (which stage brought it is not known here,
 * so a notice between them is told to check); before them, none but choosing whom to invite.
 */
export type BelowThresholdPower =
  'ppn-005' | 'ppn-005-others' | 'amendment' | 'amendment-staged' | 'invite-only';

const ENGLISH_LOCAL =
  'If the buyer is a local authority in England, it may also reserve the competition for suppliers in its ' +
  'area or in the UK (SI 2026/94, in force from 4 February 2026).';
const INVITE =
  'Below threshold the buyer chooses whom to invite to quote, so it can invite user-led organisations.';
/**
 * PPN 005's reservations, in its own terms: the one for SMEs and VCSEs always comes with one by location
 * ("cannot be applied independently of the location reservation").
 */
const PPN_005 =
  'reserve the competition for suppliers in one location (the UK, or one county or London borough) and, ' +
  'within that, for small and medium-sized enterprises (SMEs) and voluntary, community and social ' +
  'enterprises (VCSEs) (PPN 005)';
/** The regulations' own term, spelled out once: VCSE alone is jargon. */
const SME_VCSE =
  'small and medium-sized enterprises (SMEs) and value-driven non-governmental organisations, such as ' +
  'voluntary, community and social enterprises (VCSEs)';
const WALES_CHECK =
  'Check with the buyer that these regulations apply to it: they were made for the Procurement Act as a ' +
  'whole, and Tender Nudge does not know how they apply to a devolved Welsh authority.';

export function belowThresholdConditions(
  regime: ReservationRegime,
  power: BelowThresholdPower,
  englishLocalRule: boolean,
): string[] {
  if (!underProcurementAct(regime)) return [INVITE];
  const local = englishLocalRule ? [ENGLISH_LOCAL] : [];
  const wales = regime === 'PA2023W' && power !== 'ppn-005' ? [WALES_CHECK] : [];
  if (power === 'ppn-005')
    return [
      `Below threshold a central government buyer chooses whom to invite to quote, and may ${PPN_005}.`,
    ];
  if (power === 'ppn-005-others')
    return [
      INVITE,
      `Central government may ${PPN_005}. That policy is for government departments, their agencies and ` +
        'non-departmental public bodies; other buyers, NHS bodies among them, may follow it: ask whether ' +
        'this one does.',
    ];
  if (power === 'amendment')
    return [
      'Below threshold the buyer chooses whom to invite to quote, and may reserve the competition for ' +
        `${SME_VCSE} (Procurement (Amendment) Regulations 2026).`,
      ...wales,
      ...local,
    ];
  if (power === 'amendment-staged')
    return [
      INVITE,
      `The power to reserve the competition for ${SME_VCSE} came with the Procurement (Amendment) ` +
        'Regulations 2026, in force in stages between 24 March and 1 October 2026: check that it was in ' +
        'force when this was published.',
      ...wales,
      ...local,
    ];
  return [
    INVITE,
    `It could not yet reserve the competition for ${SME_VCSE}: that came later, with the Procurement ` +
      '(Amendment) Regulations 2026, in force in stages from 24 March to 1 October 2026.',
    ...local,
  ];
}

/** The why and conditions of a reservation the notice itself makes. */
export function explicitRoute(flag: ExplicitFlag, regime: ReservationRegime): ReservationRoute {
  const lots = flag.lots.length > 0 ? ` for lot ${flag.lots.join(', ')}` : '';
  return {
    route: flag.route,
    legalBasis: legalBasis(regime, flag.route),
    why: `Reserved: ${flag.evidence}.`,
    conditions: [`Only ${WHO[flag.route].name} may bid${lots}.`],
    open: true,
  };
}

/**
 * One plain sentence first ("This contract (lot 2) is reserved for supported employment providers."), then
 * who that is, with the law ("Supported employment providers are … (Procurement Act 2023, section 32).").
 */
export function explicitSummary(flags: ExplicitFlag[], regime: ReservationRegime): Paragraph {
  const headlines = flags.map((f) => {
    const where = f.lots.length > 0 ? ` (lot ${f.lots.join(', ')})` : '';
    return `This contract${where} is reserved for ${WHO[f.route].name}.`;
  });
  const routes = [...new Set(flags.map((f) => f.route))];
  return paragraph(
    headlines,
    routes.map((r) => whoSentence(r, legalBasis(regime, r), regime)),
  );
}

/**
 * "This contract is not reserved, but it could be reserved for supported employment providers or public
 * service mutuals." ("could have been" once it is awarded), then who they are, with the law, and any route
 * the notice's own facts close.
 */
export function candidateSummary(
  stage: Notice['stage'],
  routes: ReservationRoute[],
  regime: ReservationRegime,
): Paragraph {
  const done = stage === 'award' || stage === 'contract' || stage === 'cancellation';
  const tense = done ? 'could have been' : 'could be';
  const open = routes.filter((r) => r.open);
  const headline =
    `This contract is not reserved, but it ${tense} reserved for ` +
    `${alternatives(open.map((r) => WHO[r.route].name))}.`;
  const closed = routes
    .filter((r) => !r.open)
    .map(
      (r) =>
        `Not for ${WHO[r.route].name} (${r.legalBasis}): ` +
        `${r.why.charAt(0).toLowerCase()}${r.why.slice(1)}`,
    );
  return paragraph([headline], [...open.map((r) => whoSentence(r.route, r.legalBasis, regime)), ...closed]);
}

import { DateTime } from 'luxon';
import { comparableValue, formatPounds as pounds } from '../notices/money.js';
import type { Notice } from '../notices/notice.js';
import { findExplicitReservations, type ExplicitFlag, type RouteId } from './explicit.js';
import { cpvListed, cpvListFor, PA_2023_START, thresholdTableFor, type ReservationTables } from './tables.js';

export type ReservationRegime = 'PA2023' | 'PCR2015' | 'PCSR2015';

export interface ReservationRoute {
  route: RouteId;
  legalBasis: string;
  why: string;
  conditions: string[];
  /**
   * False when the notice's own facts rule this route out (e.g. a term too long for a mutual reservation).
   */
  open: boolean;
}

export interface Reservation {
  kind: 'explicit' | 'candidate';
  regime: ReservationRegime;
  routes: ReservationRoute[];
  /** Lots the reservation applies to; empty means the whole contract. */
  lots: string[];
  summary: string;
}

const BASIS: Record<ReservationRegime, Record<RouteId, string>> = {
  PA2023: {
    'supported-employment': 'Procurement Act 2023, section 32',
    'supported-employment-programme': 'Procurement Act 2023, section 32',
    'public-service-mutual': 'Procurement Act 2023, section 33',
    'sme-vcse': 'below-threshold reservation (PPN 005; Procurement (Amendment) Regulations 2026)',
    location: 'below-threshold location reservation (PPN 005; SI 2026/94 for English local authorities)',
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
    'sme-vcse': 'Scottish below-threshold rules',
    location: 'Scottish below-threshold rules',
  },
};

const WHO: Record<RouteId, string> = {
  'supported-employment':
    'supported employment providers: organisations where at least 30% of workers are disabled or disadvantaged',
  'supported-employment-programme':
    'delivery within supported employment programmes, where at least 30% of the workers are disabled or disadvantaged',
  'public-service-mutual':
    'public service mutuals: not-for-profit organisations run by their employees that mainly deliver public services',
  'sme-vcse':
    'small and medium-sized enterprises and voluntary, community and social enterprises (SMEs and VCSEs)',
  location: 'suppliers based in a named area',
};

const day = (instant: string | null) =>
  instant ? DateTime.fromISO(instant, { zone: 'Europe/London' }).toISODate() : null;

/**
 * Which law governs: the notice's legal basis, else the date (before 24 Feb 2025 → PCR 2015); Scotland has
 * its own.
 */
export function reservationRegime(notice: Notice): ReservationRegime {
  if (notice.ocid.startsWith('ocds-r6ebe6') || /^(UK|TL)M/.test(notice.buyer.regionCode ?? ''))
    return 'PCSR2015';
  if (notice.regime === 'PA2023') return 'PA2023';
  if (notice.regime === 'PCR2015' || notice.regime === 'UCR2016' || notice.regime === 'CCR2016')
    return 'PCR2015';
  return (day(notice.dates.published) ?? PA_2023_START) < PA_2023_START ? 'PCR2015' : 'PA2023';
}

function termYears(notice: Notice): number | null {
  const { contractStart, contractEnd } = notice.dates;
  if (!contractStart || !contractEnd) return null;
  return DateTime.fromISO(contractEnd).diff(DateTime.fromISO(contractStart), 'years').years;
}

function supportedEmploymentRoute(regime: ReservationRegime): ReservationRoute {
  const conditions = [
    'Your organisation (or the part of it that would deliver the contract, or a group of organisations together) has at least 30% of its workers disabled or disadvantaged.',
  ];
  if (regime === 'PA2023')
    conditions.push(
      'Under the Procurement Act 2023 a reserved contract must use the competitive flexible procedure.',
    );
  if (regime === 'PCR2015')
    conditions.push('The call for competition must say the contract is reserved under regulation 20.');
  return {
    route: 'supported-employment',
    legalBasis: BASIS[regime]['supported-employment'],
    why: 'Any contract, of any type or value, can be reserved for supported employment providers.',
    conditions,
    open: true,
  };
}

function mutualRoute(
  notice: Notice,
  regime: ReservationRegime,
  tables: ReservationTables,
  startDay: string,
): ReservationRoute {
  const list = cpvListFor(tables.cpv.lists, regime === 'PA2023' ? startDay : '2016-04-18');
  const listed = notice.cpv.filter((code) => cpvListed(code, list));
  const maxYears = regime === 'PA2023' ? 5 : 3;
  const years = termYears(notice);
  const conditions =
    regime === 'PA2023'
      ? [
          'A public service mutual is run not for profit (or shares profits only among members), is managed and controlled by its employees, and mainly delivers reservable light-touch services.',
          'The buyer has not awarded you a comparable section 33 contract in the last 3 years.',
          'Under the Procurement Act 2023 a reserved contract must use the competitive flexible procedure.',
          `The contract lasts at most ${maxYears} years.`,
        ]
      : [
          'A qualifying organisation pursues a public service mission, reinvests its profits, is owned or run on employee or participatory principles, and has not had a regulation 77 contract for these services from this buyer in the last 3 years.',
          `The contract lasts at most ${maxYears} years.`,
        ];
  const basis =
    BASIS[regime]['public-service-mutual'] +
    (list.confirmed
      ? ''
      : ' (reservable codes per the PCR list; verify against the Procurement Regulations 2024)');
  if (listed.length === 0) {
    return {
      route: 'public-service-mutual',
      legalBasis: basis,
      why:
        notice.cpv.length > 0
          ? `None of this notice's CPV codes (${notice.cpv.join(', ')}) is a reservable service.`
          : 'The notice gives no CPV code, so whether its services are reservable is unknown.',
      conditions,
      open: false,
    };
  }
  if (years !== null && years > maxYears + 0.02) {
    return {
      route: 'public-service-mutual',
      legalBasis: basis,
      why: `The services are reservable (CPV ${listed.join(', ')}), but the notice's own term is ${years.toFixed(1)} years and a mutual reservation allows at most ${maxYears}.`,
      conditions,
      open: false,
    };
  }
  return {
    route: 'public-service-mutual',
    legalBasis: basis,
    why: `The services are reservable light-touch services (CPV ${listed.join(', ')})${years === null ? '' : ` and the term (${years.toFixed(1)} years) is within ${maxYears}`}.`,
    conditions,
    open: true,
  };
}

function isCentral(type: string | null): boolean {
  return type === 'publicAuthorityCentralGovernment' || type === 'MINISTRY' || type === 'NATIONAL_AGENCY';
}

function belowThresholdRoute(
  notice: Notice,
  regime: ReservationRegime,
  tables: ReservationTables,
  startDay: string,
): ReservationRoute | null {
  const table = thresholdTableFor(tables.thresholds.tables, startDay);
  const lightTouch =
    notice.specialRegime.includes('lightTouch') ||
    notice.cpv.some((c) => cpvListed(c, tables.cpv.lightTouch));
  const works = notice.cpv.length > 0 && notice.cpv.every((c) => c.startsWith('45'));
  const [kind, threshold] = works
    ? ['works', table.values.works]
    : lightTouch
      ? ['light-touch services', table.values.lightTouch]
      : isCentral(notice.buyer.type)
        ? ['central government goods and services', table.values.central]
        : ['sub-central goods and services', table.values.subCentral];
  const value = comparableValue(notice);
  const below =
    notice.aboveThreshold === false ||
    (notice.aboveThreshold !== true && value !== null && value < threshold);
  if (!below) return null;
  const how =
    notice.aboveThreshold === false
      ? 'The buyer marked it below threshold'
      : `Its value (${pounds(value ?? 0)}${notice.value?.amountGross ? ' including VAT' : ''}) is below the ${pounds(threshold)} threshold for ${kind} (table from ${table.effectiveFrom})`;
  const conditions =
    regime === 'PA2023'
      ? [
          'Below threshold the buyer chooses whom to invite to quote, and may reserve the competition for SMEs and VCSEs or for suppliers in its area.',
        ]
      : [
          'Below threshold the buyer chooses whom to invite to quote, so it can invite user-led organisations.',
        ];
  return { route: 'sme-vcse', legalBasis: BASIS[regime]['sme-vcse'], why: `${how}.`, conditions, open: true };
}

function explicitSummary(flags: ExplicitFlag[], regime: ReservationRegime): string {
  return flags
    .map((f) => {
      const where = f.lots.length > 0 ? ` (lot ${f.lots.join(', ')})` : '';
      return `This contract${where} is reserved for ${WHO[f.route]} (${BASIS[regime][f.route]}).`;
    })
    .join(' ');
}

function candidateSummary(notice: Notice, routes: ReservationRoute[]): string {
  const tense =
    notice.stage === 'award' || notice.stage === 'contract' || notice.stage === 'cancellation'
      ? 'could have been'
      : 'could be';
  const open = routes.filter((r) => r.open);
  const parts = open.map((r) => `for ${WHO[r.route]} (${r.legalBasis})`);
  const closed = routes
    .filter((r) => !r.open)
    .map(
      (r) => `Public service mutuals (${r.legalBasis}): ${r.why.charAt(0).toLowerCase()}${r.why.slice(1)}`,
    );
  return [`This contract is not reserved, but it ${tense} reserved ${parts.join('; or ')}.`, ...closed].join(
    ' ',
  );
}

/**
 * Whether the notice is reserved (explicitly, from data or wording) or, for notices matching a DPULO service
 * area, which reservation routes were open to the buyer, each with its legal basis, reasons and conditions.
 * Returns null when the notice is neither reserved nor relevant.
 */
export function classifyReservation(
  notice: Notice,
  matchedAreas: string[],
  tables: ReservationTables,
): Reservation | null {
  const regime = reservationRegime(notice);
  const flags = findExplicitReservations(notice);
  if (flags.length > 0) {
    const lots = flags.some((f) => f.lots.length === 0) ? [] : [...new Set(flags.flatMap((f) => f.lots))];
    const routes = flags.map((f): ReservationRoute => ({
      route: f.route,
      legalBasis: BASIS[regime][f.route],
      why: `Reserved: ${f.evidence}.`,
      conditions: [
        `Only ${WHO[f.route]} may bid${f.lots.length > 0 ? ` for lot ${f.lots.join(', ')}` : ''}.`,
      ],
      open: true,
    }));
    return { kind: 'explicit', regime, routes, lots, summary: explicitSummary(flags, regime) };
  }
  if (matchedAreas.length === 0) return null;
  const startDay = day(notice.dates.published) ?? PA_2023_START;
  const routes = [supportedEmploymentRoute(regime), mutualRoute(notice, regime, tables, startDay)];
  const below = belowThresholdRoute(notice, regime, tables, startDay);
  if (below) routes.push(below);
  return { kind: 'candidate', regime, routes, lots: [], summary: candidateSummary(notice, routes) };
}

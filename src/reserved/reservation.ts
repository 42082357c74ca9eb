import { DateTime } from 'luxon';
import { comparableValue } from '../notices/money.js';
import type { Notice } from '../notices/notice.js';
import { findExplicitReservations } from './explicit.js';
import { maximumTerm } from './term.js';
import {
  belowThresholdConditions,
  belowThresholdWhy,
  type BelowThresholdPower,
  candidateSummary,
  explicitRoute,
  explicitSummary,
  legalBasis,
  MUTUAL_LIST_CAVEAT,
  mutualConditions,
  mutualNotListedWhy,
  mutualOpenWhy,
  mutualTermTooLongWhy,
  supportedEmploymentConditions,
  SUPPORTED_EMPLOYMENT_WHY,
} from './reservation-text.js';
import {
  underProcurementAct,
  type Reservation,
  type ReservationRegime,
  type ReservationRoute,
} from './reservation-types.js';
import { cpvListed, cpvListFor, PA_2023_START, thresholdTableFor, type ReservationTables } from './tables.js';

// A well-formed UTC instant from 1900 on (before 1847 London's offset was not a whole number of hours).
const UTC_INSTANT = /^(?:19|[2-9]\d)\d{2}-\d{2}-\d{2}T(?:[01]\d|2[0-3]):[0-5]\d(?::[0-5]\d(?:\.\d+)?)?Z$/;
const DAYS = new Map<string, string>();

/**
 * The UK calendar day of an instant. UK time is a whole number of hours from UTC, so every instant of one UTC
 * hour falls on the same UK day: luxon's answer is remembered per hour (bounded), not worked out per notice.
 */
export function ukDayOf(instant: string | null): string | null {
  if (!instant) return null;
  const hour = UTC_INSTANT.test(instant) ? instant.slice(0, 13) : null;
  const known = hour === null ? undefined : DAYS.get(hour);
  if (known !== undefined) return known;
  const ukDay = DateTime.fromISO(instant, { zone: 'Europe/London' }).toISODate();
  // Only a valid day is remembered: an impossible date (30 February) is worked out, and refused, each time.
  if (hour !== null && ukDay !== null) {
    if (DAYS.size >= 10_000) DAYS.clear();
    DAYS.set(hour, ukDay);
  }
  return ukDay;
}

/** UK1–UK17: the Procurement Act's own notice types, which no PCR 2015 procurement publishes. */
const ACT_NOTICE_TYPE = /^UK(?:[1-9]|1[0-7])$/;

/**
 * Which law governs: the notice's legal basis, else its type (UK1–UK17 are the Act's), else when the
 * procurement began. A procurement begun before 24 Feb 2025 stays under PCR 2015 to its end, so an award
 * published later whose tender closed, or award was made, before that day is PCR 2015; the notice's own
 * publication date alone would call it the Act's. Scotland has its own.
 */
export function reservationRegime(notice: Notice): ReservationRegime {
  if (notice.regime === 'PCSR2015' || notice.nation === 'Scotland') return 'PCSR2015';
  const act = notice.nation === 'Wales' ? 'PA2023W' : 'PA2023';
  if (notice.regime === 'PA2023') return act;
  if (notice.regime === 'PCR2015' || notice.regime === 'UCR2016' || notice.regime === 'CCR2016')
    return 'PCR2015';
  if (ACT_NOTICE_TYPE.test(notice.noticeType ?? '')) return act;
  const { published, tenderDeadline, expressionOfInterestDeadline } = notice.dates;
  const begun = [published, tenderDeadline, expressionOfInterestDeadline, ...notice.awards.map((a) => a.date)]
    .map(ukDayOf)
    .filter((day): day is string => day !== null)
    .sort()[0];
  return (begun ?? PA_2023_START) < PA_2023_START ? 'PCR2015' : act;
}

function supportedEmploymentRoute(regime: ReservationRegime): ReservationRoute {
  return {
    route: 'supported-employment',
    legalBasis: legalBasis(regime, 'supported-employment'),
    why: SUPPORTED_EMPLOYMENT_WHY,
    conditions: supportedEmploymentConditions(regime),
    open: true,
  };
}

function mutualRoute(
  notice: Notice,
  regime: ReservationRegime,
  tables: ReservationTables,
  startDay: string,
): ReservationRoute {
  const list = cpvListFor(tables.cpv.lists, underProcurementAct(regime) ? startDay : '2016-04-18');
  const listed = notice.cpv.filter((code) => cpvListed(code, list));
  const maxYears = underProcurementAct(regime) ? 5 : 3;
  const term = maximumTerm(notice);
  const route = {
    route: 'public-service-mutual' as const,
    // A citation only (the letter to the commissioner quotes it); the list caveat goes with the reason.
    legalBasis: legalBasis(regime, 'public-service-mutual'),
    conditions: mutualConditions(regime, maxYears),
  };
  const caveat = list.confirmed || notice.cpv.length === 0 ? '' : MUTUAL_LIST_CAVEAT;
  if (listed.length === 0) return { ...route, why: mutualNotListedWhy(notice.cpv) + caveat, open: false };
  if (term !== null && term.years > maxYears + 0.02) {
    return { ...route, why: mutualTermTooLongWhy(listed, term, maxYears) + caveat, open: false };
  }
  return { ...route, why: mutualOpenWhy(listed, term, maxYears) + caveat, open: true };
}

function isCentral(type: string | null): boolean {
  return type === 'publicAuthorityCentralGovernment' || type === 'MINISTRY' || type === 'NATIONAL_AGENCY';
}

/** SI 2026/94: local authorities in England may reserve below threshold for local or UK suppliers. */
const ENGLISH_LOCAL_RULE = '2026-02-04';
const AMENDMENT_FIRST_STAGE = '2026-03-24';
const AMENDMENT_LAST_STAGE = '2026-10-01';

/**
 * An NHS body by its name. DOMAIN.md counts NHS trusts as central government for thresholds, and their
 * notices often say so, but PPN 005 is for government departments, their executive agencies and
 * non-departmental public bodies; others "may wish to apply" it.
 */
const NHS_NAME =
  /\bNHS\b|National Health Service|\bIntegrated Care Board\b|\bHealth Board\b|Foundation Trust/i;

function belowThresholdPower(notice: Notice, startDay: string): BelowThresholdPower {
  const central = isCentral(notice.buyer.type);
  if (central && !NHS_NAME.test(notice.buyer.name ?? '')) return 'ppn-005';
  if (startDay >= AMENDMENT_LAST_STAGE) return 'amendment';
  if (startDay >= AMENDMENT_FIRST_STAGE) return 'amendment-staged';
  return central ? 'ppn-005-others' : 'invite-only';
}

/** The threshold that applies to the notice's kind of contract, from the table in force when it started. */
function applicableThreshold(notice: Notice, tables: ReservationTables, startDay: string) {
  const table = thresholdTableFor(tables.thresholds.tables, startDay);
  const lightTouch =
    notice.specialRegime.includes('lightTouch') ||
    notice.cpv.some((c) => cpvListed(c, tables.cpv.lightTouch));
  const works = notice.cpv.length > 0 && notice.cpv.every((c) => c.startsWith('45'));
  const pick = (kind: string, threshold: number) => ({ kind, threshold, table: table.effectiveFrom });
  if (works) return pick('works', table.values.works);
  if (lightTouch) return pick('light-touch services', table.values.lightTouch);
  if (isCentral(notice.buyer.type))
    return pick('central government goods and services', table.values.central);
  return pick('sub-central goods and services', table.values.subCentral);
}

function belowThresholdRoute(
  notice: Notice,
  regime: ReservationRegime,
  tables: ReservationTables,
  startDay: string,
): ReservationRoute | null {
  // The 2015 regulations give no power to reserve below threshold: it came with the Procurement Act's era
  // (PPN 005, the Procurement (Amendment) Regulations 2026; DOMAIN.md section 1, below threshold).
  if (regime === 'PCR2015') return null;
  const applicable = applicableThreshold(notice, tables, startDay);
  const value = comparableValue(notice);
  const markedBelow = notice.aboveThreshold === false;
  if (!markedBelow && (notice.aboveThreshold === true || value === null || value >= applicable.threshold)) {
    return null;
  }
  const why = markedBelow
    ? belowThresholdWhy({ markedBelow })
    : belowThresholdWhy({ ...applicable, value: value ?? 0, gross: Boolean(notice.value?.amountGross) });
  const power = belowThresholdPower(notice, startDay);
  return {
    route: 'sme-vcse',
    legalBasis: legalBasis(regime, 'sme-vcse'),
    why,
    conditions: belowThresholdConditions(
      regime,
      power,
      regime === 'PA2023' && !isCentral(notice.buyer.type) && startDay >= ENGLISH_LOCAL_RULE,
    ),
    open: true,
    // Only where the power is certain: the letter asks the commissioner to reserve only then, and to invite
    // otherwise (a staged date, or a Welsh buyer under the 2026 regulations, is for the reader to check).
    canReserve:
      underProcurementAct(regime) && (power === 'ppn-005' || (power === 'amendment' && regime !== 'PA2023W')),
  };
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
    const routes = flags.map((f) => explicitRoute(f, regime));
    return { kind: 'explicit', regime, routes, lots, ...explicitSummary(flags, regime) };
  }
  if (matchedAreas.length === 0) return null;
  const startDay = ukDayOf(notice.dates.published) ?? PA_2023_START;
  const routes = [supportedEmploymentRoute(regime), mutualRoute(notice, regime, tables, startDay)];
  const below = belowThresholdRoute(notice, regime, tables, startDay);
  if (below) routes.push(below);
  return { kind: 'candidate', regime, routes, lots: [], ...candidateSummary(notice.stage, routes, regime) };
}

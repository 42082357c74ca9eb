import type { Notice } from '../notices/notice.js';

import type { RouteId } from './reservation-types.js';

/**
 * One reservation the notice itself makes, with where it was seen and which lots (empty = the whole
 * contract).
 */
export interface ExplicitFlag {
  route: RouteId;
  evidence: string;
  lots: string[];
}

const CODE_ROUTES: Record<string, RouteId> = {
  shelteredWorkshop: 'supported-employment',
  publicServiceMissionOrganization: 'public-service-mutual',
  publicService: 'public-service-mutual',
  smeVcse: 'sme-vcse',
};

/**
 * Explicit reservations in the structured data: reservedParticipation codes (tender and lots), location,
 * execution.
 */
function fromData(notice: Notice): ExplicitFlag[] {
  const flags: ExplicitFlag[] = [];
  for (const code of notice.reservedParticipation) {
    const route = CODE_ROUTES[code];
    if (route) flags.push({ route, evidence: `reservedParticipation: ${code}`, lots: [] });
  }
  for (const lot of notice.lots) {
    for (const code of lot.reservedParticipation) {
      const route = CODE_ROUTES[code];
      if (route)
        flags.push({ route, evidence: `lot ${lot.id} reservedParticipation: ${code}`, lots: [lot.id] });
    }
  }
  if (notice.reservedParticipationLocation)
    flags.push({
      route: 'location',
      evidence: `reservedParticipationLocation: ${notice.reservedParticipationLocation}`,
      lots: [],
    });
  if (notice.reservedExecution)
    flags.push({
      route: 'supported-employment-programme',
      evidence: 'contractTerms.reservedExecution',
      lots: [],
    });
  return flags;
}

interface WordingRule {
  route: RouteId;
  pattern: RegExp;
  /** When set, the match counts only if this also appears within ~120 characters of it. */
  near?: RegExp;
}

// DOMAIN.md §5. Traps are kept out by the patterns themselves: "reserves the right" and "reserved matters"
// never match "reserved (contract|lot…)"; "sheltered housing" never matches "sheltered workshop"; "supported
// employment" as a service never matches "supported employment provider"; "mutually"/"NFU Mutual" never match
// "public service mutual"; Article 19 needs an EU directive nearby (so UN CRPD Article 19 is not read), and
// section 32/33 needs the Procurement Act nearby (so the Children Act or Care Act is not read).
export const WORDING: WordingRule[] = [
  { route: 'supported-employment', pattern: /\bsupported employment providers?\b/i },
  {
    route: 'supported-employment',
    pattern: /\bsupported (?:business(?:es)?|factor(?:y|ies))\b/i,
    near: /reserv|regulation 20|article 20|disabled|disadvantaged/i,
  },
  { route: 'supported-employment', pattern: /\bsheltered workshops?\b/i },
  { route: 'supported-employment-programme', pattern: /\bsheltered employment programmes?\b/i },
  { route: 'supported-employment', pattern: /\bsocial and professional integration of disabled\b/i },
  {
    route: 'supported-employment',
    pattern: /\bat least 30 ?(?:%|per ?cent)/i,
    near: /disabled|disadvantaged/i,
  },
  {
    route: 'supported-employment',
    pattern: /\bregulation 20\b/i,
    near: /public contracts regulations|\bpcr\b/i,
  },
  { route: 'supported-employment', pattern: /\barticle (?:19|20)\b/i, near: /directive|2004\/18|2014\/24/i },
  { route: 'supported-employment', pattern: /\bsection 32\b/i, near: /procurement act/i },
  {
    route: 'public-service-mutual',
    pattern: /\bregulation 77\b/i,
    near: /public contracts regulations|\bpcr\b/i,
  },
  { route: 'public-service-mutual', pattern: /\barticle 77\b/i, near: /directive|2014\/24/i },
  { route: 'public-service-mutual', pattern: /\bsection 33\b/i, near: /procurement act/i },
  { route: 'public-service-mutual', pattern: /\bpublic service mutuals?\b/i },
  { route: 'public-service-mutual', pattern: /\bpublic service mission\b/i },
  { route: 'public-service-mutual', pattern: /\breservable light touch\b/i },
  {
    route: 'public-service-mutual',
    pattern: /\bqualifying organisations?\b/i,
    near: /regulation 77|mutual|public service|reserv/i,
  },
  { route: 'sme-vcse', pattern: /\breserved (?:for|to) (?:smes?|vcses?|small and medium|voluntary)/i },
  {
    route: 'location',
    pattern: /\blocal suppliers only\b|\bSI 2026\/94\b|\breserved (?:for|to) (?:local|uk) suppliers\b/i,
  },
];

// "Reserved contract/lot" names a reservation without saying which kind; read the kind from the rest of the
// text.
export const GENERIC_RESERVED =
  /\breserved (?:contracts?|lots?|procurement|competition)\b|\b(?:contract|lot) (?:is|will be) reserved\b/i;

// Every WORDING pattern and GENERIC_RESERVED needs one of these words (explicit.test.ts checks each rule's
// example against it), so a text with none of them has no wording flag: one scan instead of twenty for the
// great majority of notices, which say nothing about reservation.
const WORDING_NEEDS = [
  'reserv',
  'supported',
  'sheltered',
  'integration',
  'at least 30',
  'regulation',
  'article',
  'section',
  'public service',
  'qualifying organi',
  'local suppliers',
  'SI 2026',
];
export const ANY_WORDING = new RegExp(WORDING_NEEDS.join('|'), 'i');

function nearby(text: string, index: number, length: number, pattern: RegExp): boolean {
  return pattern.test(text.slice(Math.max(0, index - 120), index + length + 120));
}

function wordingFlags(text: string, lots: string[], where: string): ExplicitFlag[] {
  const flags: ExplicitFlag[] = [];
  if (!ANY_WORDING.test(text)) return flags;
  for (const rule of WORDING) {
    const match = rule.pattern.exec(text);
    if (match && (!rule.near || nearby(text, match.index, match[0].length, rule.near))) {
      flags.push({ route: rule.route, evidence: `${where} says "${match[0]}"`, lots });
    }
  }
  const generic = GENERIC_RESERVED.exec(text);
  if (generic && flags.length === 0 && /disab|disadvantaged|supported/i.test(text)) {
    flags.push({ route: 'supported-employment', evidence: `${where} says "${generic[0]}"`, lots });
  }
  return flags;
}

/** Explicit reservations from the data and from the wording of title, description and lots. */
export function findExplicitReservations(notice: Notice): ExplicitFlag[] {
  const flags = [...fromData(notice)];
  flags.push(...wordingFlags(`${notice.title}\n${notice.description ?? ''}`, [], 'the notice'));
  for (const lot of notice.lots)
    flags.push(...wordingFlags(`${lot.title ?? ''}\n${lot.description ?? ''}`, [lot.id], `lot ${lot.id}`));
  // One flag per route and lot set (the data and the wording often say the same thing twice), and no lot flag
  // for a route that already covers the whole contract.
  // A notice's one lot is the whole contract (Find a Tender calls it LOT-0000): it is not named as a lot.
  if (notice.lots.length === 1) for (const f of flags) f.lots = [];
  const whole = new Set(flags.filter((f) => f.lots.length === 0).map((f) => f.route));
  const seen = new Set<string>();
  return flags.filter((f) => {
    if (f.lots.length > 0 && whole.has(f.route)) return false;
    const key = `${f.route}|${f.lots.join(',')}`;
    if (seen.has(key)) return false;
    seen.add(key);
    return true;
  });
}

import { PROFILES } from '../src/sources/registry.js';
import { performance } from 'node:perf_hooks';
import { loadServiceAreas } from '../src/config.js';
import { compileMatcher, type CompiledMatcher } from '../src/matching/compile.js';
import { matchNotice } from '../src/matching/match.js';
import { Watchlist, type ServiceAreasFile } from '../src/matching/rules.js';
import { toNotice } from '../src/notices/normalise.js';
import type { Notice } from '../src/notices/notice.js';
import { generateRelease, loadTemplates } from './templates.js';

/**
 * Words coordinators follow that the service areas do not name (DOMAIN.md §4 vocabulary and the look-alikes
 * of §4d, which a coordinator may well want: care, housing, training, employment…).
 */
const EVERYDAY = [
  'supported living',
  'day opportunities',
  'short breaks',
  'carers',
  'mental health',
  'learning disability',
  'autism',
  'deaf',
  'sight loss',
  'wheelchair',
  'transport',
  'employment support',
  'supported employment',
  'training',
  'community',
  'youth',
  'older people',
  'dementia',
  'housing',
  'social care',
  'prevention',
  'wellbeing',
  'befriending',
  'accessible',
  'equipment',
  'home care',
  'payroll',
  'personal budget',
  'consultation',
  'engagement',
];

/** Real phrases: the service areas' own (strong, medium, bought, grammar heads, vocabulary) and EVERYDAY. */
function realPhrases(file: ServiceAreasFile): string[] {
  const fromAreas = file.areas.flatMap((a) => [
    ...a.strong,
    ...a.medium,
    ...a.bought,
    ...a.families.filter((f) => f.strength !== 'exclusion').flatMap((f) => f.heads),
  ]);
  const vocabulary = Object.values(file.vocabulary).flat();
  const usable = (p: string) =>
    !p.startsWith('@') && p.length >= 4 && p.length <= 60 && !/^[A-Z0-9]+$/.test(p);
  return [...new Set([...fromAreas, ...vocabulary, ...EVERYDAY].filter(usable))];
}

const REGIONS = ['London', 'North West', 'Yorkshire and the Humber', 'Wales', 'South West'];

/**
 * Coordinator-like watchlists drawn from real phrases (2–4 each), so a realistic share of them hit each
 * notice; some exclusions, CPV prefixes, regions and value floors, as coordinators set them.
 */
export function generateWatchlists(count: number, file: ServiceAreasFile): Watchlist[] {
  const phrases = realPhrases(file);
  const pickPhrase = (i: number, k: number) =>
    phrases[(i * 7919 + k * 104_729) % phrases.length] ?? 'advocacy';
  return Array.from({ length: count }, (_, i) =>
    Watchlist.parse({
      id: `w${i}`,
      name: `Watchlist ${i}`,
      phrases: [...new Set(Array.from({ length: 2 + (i % 3) }, (_, k) => pickPhrase(i, k)))],
      exclusions: i % 5 === 0 ? ['supported living', 'legal advocacy'] : [],
      cpvPrefixes: i % 10 === 0 ? ['8531'] : [],
      regions: i % 4 === 0 ? [REGIONS[i % REGIONS.length]] : [],
      minValue: i % 3 === 0 ? 25_000 : null,
    }),
  );
}

/** Matching time (CPU) for the notices, and how many watchlists each notice touched (matched or checked). */
function timeMatching(notices: Notice[], matcher: CompiledMatcher): { ms: number; touched: number } {
  const start = performance.now();
  let touched = 0;
  for (const notice of notices) {
    const result = matchNotice(notice, matcher);
    touched +=
      result.watchlists.length + result.rejected.filter((r) => r.rule.startsWith('watchlist:')).length;
  }
  return { ms: performance.now() - start, touched };
}

export interface MatchingFigures {
  notices: number;
  /** Time with 1, 1,000 and 10,000 watchlists (ms), and the ratios measured in this one run. */
  ms: { one: number; thousand: number; tenThousand: number };
  ratioThousand: number;
  ratioTenThousand: number;
  perSecond: { one: number; thousand: number; tenThousand: number };
  /** Watchlists a notice touched on average, with 1,000 and 10,000 (the share that hit). */
  touchedPerNotice: { thousand: number; tenThousand: number };
}

/**
 * Matches N generated notices against the service areas plus 1, 1,000 and 10,000 realistic watchlists, in
 * batches, rotating the order so no matcher always runs on a warmer cache.
 */
export function benchMatching(n: number): MatchingFigures {
  const templates = loadTemplates();
  const areas = loadServiceAreas({});
  const matchers = [1, 1_000, 10_000].map((count) => compileMatcher(areas, generateWatchlists(count, areas)));
  const ms = [0, 0, 0];
  const touched = [0, 0, 0];
  for (let start = 0; start < n; start += 1000) {
    const batch = Array.from({ length: Math.min(1000, n - start) }, (_, k) =>
      toNotice(generateRelease(templates, start + k), PROFILES.fts),
    ).flatMap((r) => (r.ok ? [r.notice] : []));
    // Warm-up: let the JIT compile every path before anything is timed.
    if (start === 0) for (const m of matchers) timeMatching(batch, m);
    const turn = (start / 1000) % 3;
    for (let j = 0; j < 3; j++) {
      const which = (turn + j) % 3;
      const matcher = matchers[which];
      if (!matcher) continue;
      const figures = timeMatching(batch, matcher);
      ms[which] = (ms[which] ?? 0) + figures.ms;
      touched[which] = (touched[which] ?? 0) + figures.touched;
    }
  }
  const [one = 1, thousand = 0, tenThousand = 0] = ms;
  return {
    notices: n,
    ms: { one, thousand, tenThousand },
    ratioThousand: thousand / one,
    ratioTenThousand: tenThousand / one,
    perSecond: {
      one: n / (one / 1000),
      thousand: n / (thousand / 1000),
      tenThousand: n / (tenThousand / 1000),
    },
    touchedPerNotice: { thousand: (touched[1] ?? 0) / n, tenThousand: (touched[2] ?? 0) / n },
  };
}

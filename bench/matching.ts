import { PROFILES } from '../src/sources/registry.js';
import { performance } from 'node:perf_hooks';
import { loadServiceAreas } from '../src/config.js';
import { compileMatcher, type CompiledMatcher } from '../src/matching/compile.js';
import { matchNotice } from '../src/matching/match.js';
import { Watchlist } from '../src/matching/rules.js';
import { toNotice } from '../src/notices/normalise.js';
import type { Notice } from '../src/notices/notice.js';
import { generateRelease, loadTemplates } from './templates.js';

const WORDS = [
  'support',
  'service',
  'advocacy',
  'care',
  'training',
  'transport',
  'museum',
  'peer',
  'advice',
  'carers',
  'mental health',
  'housing',
  'youth',
  'community',
  'digital',
  'school',
  'learning disability',
  'autism',
  'deaf',
  'employment',
];

/**
 * Coordinator-like watchlists: two-word phrases from everyday procurement words, some CPV prefixes, buyers
 * and regions.
 */
export function generateWatchlists(count: number): Watchlist[] {
  return Array.from({ length: count }, (_, i) =>
    Watchlist.parse({
      id: `w${i}`,
      name: `Watchlist ${i}`,
      phrases: [
        `${WORDS[i % WORDS.length]} ${WORDS[(i * 7 + 3) % WORDS.length]}`,
        `${WORDS[(i * 3 + 1) % WORDS.length]} project ${i}`,
      ],
      exclusions: i % 5 === 0 ? ['construction'] : [],
      cpvPrefixes: i % 4 === 0 ? [String(85 + (i % 3)).padEnd(3, String(i % 10))] : [],
      regions: i % 3 === 0 ? ['London'] : [],
      minValue: i % 2 === 0 ? 10_000 : null,
    }),
  );
}

function timeMatching(notices: Notice[], matcher: CompiledMatcher): number {
  const start = performance.now();
  let matched = 0;
  for (const notice of notices) matched += matchNotice(notice, matcher).watchlists.length;
  if (matched < 0) throw new Error('unreachable');
  return performance.now() - start;
}

export interface MatchingFigures {
  notices: number;
  oneMs: number;
  thousandMs: number;
  ratio: number;
  perSecondOne: number;
  perSecondThousand: number;
}

/**
 * Matches N generated notices against the service areas + 1 watchlist, then + 1,000 watchlists, in batches.
 */
export function benchMatching(n: number): MatchingFigures {
  const templates = loadTemplates();
  const areas = loadServiceAreas({});
  const one = compileMatcher(areas, generateWatchlists(1));
  const thousand = compileMatcher(areas, generateWatchlists(1000));
  let oneMs = 0;
  let thousandMs = 0;
  for (let start = 0; start < n; start += 1000) {
    const batch = Array.from({ length: Math.min(1000, n - start) }, (_, k) =>
      toNotice(generateRelease(templates, start + k), PROFILES.fts),
    ).flatMap((r) => (r.ok ? [r.notice] : []));
    if (start === 0) {
      // Warm-up: let the JIT compile both paths before anything is timed.
      timeMatching(batch, one);
      timeMatching(batch, thousand);
    }
    // Alternate the order so neither side always runs on a warmer cache.
    if ((start / 1000) % 2 === 0) {
      oneMs += timeMatching(batch, one);
      thousandMs += timeMatching(batch, thousand);
    } else {
      thousandMs += timeMatching(batch, thousand);
      oneMs += timeMatching(batch, one);
    }
  }
  return {
    notices: n,
    oneMs,
    thousandMs,
    ratio: thousandMs / oneMs,
    perSecondOne: n / (oneMs / 1000),
    perSecondThousand: n / (thousandMs / 1000),
  };
}

import { DateTime } from 'luxon';

// How long a first backfill takes at the polite request spacing: computed from the real window and page sizes
// and intervals in config, and from the publication volumes below (assumptions, each with where it comes
// from). Network time is taken to fit inside the spacing (a 100-release Find a Tender page, about 1.4 MB,
// arrives well within 10 s), and 429 waits and retries are not counted: the figure is the floor the spacing
// sets, not a promise.

/** Releases a year a feed published, from a date on (until the next entry). */
export interface VolumeAssumption {
  from: string;
  perYear: number;
  why: string;
}

export const VOLUMES: Record<'fts' | 'cf', VolumeAssumption[]> = {
  fts: [
    {
      from: '2021-01-01',
      perYear: 69_000,
      why:
        'notice 028961-2025 was published on 1 Jun 2025 (test/fixtures): about 29,000 notices in the first ' +
        '152 ' +
        'days of 2025, used for 2021–2024 too (an upper bound: below-threshold notices only came to Find a ' +
        'Tender from 24 Feb 2025)',
    },
    { from: '2025-01-01', perYear: 86_608, why: 'the last notice of 2025 is 086608-2025 (FEEDS.md §2.5)' },
    {
      from: '2026-01-01',
      perYear: 124_000,
      why: 'notice 083685-2026 was published on 3 Sep 2026 (test/fixtures): 83,685 in 246 days',
    },
  ],
  cf: [
    {
      from: '2015-01-01',
      perYear: 68_000,
      why:
        'Spend Network: almost 44,000 tenders and over 24,000 contracts published in 2017 (used for ' +
        '2015–2018)',
    },
    {
      from: '2019-01-01',
      perYear: 90_000,
      why: 'Spend Network: almost 57,000 tenders and 33,000 contracts ' + 'in 2019',
    },
    {
      from: '2025-02-24',
      perYear: 36_000,
      why:
        '137 releases on a weekday in Sep 2026 (FEEDS.md §1.6), after the Procurement Act moved notices ' +
        'to FTS',
    },
  ],
};

/** A weekend day carries about 1% of a weekday (FEEDS.md §2.5: 370–470 a weekday, 1–7 on weekend days). */
const WEEKEND_DAY = 0.01;
/** Office hours: the share of a weekday's releases in each 6-hour quarter of the day (an assumption). */
const QUARTERS = [0.05, 0.45, 0.45, 0.05];

export interface FeedSpacing {
  requestIntervalMs: number;
}
export interface WindowedSpacing extends FeedSpacing {
  windowHours: number;
  pageSize: number;
}
export interface EstimateConfig {
  fts: WindowedSpacing & { minWindowSeconds: number };
  cf: WindowedSpacing;
  pcs: FeedSpacing & { noticeTypes: number[] };
  s2w: FeedSpacing & { noticeTypes: number[] };
}

export interface SourceEstimate {
  source: 'fts' | 'cf' | 'pcs' | 's2w';
  from: number;
  to: number;
  windows: number;
  requests: number;
  releases: number;
  /** requests × the spacing between requests to the host. */
  seconds: number;
}

function volumeOn(source: 'fts' | 'cf', day: DateTime): number {
  const iso = day.toISODate() ?? '';
  const entry = [...VOLUMES[source]].reverse().find((v) => v.from <= iso);
  return entry ? entry.perYear : 0;
}

/** Releases on one UK day: weekdays carry the year's volume, weekends a trickle. */
function releasesOn(source: 'fts' | 'cf', day: DateTime): number {
  const perYear = volumeOn(source, day);
  const weekday = perYear / (261 + 104 * WEEKEND_DAY);
  return day.weekday >= 6 ? weekday * WEEKEND_DAY : weekday;
}

/**
 * Requests Find a Tender needs for a window of `releases`: one, and when that page comes back full the
 * window is split in half and both halves asked (sources/fts), down to the smallest window.
 */
export function ftsRequests(
  releases: number,
  pageSize: number,
  spanSeconds: number,
  minSeconds: number,
): number {
  if (releases < pageSize) return 1;
  // At the smallest window the cursor is followed: a request per page.
  if (spanSeconds < 2 * minSeconds) return Math.max(1, Math.ceil(releases / pageSize));
  return 1 + 2 * ftsRequests(releases / 2, pageSize, spanSeconds / 2, minSeconds);
}

/**
 * The share of a weekday's releases in window `w` of `perDay`: quarters fold into longer windows (Contracts
 * Finder reads a day at a time) and spread evenly over shorter ones.
 */
function shareOf(w: number, perDay: number): number {
  if (perDay >= QUARTERS.length)
    return (QUARTERS[Math.floor((w * QUARTERS.length) / perDay)] ?? 0) / (perDay / QUARTERS.length);
  return QUARTERS.filter((_, q) => Math.floor((q * perDay) / QUARTERS.length) === w).reduce(
    (a, b) => a + b,
    0,
  );
}

/** Contracts Finder pages a window by its cursor: one request per page of 100, at least one. */
export const cfRequests = (releases: number, pageSize: number) => Math.max(1, Math.ceil(releases / pageSize));

function windowedEstimate(
  source: 'fts' | 'cf',
  config: EstimateConfig,
  from: number,
  to: number,
): SourceEstimate {
  const feed = source === 'fts' ? config.fts : config.cf;
  const perDay = Math.max(1, Math.round(24 / feed.windowHours));
  let windows = 0;
  let requests = 0;
  let releases = 0;
  for (
    let day = DateTime.fromMillis(from, { zone: 'Europe/London' }).startOf('day');
    day.toMillis() < to;
    day = day.plus({ days: 1 })
  ) {
    const today = releasesOn(source, day);
    releases += today;
    for (let w = 0; w < perDay; w++) {
      const share = shareOf(w, perDay);
      const inWindow = day.weekday >= 6 ? today / perDay : today * share;
      windows++;
      requests +=
        source === 'fts'
          ? ftsRequests(inWindow, feed.pageSize, feed.windowHours * 3600, config.fts.minWindowSeconds)
          : cfRequests(inWindow, feed.pageSize);
    }
  }
  return {
    source,
    from,
    to,
    windows,
    requests,
    releases: Math.round(releases),
    seconds: (requests * feed.requestIntervalMs) / 1000,
  };
}

/** Scotland and Wales: one request per calendar month and notice type, whatever the volume. */
function monthlyEstimate(
  source: 'pcs' | 's2w',
  config: EstimateConfig,
  from: number,
  to: number,
): SourceEstimate {
  const feed = config[source];
  let months = 0;
  for (
    let m = DateTime.fromMillis(from, { zone: 'Europe/London' }).startOf('month');
    m.toMillis() < to;
    m = m.plus({ months: 1 })
  )
    months++;
  const requests = months * feed.noticeTypes.length;
  return {
    source,
    from,
    to,
    windows: months,
    requests,
    releases: 0,
    seconds: (requests * feed.requestIntervalMs) / 1000,
  };
}

/** The estimate for one source over [from, to]. */
export function estimateBackfill(
  source: 'fts' | 'cf' | 'pcs' | 's2w',
  config: EstimateConfig,
  from: number,
  to: number,
): SourceEstimate {
  return source === 'fts' || source === 'cf'
    ? windowedEstimate(source, config, from, to)
    : monthlyEstimate(source, config, from, to);
}

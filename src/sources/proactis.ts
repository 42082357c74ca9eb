import { DateTime } from 'luxon';
import { UK_ZONE } from '../notices/dates.js';
import type { SourceProfile } from '../notices/source-profile.js';
import type { NoticeSource, SourcePage, SourceRun, TimeWindow } from '../pipeline/ports.js';
import type { HttpPolicy, PoliteFetcher } from './http.js';
import { originOf } from './http-rules.js';
import { parsePackage, toSourcePage } from './ocds-page.js';

// Public Contracts Scotland and Sell2Wales run the same Proactis API (kingfisher-collect's ProactisBase
// spider):
// `GET /v1/Notices?dateFrom=MM-YYYY&noticeType=N&outputType=0` returns one month of one notice type as an
// OCDS release package, with no paging; `GET /v1/Notice?id=<ocid>` returns one procurement's notices.

export interface ProactisOptions {
  baseUrl: string;
  noticeTypes: number[];
  pollEveryMinutes: number;
  policy: HttpPolicy;
}

/** The UK calendar months that [from, to] touches, as windows (the API's own unit). */
export function monthWindows(from: number, to: number): TimeWindow[] {
  const windows: TimeWindow[] = [];
  let month = DateTime.fromMillis(from, { zone: UK_ZONE }).startOf('month');
  while (month.toMillis() < to) {
    const next = month.plus({ months: 1 });
    windows.push({
      from: new Date(Math.max(from, month.toMillis())),
      to: new Date(Math.min(to, next.toMillis())),
    });
    month = next;
  }
  return windows;
}

/** The `dateFrom` of the month a window starts in: `04-2019`. */
const monthParam = (window: TimeWindow) =>
  DateTime.fromJSDate(window.from, { zone: UK_ZONE }).toFormat('MM-yyyy');

export function createProactisSource(
  options: ProactisOptions,
  profile: SourceProfile,
  fetcher: PoliteFetcher,
): NoticeSource {
  const base = options.baseUrl.replace(/\/$/, '');
  const parse = (text: string, bytes: Buffer) => parsePackage(text, { emptyWithoutReleases: true }, bytes);
  const origin = originOf(base);
  return {
    id: profile.id,
    host: new URL(base).host,
    maxWindowMs: null,
    splitWindows: monthWindows,
    pollEveryMs: options.pollEveryMinutes * 60_000,
    async *fetchWindow(window: TimeWindow, run?: SourceRun): AsyncGenerator<SourcePage> {
      const seen = new Set<string>();
      for (const noticeType of options.noticeTypes) {
        const params = { dateFrom: monthParam(window), noticeType: String(noticeType), outputType: '0' };
        yield toSourcePage(
          await fetcher.fetchParsed(`${base}/v1/Notices`, params, options.policy, parse, { origin, run }),
          profile,
          seen,
          run,
        );
      }
    },
    async fetchProcess(ocid: string, run?: SourceRun) {
      const scope = { origin, run };
      const pkg = await fetcher.fetchParsed(`${base}/v1/Notice`, { id: ocid }, options.policy, parse, scope);
      return toSourcePage(pkg, profile, new Set());
    },
    requestCount: () => fetcher.requestCount,
  };
}

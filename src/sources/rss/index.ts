import { createHash } from 'node:crypto';
import type { XMLParser } from 'fast-xml-parser';
import { createRequire } from 'node:module';
import { z } from 'zod';
import { toInstant } from '../../notices/dates.js';
import { Notice, type SourceId } from '../../notices/notice.js';
import { boundedText, TEXT_LIMITS, type TextCut } from '../../notices/text-bounds.js';
import type { NoticeSource, SourcePage, SourceRun } from '../../pipeline/ports.js';
import type { HttpPolicy, PoliteFetcher } from '../http.js';
import { originOf } from '../http-rules.js';

export interface RssFeedOptions {
  id: string;
  url: string;
  name?: string;
  policy: HttpPolicy;
}

const Text = z
  .union([
    z.string(),
    z.number().transform(String),
    z.object({ '#text': z.union([z.string(), z.number()]) }).transform((o) => String(o['#text'])),
  ])
  .optional()
  .catch(undefined);
const many = <T extends z.ZodTypeAny>(item: T) =>
  z
    .union([z.array(item), item.transform((one) => [one])])
    .optional()
    .catch(undefined);
const AtomLink = z.object({ '@_href': z.string(), '@_rel': z.string().optional() });

const RssItem = z.object({
  title: Text,
  link: Text,
  description: Text,
  pubDate: Text,
  guid: Text,
  'dc:date': Text,
});
const AtomEntry = z.object({
  title: Text,
  link: many(AtomLink),
  summary: Text,
  content: Text,
  updated: Text,
  published: Text,
  id: Text,
});
const Feed = z.union([
  z
    .object({ rss: z.object({ channel: z.object({ item: many(RssItem) }) }) })
    .transform((f) => ({ kind: 'rss' as const, items: f.rss.channel.item ?? [] })),
  z
    .object({ feed: z.object({ entry: many(AtomEntry) }) })
    .transform((f) => ({ kind: 'atom' as const, entries: f.feed.entry ?? [] })),
]);

interface FeedItem {
  id: string | undefined;
  title: string | undefined;
  link: string | undefined;
  summary: string | undefined;
  published: string | undefined;
  updated: string | undefined;
}

// Loaded at the first feed read rather than at start: most workers read no RSS feed, and the parser is about
// 3 MB of an idle worker's RSS (measured 2026-12-02).
let parser: XMLParser | undefined;
function xmlParser(): XMLParser {
  if (parser) return parser;
  const fxp = createRequire(import.meta.url)('fast-xml-parser') as { XMLParser: typeof XMLParser };
  parser = new fxp.XMLParser({
    ignoreAttributes: false,
    processEntities: true,
    htmlEntities: true,
    trimValues: true,
  });
  return parser;
}

/** Reads RSS 2.0 or Atom text into feed items; throws when it is neither. */
export function parseFeed(text: string): FeedItem[] {
  const parsed = Feed.safeParse(xmlParser().parse(text));
  if (!parsed.success) throw new Error('not an RSS 2.0 or Atom feed');
  if (parsed.data.kind === 'rss') {
    return parsed.data.items.map((i) => ({
      id: i.guid,
      title: i.title,
      link: i.link,
      summary: i.description,
      published: i.pubDate ?? i['dc:date'],
      updated: undefined,
    }));
  }
  return parsed.data.entries.map((e) => ({
    id: e.id,
    title: e.title,
    link: (e.link ?? []).find((l) => !l['@_rel'] || l['@_rel'] === 'alternate')?.['@_href'],
    summary: e.summary ?? e.content,
    published: e.published,
    updated: e.updated,
  }));
}

function feedDate(value: string | undefined): string | null {
  if (!value) return null;
  const rfc822 = Date.parse(value);
  return (
    toInstant(value) ??
    (Number.isNaN(rfc822) ? null : new Date(rfc822).toISOString().replace(/\.\d{3}Z$/, 'Z'))
  );
}

/** One feed item as a Notice: title, link, summary and dates; feeds carry no CPV codes or values. */
export function toFeedNotice(item: FeedItem, source: SourceId, feedName: string | undefined): Notice | null {
  const cuts: TextCut[] = [];
  const title = boundedText(item.title, 'title', TEXT_LIMITS.title, cuts);
  if (!title) return null;
  const summary = boundedText(item.summary, 'description', TEXT_LIMITS.description, cuts, (raw) =>
    raw.replace(/<[^>]*>/g, ' '),
  );
  const key = item.id ?? item.link ?? createHash('sha256').update(title).digest('hex').slice(0, 16);
  const published = feedDate(item.published);
  const updated = feedDate(item.updated) ?? published;
  const candidate = {
    source,
    ocid: key,
    releaseId: `${key}@${updated ?? 'undated'}`,
    noticeType: 'feedItem',
    tags: ['tender'],
    stage: 'tender',
    status: null,
    title,
    description: summary,
    lots: [],
    cpv: [],
    value: null,
    dates: {
      published,
      tenderDeadline: null,
      expressionOfInterestDeadline: null,
      enquiryDeadline: null,
      awardExpected: null,
      contractStart: null,
      contractEnd: null,
    },
    buyer: {
      id: null,
      name: feedName ?? null,
      type: null,
      regionCode: null,
      regionName: null,
      postcode: null,
    },
    deliveryRegions: [],
    regime: null,
    aboveThreshold: null,
    specialRegime: [],
    suitability: { sme: null, vcse: null },
    reservedParticipation: [],
    reservedParticipationLocation: null,
    reservedExecution: false,
    procurementMethod: null,
    procurementMethodDetails: null,
    url: item.link ?? null,
    portalUrl: item.link ?? null,
    awards: [],
    textCut: cuts,
  };
  const parsed = Notice.safeParse(candidate);
  return parsed.success ? parsed.data : null;
}

/** A coordinator's RSS/Atom feed (e.g. a council e-tendering portal). The whole feed is read every cycle. */
export function createRssSource(options: RssFeedOptions, fetcher: PoliteFetcher): NoticeSource {
  const source: SourceId = `rss:${options.id}`;
  return {
    id: source,
    host: new URL(options.url).host,
    maxWindowMs: null,
    async *fetchWindow(_window, run?: SourceRun): AsyncGenerator<SourcePage> {
      const scope = { origin: originOf(options.url), run };
      const items = await fetcher.fetchParsed(options.url, undefined, options.policy, parseFeed, scope);
      const page: SourcePage = { notices: [], skipped: [] };
      for (const item of items) {
        const notice = toFeedNotice(item, source, options.name);
        if (notice) page.notices.push(notice);
        else page.skipped.push({ releaseId: item.id ?? null, reason: 'feed item has no title' });
      }
      yield page;
    },
    requestCount: () => fetcher.requestCount,
  };
}

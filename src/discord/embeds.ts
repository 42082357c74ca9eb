import {
  ButtonStyle,
  ComponentType,
  type APIAllowedMentions,
  type APIEmbed,
  type APIEmbedField,
  type RESTPostAPIChannelMessageJSONBody,
} from 'discord-api-types/v10';
import { alertSummary, reservedLine } from '../alerts/alert-text.js';
import { describeDeadline } from '../notices/date-text.js';
import type { DeliveryKind } from '../alerts/route.js';
import type { MatchResult } from '../matching/match-result.js';
import { formatMoney, formatPounds } from '../notices/money.js';
import { sourceName } from '../notices/format.js';
import type { Notice } from '../notices/notice.js';
import { noticeTypeWords } from '../alerts/glossary.js';

/** Discord's documented limits for one message. */
export const LIMITS = {
  content: 2000,
  title: 256,
  description: 4096,
  fields: 25,
  fieldName: 256,
  fieldValue: 1024,
  footer: 2048,
  embedTotal: 6000,
  threadName: 100,
} as const;

/** Shortens to `max` characters, ending with an ellipsis when it had to cut. */
export function trimTo(text: string, max: number): string {
  return text.length <= max ? text : `${text.slice(0, Math.max(0, max - 1)).trimEnd()}…`;
}

/**
 * Makes notice text inert in Discord: markdown is escaped (so "[link](evil)" cannot hide a link and "# "
 * cannot shout), "<" is escaped (so "<@&role>" and "<@123>" never render as mentions), and @everyone/@here
 * are broken with a zero-width space. allowed_mentions is also empty on every message, so nothing can ping
 * even if this missed.
 */
export function escapeText(text: string): string {
  return text
    .replace(/[\\*_~`|[\]<>]/g, (c) => `\\${c}`)
    .replace(/^([ \t]*)([#-]|\d+\.)(?=\s)/gm, (_m, indent: string, mark: string) => `${indent}\\${mark}`)
    .replace(/@(everyone|here)/gi, '@\u200b$1')
    .replace(/\u200b{2,}/g, '\u200b');
}

/** A fresh empty allow-list for each message: notice text can never ping anyone or any role. */
const noMentions = (): APIAllowedMentions => ({ parse: [] });

function unix(instant: string): number {
  return Math.floor(Date.parse(instant) / 1000);
}

const yesNo = (value: boolean | null) => (value === null ? 'not stated' : value ? 'yes' : 'no');

function field(name: string, value: string): APIEmbedField {
  return {
    name: trimTo(name, LIMITS.fieldName),
    value: trimTo(value, LIMITS.fieldValue) || '–',
    inline: false,
  };
}

/** Cuts the description until the whole embed fits in Discord's 6,000-character total. */
function fitEmbed(embed: APIEmbed): APIEmbed {
  const size = (e: APIEmbed) =>
    (e.title?.length ?? 0) +
    (e.description?.length ?? 0) +
    (e.footer?.text.length ?? 0) +
    (e.fields ?? []).reduce((n, f) => n + f.name.length + f.value.length, 0);
  const over = size(embed) - LIMITS.embedTotal;
  if (over <= 0) return embed;
  return {
    ...embed,
    description: trimTo(embed.description ?? '', Math.max(0, (embed.description?.length ?? 0) - over)),
  };
}

function isHttpUrl(url: string | null): url is string {
  if (!url || url.length > 512) return false;
  try {
    return ['http:', 'https:'].includes(new URL(url).protocol);
  } catch {
    return false;
  }
}

export interface AlertInput {
  notice: Notice;
  match: MatchResult | undefined;
  kind: DeliveryKind;
  changes: string[];
  now: number;
  areaLabel: (id: string) => string;
  /** The notice's row id, for persistent button ids that still work after a restart. */
  noticeRef: number;
}

function fields({ notice, match, areaLabel }: AlertInput): APIEmbedField[] {
  const out: APIEmbedField[] = [field('What kind of notice', noticeTypeWords(notice))];
  if (notice.buyer.name)
    out.push(
      field(
        'Buyer',
        escapeText(notice.buyer.name) + (notice.buyer.regionName ? ` (${notice.buyer.regionName})` : ''),
      ),
    );
  const gross = notice.value?.amountGross;
  const withVat = gross && gross !== notice.value?.amount ? ` (${formatPounds(gross)} including VAT)` : '';
  out.push(field('Value', notice.value ? `${formatMoney(notice.value)}${withVat}` : 'not stated'));
  const deadline = notice.dates.tenderDeadline ?? notice.dates.expressionOfInterestDeadline;
  if (deadline)
    out.push(
      field(
        notice.dates.tenderDeadline ? 'Deadline for bids' : 'Deadline for expressions of interest',
        `<t:${unix(deadline)}:F> (<t:${unix(deadline)}:R>)`,
      ),
    );
  if (match && match.areas.length > 0)
    out.push(
      field('Service areas', match.areas.map((a) => `${areaLabel(a.rule)} (${a.band} match)`).join(', ')),
    );
  const reserved = reservedLine(match);
  if (reserved && match?.reserved)
    out.push(
      field(
        match.reserved.kind === 'explicit' ? 'Reserved contract' : 'Could be reserved',
        match.reserved.summary,
      ),
    );
  out.push(
    field(
      'Suitable for small organisations',
      `SME: ${yesNo(notice.suitability.sme ?? (notice.lots.some((l) => l.suitability.sme) ? true : null))}; voluntary, community or social enterprise (VCSE): ${yesNo(notice.suitability.vcse ?? (notice.lots.some((l) => l.suitability.vcse) ? true : null))}`,
    ),
  );
  if (notice.lots.length > 0)
    out.push(
      field(
        `Lots (${notice.lots.length})`,
        notice.lots
          .slice(0, 10)
          .map(
            (l) =>
              `Lot ${escapeText(l.id)}: ${escapeText(l.title ?? 'untitled')}${l.value ? ` (${formatMoney(l.value)})` : ''}`,
          )
          .join('\n'),
      ),
    );
  const why = [...(match?.areas ?? []), ...(match?.watchlists ?? [])].flatMap((a) =>
    a.reasons.slice(0, 2).map((r) => `${a.rule.replace(/^watchlist:[^:]*:/, 'watchlist ')}: ${r}`),
  );
  if (why.length > 0) out.push(field('Why it matched', escapeText(why.slice(0, 6).join('\n'))));
  return out.slice(0, LIMITS.fields);
}

/**
 * The alert for one notice: plain-text lead, an embed with the details, a link button and three feedback
 * buttons.
 */
export function buildAlertMessage(input: AlertInput): RESTPostAPIChannelMessageJSONBody {
  const { notice } = input;
  const summary = alertSummary(notice, input.match, input.kind, input.changes, input.now, input.areaLabel);
  const embed = fitEmbed({
    title: trimTo(escapeText(notice.title), LIMITS.title),
    ...(isHttpUrl(notice.url) ? { url: notice.url } : {}),
    description: trimTo(escapeText(notice.description ?? 'No description was published.'), 1500),
    fields: fields(input),
    footer: {
      text: `${sourceName(notice.source)} · Contains public sector information licensed under the Open Government Licence v3.0.`,
    },
  });
  const buttons = [
    ...(isHttpUrl(notice.url)
      ? [
          {
            type: ComponentType.Button as const,
            style: ButtonStyle.Link as const,
            label: 'Open the notice',
            url: notice.url,
          },
        ]
      : []),
    {
      type: ComponentType.Button as const,
      style: ButtonStyle.Primary as const,
      label: 'Remind me',
      custom_id: `tn:remind:${input.noticeRef}`,
    },
    {
      type: ComponentType.Button as const,
      style: ButtonStyle.Secondary as const,
      label: 'Interested',
      custom_id: `tn:interested:${input.noticeRef}`,
    },
    {
      type: ComponentType.Button as const,
      style: ButtonStyle.Secondary as const,
      label: 'Not relevant',
      custom_id: `tn:not-relevant:${input.noticeRef}`,
    },
    {
      type: ComponentType.Button as const,
      style: ButtonStyle.Success as const,
      label: 'How do I bid?',
      custom_id: `tn:guide:${input.noticeRef}`,
    },
  ];
  return {
    content: trimTo(escapeText(summary), LIMITS.content),
    embeds: [embed],
    components: [{ type: ComponentType.ActionRow, components: buttons }],
    allowed_mentions: noMentions(),
  };
}

/** A short line for digests and /recent: "Title, Buyer. Closes Friday 12 December (in 9 days). <url>". */
export function noticeLine(notice: Notice, now: number): string {
  const deadline = notice.dates.tenderDeadline
    ? ` Closes ${describeDeadline(notice.dates.tenderDeadline, now)}.`
    : '';
  const value = notice.value ? ` ${formatMoney(notice.value)}.` : '';
  return `${escapeText(notice.title)}${notice.buyer.name ? `, ${escapeText(notice.buyer.name)}` : ''}.${deadline}${value}${isHttpUrl(notice.url) ? ` <${notice.url}>` : ''}`;
}

/**
 * Splits text blocks into messages of at most 2,000 characters, never cutting a block unless it alone is too
 * long.
 */
export function splitMessages(blocks: string[]): RESTPostAPIChannelMessageJSONBody[] {
  const out: string[] = [];
  let current = '';
  for (const block of blocks.map((b) => trimTo(b, LIMITS.content))) {
    if (current && current.length + 1 + block.length > LIMITS.content) {
      out.push(current);
      current = block;
    } else current = current ? `${current}\n${block}` : block;
  }
  if (current) out.push(current);
  return out.map((content) => ({ content, allowed_mentions: noMentions() }));
}

export interface DigestEntry {
  notice: Notice;
  kind: DeliveryKind;
  changes: string[];
}

/** A daily or weekly digest in sections; an empty digest is no messages at all. */
export function buildDigestMessages(
  entries: DigestEntry[],
  period: 'daily' | 'weekly',
  now: number,
): RESTPostAPIChannelMessageJSONBody[] {
  if (entries.length === 0) return [];
  const weekAhead = now + 7 * 86_400_000;
  const closingSoon = entries.filter(
    (e) =>
      e.kind === 'new' &&
      e.notice.dates.tenderDeadline &&
      Date.parse(e.notice.dates.tenderDeadline) <= weekAhead &&
      Date.parse(e.notice.dates.tenderDeadline) >= now,
  );
  const rest = entries.filter((e) => !closingSoon.includes(e));
  const sections: [string, DigestEntry[]][] = [
    ['Closing soon (within 7 days)', closingSoon],
    ['New opportunities and awards', rest.filter((e) => e.kind === 'new' && e.notice.stage !== 'planning')],
    [
      'Early engagement: a chance to talk to the buyer and shape the service',
      rest.filter((e) => e.kind === 'new' && e.notice.stage === 'planning'),
    ],
    ['Updates to notices', rest.filter((e) => e.kind === 'update')],
  ];
  const blocks = [
    `Your ${period} Tender Nudge digest: ${entries.length} notice${entries.length === 1 ? '' : 's'}.`,
  ];
  for (const [heading, list] of sections) {
    if (list.length === 0) continue;
    blocks.push(`**${heading}** (${list.length})`);
    for (const entry of list)
      blocks.push(
        `- ${noticeLine(entry.notice, now)}${entry.kind === 'update' && entry.changes.length > 0 ? ` Changes: ${escapeText(entry.changes.join('; '))}.` : ''}`,
      );
  }
  return splitMessages(blocks);
}

/** The one line a channel gets when it reaches its daily limit. */
export function buildOverflowMessage(cap: number): RESTPostAPIChannelMessageJSONBody {
  return {
    content: `This channel has had its limit of ${cap} alerts today. More notices matched; use /recent to see them all.`,
    allowed_mentions: noMentions(),
  };
}

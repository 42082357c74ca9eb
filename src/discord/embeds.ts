import {
  ButtonStyle,
  ComponentType,
  type APIAllowedMentions,
  type APIEmbed,
  type APIEmbedField,
  type RESTPostAPIChannelMessageJSONBody,
} from 'discord-api-types/v10';
import {
  alertSummary,
  BUTTON_LABELS,
  FIELD_NAMES,
  licenceFooter,
  lotLine,
  NO_DESCRIPTION,
  reasonLine,
  reservedLine,
  suitabilityText,
  reservationFieldName,
} from '../alerts/alert-text.js';
import { DIGEST_SECTIONS, digestHeading, overflowText } from '../alerts/digest-text.js';
import type { OutboxKind } from '../alerts/delivery.js';
import { toContractRecord } from '../radar/contract.js';
import { radarSectionHeading, radarShortLine } from '../radar/radar-text.js';
import { describeDeadline } from '../notices/date-text.js';
import type { DeliveryKind } from '../alerts/route.js';
import type { MatchResult } from '../matching/match-result.js';
import { formatMoney } from '../notices/money.js';
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
export const noMentions = (): APIAllowedMentions => ({ parse: [] });

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

export function isHttpUrl(url: string | null): url is string {
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
  /** The name people see for a source id ("Find a Tender"). */
  sourceLabel: (id: string) => string;
  /** The notice's row id, for persistent button ids that still work after a restart. */
  noticeRef: number;
  /** A sentence added to the lead ("This may be the re-procurement of …"), or null. */
  note?: string | null;
}

function fields({ notice, match }: AlertInput): APIEmbedField[] {
  const out: APIEmbedField[] = [field(FIELD_NAMES.kind, noticeTypeWords(notice))];
  if (notice.buyer.name) {
    const region = notice.buyer.regionName ? ` (${notice.buyer.regionName})` : '';
    out.push(field(FIELD_NAMES.buyer, escapeText(notice.buyer.name) + region));
  }
  // The deadline, the value and the areas are in the plain-text lead: each fact is said once.
  const reservation = match?.reserved;
  if (reservation && reservedLine(match, notice.stage)) {
    out.push(
      field(reservationFieldName(reservation.kind, notice.stage), reservation.detail || reservation.summary),
    );
  }
  const anyLot = (key: 'sme' | 'vcse') => (notice.lots.some((l) => l.suitability[key]) ? true : null);
  const suitable = suitabilityText(
    notice.suitability.sme ?? anyLot('sme'),
    notice.suitability.vcse ?? anyLot('vcse'),
  );
  if (suitable) out.push(field(FIELD_NAMES.suitability, suitable));
  if (notice.lots.length > 0) {
    const lots = notice.lots
      .slice(0, 10)
      .map((l) => lotLine(escapeText(l.id), l.title && escapeText(l.title), l.value));
    out.push(field(FIELD_NAMES.lots(notice.lots.length), lots.join('\n')));
  }
  const why = [...(match?.areas ?? []), ...(match?.watchlists ?? [])].flatMap((a) =>
    a.reasons.slice(0, 2).map((r) => reasonLine(a.rule, r)),
  );
  if (why.length > 0) out.push(field(FIELD_NAMES.why, escapeText(why.slice(0, 6).join('\n'))));
  return out.slice(0, LIMITS.fields);
}

const button = (
  style: ButtonStyle.Primary | ButtonStyle.Secondary | ButtonStyle.Success,
  label: string,
  id: string,
) => ({ type: ComponentType.Button, style, label, custom_id: id }) as const;

/**
 * The alert for one notice: plain-text lead, an embed with the details, a link button and three feedback
 * buttons.
 */
export function buildAlertMessage(input: AlertInput): RESTPostAPIChannelMessageJSONBody {
  const { notice } = input;
  const lead = alertSummary(notice, input.match, input.kind, input.changes, input.now, input.areaLabel);
  const summary = input.note ? `${lead} ${input.note}` : lead;
  const embed = fitEmbed({
    title: trimTo(escapeText(notice.title), LIMITS.title),
    ...(isHttpUrl(notice.url) ? { url: notice.url } : {}),
    description: trimTo(escapeText(notice.description ?? NO_DESCRIPTION), 1500),
    fields: fields(input),
    footer: { text: licenceFooter(input.sourceLabel(notice.source)) },
  });
  const ref = input.noticeRef;
  const link = isHttpUrl(notice.url)
    ? [
        {
          type: ComponentType.Button as const,
          style: ButtonStyle.Link as const,
          label: BUTTON_LABELS.open,
          url: notice.url,
        },
      ]
    : [];
  const buttons = [
    ...link,
    button(ButtonStyle.Primary, BUTTON_LABELS.remind, `tn:remind:${ref}`),
    button(ButtonStyle.Secondary, BUTTON_LABELS.interested, `tn:interested:${ref}`),
    button(ButtonStyle.Secondary, BUTTON_LABELS.notRelevant, `tn:not-relevant:${ref}`),
    button(ButtonStyle.Success, BUTTON_LABELS.guide, `tn:guide:${ref}`),
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
  const deadline = notice.dates.tenderDeadline;
  const closes = deadline ? ` Closes ${describeDeadline(deadline, now)}.` : '';
  const value = notice.value ? ` ${formatMoney(notice.value)}.` : '';
  const buyer = notice.buyer.name ? `, ${escapeText(notice.buyer.name)}` : '';
  const link = isHttpUrl(notice.url) ? ` <${notice.url}>` : '';
  return `${escapeText(notice.title)}${buyer}.${closes}${value}${link}`;
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

/** A digest's line for a contract coming up: escaped, with its award notice's link. */
function radarDigestLine(notice: Notice, now: number): string {
  const record = toContractRecord(notice, null);
  const text = record ? radarShortLine(record, now) : notice.title;
  return `${escapeText(text)}${isHttpUrl(notice.url) ? ` <${notice.url}>` : ''}`;
}

export interface DigestEntry {
  notice: Notice;
  kind: OutboxKind;
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
    [DIGEST_SECTIONS.closingSoon, closingSoon],
    [DIGEST_SECTIONS.opportunities, rest.filter((e) => e.kind === 'new' && e.notice.stage !== 'planning')],
    [DIGEST_SECTIONS.early, rest.filter((e) => e.kind === 'new' && e.notice.stage === 'planning')],
    [DIGEST_SECTIONS.updates, rest.filter((e) => e.kind === 'update')],
    [radarSectionHeading, rest.filter((e) => e.kind === 'radar')],
  ];
  const blocks = [digestHeading(period, entries.length)];
  for (const [heading, list] of sections) {
    if (list.length === 0) continue;
    blocks.push(`**${heading}** (${list.length})`);
    for (const entry of list) {
      if (entry.kind === 'radar') {
        blocks.push(`- ${radarDigestLine(entry.notice, now)}`);
        continue;
      }
      const changes = entry.kind === 'update' && entry.changes.length > 0 ? entry.changes.join('; ') : null;
      blocks.push(`- ${noticeLine(entry.notice, now)}${changes ? ` Changes: ${escapeText(changes)}.` : ''}`);
    }
  }
  return splitMessages(blocks);
}

/** The one line a channel gets when it reaches its daily limit. */
export function buildOverflowMessage(cap: number): RESTPostAPIChannelMessageJSONBody {
  return {
    content: overflowText(cap),
    allowed_mentions: noMentions(),
  };
}

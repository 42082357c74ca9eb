import {
  ButtonStyle,
  ComponentType,
  type APIActionRowComponent,
  type APIComponentInMessageActionRow,
  type APIEmbed,
  type APIEmbedField,
} from 'discord-api-types/v10';
import {
  alertSummary,
  BUTTON_LABELS,
  FIELD_NAMES,
  licenceFooter,
  lotLine,
  NO_DESCRIPTION,
  noticeValue,
  textCutNote,
  reasonLine,
  reservedLine,
  suitabilityText,
  reservationFieldName,
} from '../alerts/alert-text.js';
import { DIGEST_SECTIONS, digestHeading } from '../alerts/digest-text.js';
import type { OutboxKind } from '../alerts/delivery.js';
import { toContractRecord } from '../radar/contract.js';
import { radarSectionHeading, radarShortLine } from '../radar/radar-text.js';
import { describeDeadline } from '../notices/date-text.js';
import type { DeliveryKind } from '../alerts/route.js';
import type { MatchResult } from '../matching/match-result.js';
import { formatMoney } from '../notices/money.js';
import type { Notice } from '../notices/notice.js';
import { noticeTypeWords } from '../alerts/glossary.js';
import { escapeMarkdown, trimTo } from './markdown.js';

// The parts of what the bot posts about notices, as raw text and Discord shapes; messages.ts assembles them.

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
  rows: 5,
  buttonsPerRow: 5,
  customId: 100,
} as const;

/** How much of a notice's description an alert shows; the rest is on the notice page it links to. */
const DESCRIPTION_SHOWN = 1500;

/** An embed field from raw text: escaped, then fitted to Discord's limits. */
function field(name: string, value: string): APIEmbedField {
  return {
    name: trimTo(escapeMarkdown(name), LIMITS.fieldName),
    value: trimTo(escapeMarkdown(value), LIMITS.fieldValue) || '–',
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

/** A web address safe to send as a link: http(s), no spaces or angle brackets, at most 512 characters. */
export function isHttpUrl(url: string | null): url is string {
  if (!url || url.length > 512 || /[\s<>]/.test(url)) return false;
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
  /** A raw sentence added to the lead ("This may be the re-procurement of …"), or null. */
  note?: string | null;
}

function fields({ notice, match, areaLabel }: AlertInput): APIEmbedField[] {
  const out: APIEmbedField[] = [field(FIELD_NAMES.kind, noticeTypeWords(notice))];
  if (notice.buyer.name) {
    const region = notice.buyer.regionName ? ` (${notice.buyer.regionName})` : '';
    out.push(field(FIELD_NAMES.buyer, notice.buyer.name + region));
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
  // One lot is the whole contract (Find a Tender names it LOT-0000): never a lot (its value, when the notice
  // gives none, is the lead's).
  if (notice.lots.length > 1) {
    const lots = notice.lots.slice(0, SHOWN_LOTS).map((l) => lotLine(l.id, l.title, l.value));
    out.push(listField(FIELD_NAMES.lots(notice.lots.length), lots, notice.lots.length, 'lots'));
  }
  // Each area (by its name) and watchlist gives its first reasons; what is left out is counted, not lost.
  const rules = [
    ...(match?.areas ?? []).map((a) => ({ ...a, rule: areaLabel(a.rule) })),
    ...(match?.watchlists ?? []),
  ];
  const why = rules.flatMap((a) => a.reasons.slice(0, 2).map((r) => reasonLine(a.rule, r)));
  const reasons = rules.reduce((n, a) => n + a.reasons.length, 0);
  if (why.length > 0) out.push(listField(FIELD_NAMES.why, why.slice(0, SHOWN_REASONS), reasons, 'reasons'));
  return out.slice(0, LIMITS.fields);
}

const SHOWN_LOTS = 10;
const SHOWN_REASONS = 6;

/**
 * A field of lines, as many whole lines as fit in Discord's 1,024 characters, then "and N more lots" for
 * the `total` not shown (the notice has them all): the count is never the part cut off.
 */
function listField(name: string, lines: string[], total: number, what: string): APIEmbedField {
  const escaped = lines.map((l) => trimTo(escapeMarkdown(l), LIMITS.fieldValue - 40));
  const note = (shown: number) => (total > shown ? `\nand ${total - shown} more ${what}` : '');
  let shown = escaped.length;
  while (shown > 1 && escaped.slice(0, shown).join('\n').length + note(shown).length > LIMITS.fieldValue)
    shown--;
  return {
    name: trimTo(escapeMarkdown(name), LIMITS.fieldName),
    value: `${escaped.slice(0, shown).join('\n')}${note(shown)}` || '–',
    inline: false,
  };
}

const button = (
  style: ButtonStyle.Primary | ButtonStyle.Secondary | ButtonStyle.Success,
  label: string,
  id: string,
) => ({ type: ComponentType.Button, style, label, custom_id: id }) as const;

/** The embed's description, with a note at the end when the published text was longer than we read. */
function describe(notice: Notice): string {
  const note = textCutNote(notice.textCut);
  const text = escapeMarkdown(notice.description ?? NO_DESCRIPTION);
  return note
    ? `${trimTo(text, DESCRIPTION_SHOWN - note.length - 2)}\n\n${note}`
    : trimTo(text, DESCRIPTION_SHOWN);
}

/** The alert's embed: title linking to the notice, the start of its description, the details, the licence. */
export function alertEmbed(input: AlertInput): APIEmbed {
  const { notice } = input;
  return fitEmbed({
    title: trimTo(escapeMarkdown(notice.title), LIMITS.title),
    ...(isHttpUrl(notice.url) ? { url: notice.url } : {}),
    description: describe(notice),
    fields: fields(input),
    footer: { text: trimTo(licenceFooter(input.sourceLabel(notice.source)), LIMITS.footer) },
  });
}

/**
 * A link button to the notice and the four buttons whose ids (`tn:<action>:<notice row>`) survive restarts.
 */
export function alertButtons(
  notice: Notice,
  ref: number,
): APIActionRowComponent<APIComponentInMessageActionRow> {
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
  return {
    type: ComponentType.ActionRow,
    components: [
      ...link,
      button(ButtonStyle.Primary, BUTTON_LABELS.remind, `tn:remind:${ref}`),
      button(ButtonStyle.Secondary, BUTTON_LABELS.interested, `tn:interested:${ref}`),
      button(ButtonStyle.Secondary, BUTTON_LABELS.notRelevant, `tn:not-relevant:${ref}`),
      button(ButtonStyle.Success, BUTTON_LABELS.guide, `tn:guide:${ref}`),
    ],
  };
}

/** The alert's plain-text lead, raw (messages.ts escapes it), with the title kept to a readable length. */
export function alertLead(input: AlertInput): string {
  const notice = { ...input.notice, title: trimTo(input.notice.title, 300) };
  const lead = alertSummary(notice, input.match, input.kind, input.changes, input.now, input.areaLabel);
  return input.note ? `${lead} ${input.note}` : lead;
}

/** A short raw line for digests and /recent: "Title, Buyer. Closes Friday 12 December (in 9 days). <url>". */
export function noticeLine(notice: Notice, now: number): string {
  const deadline = notice.dates.tenderDeadline;
  const closes = deadline ? ` Closes ${describeDeadline(deadline, now)}.` : '';
  const money = noticeValue(notice);
  const value = money ? ` ${formatMoney(money)}.` : '';
  const buyer = notice.buyer.name ? `, ${trimTo(notice.buyer.name, 120)}` : '';
  const link = isHttpUrl(notice.url) ? ` ${notice.url}` : '';
  return `${trimTo(notice.title, 200)}${buyer}.${closes}${value}${link}`;
}

/** A digest's raw line for a contract coming up, with its award notice's link. */
function radarDigestLine(notice: Notice, now: number): string {
  const record = toContractRecord(notice, null);
  const text = record ? radarShortLine(record, now) : trimTo(notice.title, 200);
  return `${text}${isHttpUrl(notice.url) ? ` ${notice.url}` : ''}`;
}

export interface DigestEntry {
  notice: Notice;
  kind: OutboxKind;
  changes: string[];
}

/** A daily or weekly digest as raw blocks, in sections; an empty digest is no blocks at all. */
export function digestBlocks(entries: DigestEntry[], period: 'daily' | 'weekly', now: number): string[] {
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
    const lines = list.map((entry) => {
      if (entry.kind === 'radar') return radarDigestLine(entry.notice, now);
      const changes = entry.kind === 'update' && entry.changes.length > 0 ? entry.changes.join('; ') : null;
      return `${noticeLine(entry.notice, now)}${changes ? ` Changes: ${changes}.` : ''}`;
    });
    blocks.push(`${heading} (${list.length}):\n${lines.join('\n')}`);
  }
  return blocks;
}

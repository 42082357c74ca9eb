import {
  ButtonStyle,
  ComponentType,
  MessageFlags,
  type APIActionRowComponent,
  type APIAllowedMentions,
  type APIComponentInMessageActionRow,
  type RESTPostAPIChannelMessageJSONBody,
} from 'discord-api-types/v10';
import { overflowText } from '../alerts/digest-text.js';
import { BUTTON_LABELS } from '../alerts/alert-text.js';
import {
  alertButtons,
  alertEmbed,
  alertLead,
  digestBlocks,
  isHttpUrl,
  LIMITS,
  type AlertInput,
  type DigestEntry,
} from './embeds.js';
import { escapeMarkdown, packMessages, trimTo, type Block } from './markdown.js';
import type { ContractRecord } from '../radar/contract.js';
import { RADAR_BUTTONS, radarParagraphs } from '../radar/radar-text.js';

// The one builder of everything the bot sends: alerts, updates, digests, forum posts, webhook messages,
// direct messages, guides, reminders, interaction replies and follow-ups. Every body leaves here with its
// text escaped and an allow-list of mentions that names no one (or, on a subscription's alerts, exactly the
// one role its coordinator chose), and within Discord's limits. Only this module can make the types the
// transport and the interactions accept; the linter refuses `allowed_mentions` anywhere else.

declare const outgoing: unique symbol;

/** A message body made here, and only here: the only kind the transport will send. */
export type OutgoingMessage = RESTPostAPIChannelMessageJSONBody & { readonly [outgoing]: true };

type Row = APIActionRowComponent<APIComponentInMessageActionRow>;

/** An interaction reply made here, and only here: the only kind command and button handlers can give. */
export type OutgoingReply = {
  content: string;
  flags: number;
  components?: Row[];
  files?: { attachment: Buffer; name: string }[];
  allowedMentions: { parse: []; roles?: string[] };
} & { readonly [outgoing]: true };

declare const edit: unique symbol;

/**
 * A reply as the edit that fills a deferred answer. Discord's Edit Original Interaction Response takes only
 * SUPPRESS_EMBEDS and IS_COMPONENTS_V2 among the flags; whether the answer is private was fixed by the
 * deferral, so an edit never carries Ephemeral.
 */
export type OutgoingEdit = Omit<OutgoingReply, 'flags'> & { flags?: number } & { readonly [edit]: true };

/** Where a message goes, which decides what it may carry. */
export interface Destination {
  kind: 'channel' | 'forum' | 'webhook' | 'direct';
  /** The one role a subscription's coordinator chose to be mentioned on its alerts (digits only). */
  mentionRoleId?: string | null;
}

const ROLE_ID = /^\d{15,25}$/;

function allowList(roleId: string | null | undefined): APIAllowedMentions {
  return roleId && ROLE_ID.test(roleId) ? { parse: [], roles: [roleId] } : { parse: [] };
}

function rolePrefix(roleId: string | null | undefined): string {
  return roleId && ROLE_ID.test(roleId) ? `<@&${roleId}> ` : '';
}

/** Keeps components within Discord's limits: 5 rows of 5, custom ids of at most 100 characters. */
function fitComponents(rows: Row[]): Row[] {
  return rows.slice(0, LIMITS.rows).map((row) => ({
    ...row,
    components: row.components
      .filter((c) => !('custom_id' in c) || c.custom_id.length <= LIMITS.customId)
      .slice(0, LIMITS.buttonsPerRow),
  }));
}

const seal = (body: RESTPostAPIChannelMessageJSONBody) => body as OutgoingMessage;

/**
 * The alert for one notice: its plain-text lead (with the chosen role first, when the subscription named
 * one), an embed with the details, and the buttons. Webhooks made by people cannot carry buttons, so there
 * the notice link goes in the text instead.
 */
export function alertMessage(input: AlertInput, to: Destination): OutgoingMessage {
  const role = to.kind === 'direct' ? null : to.mentionRoleId;
  const link = to.kind === 'webhook' && isHttpUrl(input.notice.url) ? input.notice.url : null;
  const lead = escapeMarkdown(alertLead(input));
  const linkLine = link ? `\n${BUTTON_LABELS.open}: ${link}` : '';
  const prefix = rolePrefix(role);
  const content = `${prefix}${trimTo(lead, LIMITS.content - prefix.length - linkLine.length)}${linkLine}`;
  return seal({
    content,
    embeds: [alertEmbed(input)],
    ...(to.kind === 'webhook'
      ? {}
      : { components: fitComponents([alertButtons(input.notice, input.noticeRef)]) }),
    allowed_mentions: allowList(role),
  });
}

/**
 * Escaped paragraphs in `max` characters: those at `giving` give way, in that order (a radar post's history
 * of changes, then its lead); the others (the notice already about what comes next, what to do now) stay
 * whole.
 */
function fitParagraphs(parts: string[], max: number, giving: number[]): string {
  const joined = (p: string[]) => p.join('\n\n');
  const out = [...parts];
  for (const i of giving) {
    const over = joined(out).length - max;
    if (over <= 0) break;
    const part = out[i] ?? '';
    out[i] = trimTo(part, Math.max(40, part.length - over));
  }
  return trimTo(joined(out), max);
}

export interface RadarMessageInput {
  contract: ContractRecord;
  /** The title of a notice already published about the contract's replacement, when one is linked (raw). */
  successor: string | null;
  now: number;
  areaLabel: (id: string) => string;
  /** The contract notice's row id, for button ids that survive restarts. */
  noticeRef: number;
}

/**
 * A radar "coming up" announcement: plain text (the lead, what later notices did, any notice already
 * published about what comes next, what to do now), every notice word escaped; a link to the award notice,
 * "Remind me" (12 and 6 months before the end) and "Not relevant". Webhooks carry no buttons, so there the
 * link goes in the text. It mentions no one (not even the subscription's role: it is not a new opportunity).
 */
export function radarMessage(input: RadarMessageInput, to: Destination): OutgoingMessage {
  const { contract } = input;
  const url = isHttpUrl(contract.url) ? contract.url : null;
  const linkLine = to.kind === 'webhook' && url ? `\n\n${RADAR_BUTTONS.open}: ${url}` : '';
  const paragraphs = radarParagraphs(contract, input.now, input.areaLabel, input.successor).map(
    escapeMarkdown,
  );
  // radarParagraphs: the lead, then the history of changes when there is one, then the rest.
  const giving = contract.history.length > 0 ? [1, 0] : [0];
  const text = fitParagraphs(paragraphs, LIMITS.content - linkLine.length, giving);
  const link = url
    ? [
        {
          type: ComponentType.Button as const,
          style: ButtonStyle.Link as const,
          label: RADAR_BUTTONS.open,
          url,
        },
      ]
    : [];
  const button = (style: ButtonStyle.Primary | ButtonStyle.Secondary, label: string, id: string) =>
    ({ type: ComponentType.Button, style, label, custom_id: id }) as const;
  const ref = input.noticeRef;
  const row: Row = {
    type: ComponentType.ActionRow,
    components: [
      ...link,
      button(ButtonStyle.Primary, RADAR_BUTTONS.remind, `tn:radar-remind:${ref}`),
      button(ButtonStyle.Secondary, RADAR_BUTTONS.notRelevant, `tn:not-relevant:${ref}`),
    ],
  };
  return seal({
    content: `${text}${linkLine}`,
    ...(to.kind === 'webhook' ? {} : { components: fitComponents([row]) }),
    allowed_mentions: allowList(null),
  });
}

/**
 * Plain text as messages: each block escaped and packed into messages of at most 2,000 characters, split
 * at paragraphs, lines or sentences and never cut. Link previews are off (a digest of twenty links would
 * otherwise be twenty previews). The role, when given, is mentioned once, at the start of the first.
 */
export function textMessages(blocks: Block[], to: Destination): OutgoingMessage[] {
  const role = to.kind === 'direct' ? null : to.mentionRoleId;
  const prefix = rolePrefix(role);
  const parts = packMessages(blocks, LIMITS.content - prefix.length);
  return parts.map((content, index) =>
    seal({
      content: index === 0 ? `${prefix}${content}` : content,
      flags: MessageFlags.SuppressEmbeds,
      allowed_mentions: index === 0 ? allowList(role) : allowList(null),
    }),
  );
}

/** A daily or weekly digest in sections, as many messages as it needs; an empty digest is no messages. */
export function digestMessages(
  entries: DigestEntry[],
  period: 'daily' | 'weekly',
  now: number,
  to: Destination,
): OutgoingMessage[] {
  return textMessages(digestBlocks(entries, period, now), to);
}

/** The one line a channel gets when it reaches its daily limit (no role: it is not an alert). */
export function overflowMessage(cap: number, to: Destination): OutgoingMessage {
  const [message] = textMessages([overflowText(cap)], { kind: to.kind });
  if (!message) throw new Error('the daily-limit note is never empty');
  return message;
}

/**
 * A message with what delivery adds: the nonce Discord uses to drop a repeat (channels and direct messages
 * only; forums and webhooks take none), and the message an update replies to.
 */
export function forDelivery(
  body: OutgoingMessage,
  extra: { nonce?: string; replyTo?: string | null },
): OutgoingMessage {
  return seal({
    ...body,
    ...(extra.nonce ? { nonce: extra.nonce.slice(0, 25), enforce_nonce: true } : {}),
    ...(extra.replyTo ? { message_reference: { message_id: extra.replyTo, fail_if_not_exists: false } } : {}),
  });
}

/** A forum post's title: one line, at most 100 characters (Discord renders no markdown there). */
export function threadName(title: string): string {
  return trimTo(title.replace(/\s+/g, ' ').trim() || 'Tender Nudge', LIMITS.threadName);
}

export interface ReplyExtras {
  /** Buttons, on the last part. */
  components?: Row[];
  /** Files, on the last part. */
  files?: { attachment: Buffer; name: string }[];
}

/**
 * A private (ephemeral) reply in as many parts as its text needs (the first answers the interaction, the
 * rest follow up), each within 2,000 characters, never cut.
 */
export function privateReply(blocks: Block | Block[], extras: ReplyExtras = {}): OutgoingReply[] {
  const parts = packMessages(Array.isArray(blocks) ? blocks : [blocks], LIMITS.content);
  if (parts.length === 0) parts.push('–');
  return parts.map((content, index) => {
    const last = index === parts.length - 1;
    return {
      content,
      flags: MessageFlags.Ephemeral,
      ...(last && extras.components ? { components: fitComponents(extras.components) } : {}),
      ...(last && extras.files ? { files: extras.files } : {}),
      allowedMentions: { parse: [] },
    } as OutgoingReply;
  });
}

/** The flags Discord's message-edit endpoints accept. */
const EDIT_FLAGS = MessageFlags.SuppressEmbeds | MessageFlags.IsComponentsV2;

/** A reply (from this module) as the edit of a deferred answer: the same body, without Ephemeral. */
export function asEdit(reply: OutgoingReply): OutgoingEdit {
  const { flags, ...body } = reply;
  const kept = flags & EDIT_FLAGS;
  return { ...body, ...(kept ? { flags: kept } : {}) } as OutgoingEdit;
}

/** A line of a page: raw text, or raw text and a web address kept whole at its end however it is cut. */
export type PageLine = string | { text: string; link: string | null };

/**
 * One private message that must stand alone (a page of a list, updated in place by its buttons): a heading
 * and lines, each line shortened as much as needed so the page fits in 2,000 characters (a line's link is
 * never cut: its text is).
 */
export function pageReply(heading: string, lines: PageLine[], components: Row[]): OutgoingReply {
  const parts = lines.map((line) =>
    typeof line === 'string'
      ? { text: escapeMarkdown(line), tail: '' }
      : { text: escapeMarkdown(line.text), tail: isHttpUrl(line.link) ? ` ${line.link}` : '' },
  );
  // The lines keep at least a short text and their whole link each: a long heading gives way to them.
  const reserve = parts.reduce((n, p) => n + Math.min(p.text.length, PAGE_LINE_MIN) + p.tail.length + 1, 0);
  const head = fitHeading(escapeMarkdown(heading), LIMITS.content - reserve);
  // The room left after the heading, the line breaks and every line's link is shared among the lines' texts.
  const tails = parts.reduce((n, p) => n + p.tail.length, 0);
  const each = Math.floor((LIMITS.content - head.length - parts.length - tails) / Math.max(1, parts.length));
  const fitted = parts.map((p) => `${trimTo(p.text, Math.max(20, each))}${p.tail}`);
  // Should the shortest texts still not fit, whole lines go from the end (a link is never cut in half).
  while (fitted.length > 1 && [head, ...fitted].join('\n').length > LIMITS.content) fitted.pop();
  const content = trimTo([head, ...fitted].join('\n'), LIMITS.content);
  return {
    content,
    flags: MessageFlags.Ephemeral,
    components: fitComponents(components),
    allowedMentions: { parse: [] },
  } as OutgoingReply;
}

/** The fewest characters of a page line's own text kept before its heading is shortened. */
const PAGE_LINE_MIN = 60;

/**
 * A page's heading within `room`: whole lines dropped from the end of all but its last line (the list's own
 * heading), with a line saying so, so that no web address in it is cut in half.
 */
function fitHeading(head: string, room: number): string {
  if (head.length <= room) return head;
  const lines = head.split('\n');
  const last = lines.pop() ?? '';
  const note = '(Shortened to fit; the rest is on the notices.)';
  while (lines.length > 0 && [...lines, note, last].join('\n').length > room) lines.pop();
  return lines.length > 0 ? [...lines, note, last].join('\n') : trimTo(last, Math.max(40, room));
}

/** A line that links a channel (rendered by Discord as its name; a channel link pings no one). */
export function channelLine(before: string, channelId: string, after: string): Block {
  const id = /^\d{15,25}$/.test(channelId) ? `<#${channelId}>` : escapeMarkdown(channelId);
  return { escaped: `${escapeMarkdown(before)}${id}${escapeMarkdown(after)}` };
}

/** The button row type, for handlers that build navigation. */
export type ButtonRow = Row;
export const ACTION_ROW = ComponentType.ActionRow;

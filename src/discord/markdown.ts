// Text made inert for Discord, and long text split where a reader expects a break. Only messages.ts (the one
// builder of what the bot sends) calls these; nothing else escapes or cuts text.

import { sliceWhole } from '../notices/text.js';

/** A bare web address: Discord links it as written and applies no markdown inside it, so it is kept whole. */
const URL_RE = /https?:\/\/[^\s<>"'`|\\]+/g;

/**
 * Characters that start or end Discord markdown (emphasis, code, spoilers, masked links, mentions, quotes).
 */
const SIGILS = /[\\*_~`|[\]<>]/g;
const SIGIL = /^[\\*_~`|[\]<>]$/;

/** Marks that change a whole line: headings (#, ##, ###), subtext (-#), lists (-, +, 1.). */
const LINE_START = /^([ \t]*)(#+|-#|[-+](?=\s)|\d+(?=\.\s))/gm;

function escapeRun(text: string): string {
  return text.replace(SIGILS, (c) => `\\${c}`);
}

/**
 * Notice text (or any text) as Discord shows it literally: every markdown sigil is escaped, so
 * "[link](https://evil)" shows its address, "<@&role>" and "<@123>" are text, "# " and "-# " do not shout or
 * shrink, "1. " is not a list; "@everyone" and "@here" are broken with a zero-width space. Web addresses are
 * kept whole (Discord links them as written). A mention is still impossible because every message also
 * carries an allow-list that names no one.
 */
export function escapeMarkdown(text: string): string {
  let out = '';
  let last = 0;
  for (const match of text.matchAll(URL_RE)) {
    const end = match.index + match[0].length;
    // Discord's link would swallow an escape written right after it, so a space keeps them apart.
    const gap = SIGIL.test(text.charAt(end)) ? ' ' : '';
    out += escapeRun(text.slice(last, match.index)) + match[0] + gap;
    last = end;
  }
  out += escapeRun(text.slice(last));
  return out
    .replace(LINE_START, (_m, indent: string, mark: string) =>
      /^\d/.test(mark) ? `${indent}${mark}\\` : `${indent}\\${mark}`,
    )
    .replace(MASS_MENTION, '@\u200b$1');
}

/**
 * `@everyone` and `@here` wherever they occur, broken with a zero-width space (allowed_mentions already stops
 * any ping). Inside a word or an address too: Discord's parser starts a mention at any "@", so
 * `commissioning@herefordshire.gov.uk` gets the invisible space as well (test/support/inert.ts models this).
 */
const MASS_MENTION = /@(everyone|here)/gi;

/** Shortens to `max` characters with an ellipsis, never leaving half of an escape at the end. */
export function trimTo(text: string, max: number): string {
  if (text.length <= max) return text;
  let cut = sliceWhole(text, Math.max(0, max - 1)).trimEnd();
  // An odd run of backslashes at the end would escape the ellipsis: drop the dangling one.
  const slashes = /\\+$/.exec(cut)?.[0].length ?? 0;
  if (slashes % 2 === 1) cut = cut.slice(0, -1);
  return `${cut}…`;
}

/**
 * A block of a message: raw text (escaped here), or a short line already escaped by its builder because it
 * holds a reference Discord should render (a channel link).
 */
export type Block = string | { escaped: string };

/** Where a too-long piece of text may break, best first: paragraphs, lines, sentences, words. */
const BREAKS = ['\n\n', '\n', '. ', '; ', ', ', ' '];

/** Splits one piece of text into parts of at most `max` characters at the best break available. */
function splitText(text: string, max: number): string[] {
  if (text.length <= max) return [text];
  for (const mark of BREAKS) {
    const at = text.lastIndexOf(mark, max - mark.length);
    if (at > max / 4) {
      const head = text.slice(0, at + mark.trimEnd().length).trimEnd();
      return [head, ...splitText(text.slice(at + mark.length).trimStart(), max)];
    }
  }
  // One word longer than a message (a pasted hash, say): cut it, as nothing else is possible.
  // A limit of one unit cannot hold a pair: then the pair is split rather than loop for ever.
  const head = sliceWhole(text, max) || text.slice(0, max);
  return [head, ...splitText(text.slice(head.length), max)];
}

/**
 * Blocks of raw text as escaped messages of at most `max` characters each: blocks are packed together
 * (separated by a blank line, or `joiner`) and only a block too long for one message is broken, at a
 * paragraph, line, sentence or word. Each part is escaped after it is split, so a break can never turn
 * the start of a line into a heading; a part that grows past `max` when escaped is split again.
 */
export function packMessages(blocks: Block[], max: number, joiner = '\n\n'): string[] {
  const out: string[] = [];
  let current = '';
  for (const block of blocks.filter((b) => (typeof b === 'string' ? b : b.escaped).trim().length > 0)) {
    const parts =
      typeof block === 'string'
        ? splitText(block, max).flatMap((part) => fitEscaped(part, max))
        : [trimTo(block.escaped, max)];
    // A block that had to be broken gets messages of its own, so its parts read on from one to the next.
    const last = parts.pop() ?? '';
    if (parts.length > 0) {
      if (current) out.push(current);
      out.push(...parts);
      current = last;
    } else if (current && current.length + joiner.length + last.length > max) {
      out.push(current);
      current = last;
    } else current = current ? `${current}${joiner}${last}` : last;
  }
  if (current) out.push(current);
  return out;
}

function fitEscaped(raw: string, max: number): string[] {
  const escaped = escapeMarkdown(raw);
  if (escaped.length <= max) return [escaped];
  const smaller = Math.max(1, Math.floor((max * raw.length) / escaped.length) - 8);
  return splitText(raw, smaller).flatMap((part) => fitEscaped(part, max));
}

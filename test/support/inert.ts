import fc from 'fast-check';
import { expect } from 'vitest';
import { assertWithinLimits } from './limits.js';

// An independent reading of Discord markdown (not the escaper's own code): what in a body would render as
// something other than text, or reach someone. Used by the property tests over every path the bot sends.

const PUNCTUATION = /[!-/:-@[-`{-~]/;
const SIGILS = new Set(['*', '_', '~', '`', '|', '[', ']', '<', '>']);

/** Problems in one piece of text: unescaped sigils, line marks, and @everyone/@here that would render. */
export function renderedMarkup(text: string): string[] {
  const problems: string[] = [];
  // Bare links render as links, with no markdown inside them (Discord's link rule comes first).
  const plain = text.replace(/https?:\/\/\S+/g, (url) => ' '.repeat(url.length));
  for (const line of plain.split('\n')) {
    const start = /^[ \t]*(#+\s|-#\s|[-+*]\s|>|\d+\.\s)/.exec(line);
    if (start) problems.push(`line starts with a mark: ${JSON.stringify(line.slice(0, 40))}`);
  }
  for (let i = 0; i < plain.length; i++) {
    const c = plain.charAt(i);
    if (c === '\\' && PUNCTUATION.test(plain.charAt(i + 1))) {
      i++;
      continue;
    }
    if (SIGILS.has(c))
      problems.push(`unescaped ${c} at ${i}: ${JSON.stringify(plain.slice(i - 10, i + 10))}`);
    if (c === '@' && /^@(everyone|here)/i.test(plain.slice(i)))
      problems.push(`@${plain.slice(i + 1, i + 9)}`);
  }
  return problems;
}

/** A Discord body (message or reply) as the places text shows: content, embed title, description, fields. */
export function textsOf(body: {
  content?: string;
  embeds?: { title?: string; description?: string; fields?: { name: string; value: string }[] }[];
}): string[] {
  return [
    body.content ?? '',
    ...(body.embeds ?? []).flatMap((e) => [
      e.title ?? '',
      e.description ?? '',
      ...(e.fields ?? []).flatMap((f) => [f.name, f.value]),
    ]),
  ];
}

/**
 * Hostile notice text: mentions of every kind, masked links, headings and subtext at line starts, lists,
 * quotes, every markdown sigil, zero-width tricks and links with markdown in them.
 */
export const HOSTILE_PIECES = [
  '@everyone',
  '@here',
  '<@&123456789012345678>',
  '<@123456789012345678>',
  '<@!123456789012345678>',
  '<#123456789012345678>',
  '<t:1700000000:F>',
  '</subscribe:123456789012345678>',
  '<:emoji:123456789012345678>',
  '[click here](https://evil.example/steal)',
  '[https://good.example](https://evil.example)',
  '**bold** __underline__ ~~strike~~ `code` ```block``` ||spoiler||',
  '\n# Heading',
  '\n## Heading two',
  '\n### Heading three',
  '\n-# subtext',
  '\n> quote',
  '\n>>> block quote',
  '\n- list item',
  '\n* star item',
  '\n1. numbered',
  '\\',
  '\\*not escaped*',
  '\u200b@\u200beveryone',
  'https://example.gov.uk/a_b*c*',
  'https://example.gov.uk/x<@&123456789012345678>',
  '_underscore_',
  'é 日本 🙂',
] as const;

/** Hostile notice text for the property tests: up to 12 of the pieces above and random strings. */
export const hostileText = fc
  .array(fc.oneof(fc.constantFrom(...HOSTILE_PIECES), fc.string({ maxLength: 40 })), {
    minLength: 1,
    maxLength: 12,
  })
  .map((parts) => parts.join(' '));

/**
 * One body the bot sent (or answered with): every text in it renders as text, it mentions no one but
 * `role` (and then names it first), and it fits Discord's limits.
 */
export function checkInert(body: Record<string, any>, where: string, role: string): void {
  for (const text of textsOf(body)) {
    const stripped = text.startsWith(`<@&${role}> `) ? text.slice(role.length + 5) : text;
    expect(renderedMarkup(stripped), `${where}: ${JSON.stringify(stripped.slice(0, 200))}`).toEqual([]);
  }
  const allowed = body.allowed_mentions ?? body.allowedMentions;
  expect([{ parse: [] }, { parse: [], roles: [role] }]).toContainEqual(allowed);
  if (allowed?.roles) expect(String(body.content).startsWith(`<@&${role}> `)).toBe(true);
  assertWithinLimits({ ...body, allowed_mentions: allowed });
}

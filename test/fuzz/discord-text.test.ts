import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { handleCommand } from '../../src/discord/dispatcher.js';
import { LIMITS } from '../../src/discord/embeds.js';
import { escapeMarkdown } from '../../src/discord/markdown.js';
import { alertMessage } from '../../src/discord/messages.js';
import { buildNotice } from '../support/builders.js';
import { deliveryWorld } from '../support/delivery.js';
import { commandContext, fakeInteraction } from '../support/interactions.js';
import { realMatch } from '../support/matcher.js';

const nasty = fc.oneof(
  fc.string({ maxLength: 200 }),
  fc.string({ minLength: 5_500, maxLength: 6_500 }),
  fc.constantFrom(
    '@everyone',
    '@here',
    '<@&123456789012345678>',
    '<@123456789012345678>',
    '[click](https://evil.example)',
    '**bold** __u__ ~~s~~ `code` ```block```',
    '# Heading',
    '> quote',
    '\u200b@\u200beveryone',
    'advoca(cy|te)+',
    '.*',
    '\\',
    '||spoiler||',
  ),
  fc
    .array(
      fc.constantFrom('@everyone ', '<@&1> ', '[x](y) ', 'advocacy ', '\u200b', '*', '_', '\n', 'é', '日本'),
      { maxLength: 60 },
    )
    .map((parts) => parts.join('')),
);

/** No mention can be formed from the text, and no masked link survives unescaped. */
function assertInert(text: string): void {
  expect(text).not.toMatch(/(^|[^\\])@(everyone|here)/);
  expect(text).not.toMatch(/(^|[^\\])<@[&!]?\d+/);
  expect(text).not.toMatch(/(^|[^\\])\[[^\]]*(?<!\\)\]\(/);
}

describe('fuzzing what reaches Discord', () => {
  it('notice text never pings, never hides a link, and always fits the limits', () => {
    fc.assert(
      fc.property(nasty, nasty, nasty, (title, description, buyer) => {
        const notice = buildNotice({
          title: title || 'x',
          description,
          buyer: { ...buildNotice().buyer, name: buyer || null },
        });
        const message = alertMessage(
          {
            notice,
            match: realMatch(notice),
            kind: 'new',
            changes: [],
            now: Date.parse('2026-09-01T00:00:00Z'),
            areaLabel: (a) => a,
            sourceLabel: (s) => s,
            noticeRef: 1,
          },
          { kind: 'channel' },
        );
        expect(message.allowed_mentions).toEqual({ parse: [] });
        expect((message.content ?? '').length).toBeLessThanOrEqual(LIMITS.content);
        const embed = message.embeds?.[0];
        expect((embed?.title ?? '').length).toBeLessThanOrEqual(LIMITS.title);
        expect((embed?.description ?? '').length).toBeLessThanOrEqual(LIMITS.description);
        expect((embed?.fields ?? []).length).toBeLessThanOrEqual(LIMITS.fields);
        const total =
          (embed?.title?.length ?? 0) +
          (embed?.description?.length ?? 0) +
          (embed?.footer?.text.length ?? 0) +
          (embed?.fields ?? []).reduce((n, f) => n + f.name.length + f.value.length, 0);
        expect(total).toBeLessThanOrEqual(LIMITS.embedTotal);
        for (const field of embed?.fields ?? [])
          expect(field.value.length).toBeLessThanOrEqual(LIMITS.fieldValue);
        assertInert(message.content ?? '');
        assertInert(embed?.title ?? '');
        assertInert(embed?.description ?? '');
      }),
      { numRuns: 300 },
    );
  });

  it('escapeMarkdown leaves nothing that renders as a mention or masked link', () => {
    fc.assert(
      fc.property(nasty, (text) => assertInert(escapeMarkdown(text))),
      { numRuns: 500 },
    );
  });

  it('every slash-command option string gets a reply within Discord limits, mentioning no one', async () => {
    const w = deliveryWorld();
    const ctx = commandContext(w);
    const cases = fc.tuple(
      fc.constantFrom(
        ['subscribe', undefined, 'areas'],
        ['subscribe', undefined, 'regions'],
        ['subscribe', undefined, 'timezone'],
        ['subscribe', undefined, 'webhook_url'],
        ['subscribe', undefined, 'stages'],
        ['watchlist', 'create', 'id'],
        ['watchlist', 'add', 'value'],
        ['watchlist', 'show', 'id'],
        ['explain', undefined, 'notice'],
        ['recent', undefined, 'area'],
        ['glossary', undefined, 'term'],
        ['guide', undefined, 'notice'],
        ['profile', undefined, 'areas'],
      ),
      nasty,
    );
    await fc.assert(
      fc.asyncProperty(cases, async ([[commandName, subcommand, option], value]) => {
        const options: Record<string, string> = {
          [option ?? 'x']: value,
          ...(subcommand === 'add' ? { id: 'w', kind: 'phrase' } : {}),
          ...(subcommand === 'create' ? { name: 'N' } : {}),
        };
        const interaction = fakeInteraction({ commandName: commandName ?? 'help', subcommand, options });
        await handleCommand(interaction, ctx);
        expect(interaction.replies.length).toBeGreaterThan(0);
        for (const reply of interaction.replies) {
          expect(reply.content.length).toBeLessThanOrEqual(LIMITS.content);
          expect(reply.allowedMentions).toEqual({ parse: [] });
          expect(reply.seenPrivately).toBe(true);
        }
      }),
      { numRuns: 250 },
    );
  });
});

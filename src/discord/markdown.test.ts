import { describe, expect, it } from 'vitest';
import { renderedMarkup } from '../../test/support/inert.js';
import { escapeMarkdown, packMessages, trimTo } from './markdown.js';

describe('escapeMarkdown', () => {
  it('makes headings of every level, subtext, lists and quotes literal', () => {
    const text = '# One\n## Two\n### Three\n-# small\n- item\n+ plus\n1. first\n> quote';
    const escaped = escapeMarkdown(text);
    expect(escaped).toBe(
      '\\# One\n\\## Two\n\\### Three\n\\-# small\n\\- item\n\\+ plus\n1\\. first\n\\> quote',
    );
    expect(renderedMarkup(escaped)).toEqual([]);
  });

  it('escapes a numbered line after the number, so no backslash shows', () => {
    // "\1." shows its backslash (1 is not punctuation); "1\." shows "1.".
    expect(escapeMarkdown('2. Lot two')).toBe('2\\. Lot two');
  });

  it('keeps web addresses whole and shows a masked link as text', () => {
    expect(escapeMarkdown('See https://www.example.gov.uk/tender_docs/a*b.pdf now')).toBe(
      'See https://www.example.gov.uk/tender_docs/a*b.pdf now',
    );
    expect(escapeMarkdown('[click](https://evil.example)')).toBe('\\[click\\](https://evil.example)');
  });

  it('leaves a space between a link and an escape after it, which the link would swallow', () => {
    expect(escapeMarkdown('https://a.example/x<@&1>')).toBe('https://a.example/x \\<@&1\\>');
  });

  it('breaks @everyone and @here and escapes mentions', () => {
    expect(escapeMarkdown('@everyone <@&123> @here')).toBe('@\u200beveryone \\<@&123\\> @\u200bhere');
  });
});

describe('packMessages', () => {
  it('packs short blocks together and never exceeds the limit', () => {
    expect(packMessages(['a', 'b', 'c'], 2000)).toEqual(['a\n\nb\n\nc']);
    const blocks = Array.from({ length: 40 }, (_, i) => `Paragraph ${i}: ${'word '.repeat(20)}`);
    const parts = packMessages(blocks, 500);
    for (const part of parts) expect(part.length).toBeLessThanOrEqual(500);
    expect(parts.join('\n\n').replace(/\s+/g, ' ')).toBe(blocks.join('\n\n').replace(/\s+/g, ' '));
  });

  it('splits a long paragraph at sentences, not mid-word, and loses nothing', () => {
    const sentence = 'The buyer will reserve this contract for supported employment providers. ';
    const long = sentence.repeat(60).trim();
    const parts = packMessages([long], 2000);
    expect(parts.length).toBeGreaterThan(1);
    for (const part of parts) {
      expect(part.length).toBeLessThanOrEqual(2000);
      expect(part.endsWith('.')).toBe(true);
    }
    expect(parts.join(' ')).toBe(long);
  });

  it('escapes after splitting, so a break can never start a heading', () => {
    const text = `${'x '.repeat(990)}# not a heading ${'y '.repeat(50)}`;
    for (const part of packMessages([text], 2000)) expect(renderedMarkup(part)).toEqual([]);
  });

  it('keeps a part within the limit when escaping makes it longer', () => {
    const parts = packMessages(['*'.repeat(3000)], 2000);
    for (const part of parts) expect(part.length).toBeLessThanOrEqual(2000);
    expect(parts.join('').replace(/\\/g, '')).toBe('*'.repeat(3000));
  });
});

describe('trimTo', () => {
  it('never leaves half an escape before the ellipsis', () => {
    expect(trimTo('ab\\*cd', 4)).toBe('ab…');
    expect(trimTo('short', 10)).toBe('short');
  });
});

// Found by an outside check against Discord's docs (2026-12-03): cuts split emoji in half.
describe('cuts that keep text whole', () => {
  const loneHalf = (text: string) =>
    /[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/.test(text);

  it('never leaves half of a surrogate pair at a cut, wherever the cut falls', () => {
    const emoji = '😀'.repeat(300);
    for (let max = 2; max < 40; max++) {
      expect(loneHalf(trimTo(emoji, max))).toBe(false);
      expect(trimTo(emoji, max).length).toBeLessThanOrEqual(max);
      expect(loneHalf(trimTo(`a${emoji}`, max))).toBe(false);
    }
    const parts = packMessages([emoji], 99);
    expect(parts.join('')).toBe(emoji);
    for (const part of parts) {
      expect(part.length).toBeLessThanOrEqual(99);
      expect(loneHalf(part)).toBe(false);
    }
  });
});

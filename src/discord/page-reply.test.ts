import { describe, expect, it } from 'vitest';
import { pageReply } from './messages.js';

// Found by an outside check (2026-12-03): /buyer's first page put its whole summary (three open and three
// early notices with links, and contacts) in the heading, and the page was then cut to 2,000 characters as a
// whole: every contract line and its link was lost without a word.
describe('a page of a list', () => {
  const title = 'Provision of independent advocacy services '.repeat(5).slice(0, 200);
  const link = (i: number) => `https://www.find-tender.service.gov.uk/Notice/0${i}1234-2026`;
  const heading = [
    ...Array.from({ length: 6 }, (_, i) => `- ${title} ${link(i)}`),
    'Contacts: commissioning@herefordshire.gov.uk, 01432 260000',
    'Contracts in the service areas, newest first (page 1 of 3):',
  ].join('\n');
  const lines = Array.from({ length: 5 }, (_, i) => ({ text: `${title} (${i})`, link: link(i + 6) }));

  it('keeps every line and its whole link when the heading is long, saying the heading was shortened', () => {
    expect(heading.length).toBeGreaterThan(1_400);
    const content = String(pageReply(heading, lines, []).content);
    expect(content.length).toBeLessThanOrEqual(2_000);
    for (let i = 0; i < 5; i++) expect(content).toContain(link(i + 6));
    expect(content).toContain('Contracts in the service areas, newest first (page 1 of 3):');
    expect(content).toContain('(Shortened to fit; the rest is on the notices.)');
    // The heading's own links are dropped whole or kept whole, never cut.
    for (const url of content.match(/https:\/\/\S+/g) ?? []) expect(url).toMatch(/\/Notice\/0\d+1234-2026$/);
  });

  it('leaves a heading that fits as it is', () => {
    const content = String(pageReply('Short heading:', lines.slice(0, 2), []).content);
    expect(content.startsWith('Short heading:\n')).toBe(true);
    expect(content).not.toContain('Shortened');
  });
});

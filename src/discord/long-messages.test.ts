import { describe, expect, it } from 'vitest';
import { buildNotice } from '../../test/support/builders.js';
import { toContractRecord } from '../radar/contract.js';
import { RADAR_ADVICE } from '../radar/radar-text.js';
import { pageReply, radarMessage } from './messages.js';

const NOW = Date.parse('2026-09-03T09:00:00Z');

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

// Found by the same check: a radar post was cut to 2,000 characters as a whole, so a contract changed many
// times lost "what to do now" (the one part a person acts on) and any notice already about what comes next.
describe('a radar announcement', () => {
  it('keeps its advice and its successor whole; the history of changes gives way', () => {
    const notice = buildNotice({
      stage: 'award',
      noticeType: 'UK6',
      title: 'Provision of independent advocacy services '.repeat(5).slice(0, 200),
      awards: [
        {
          id: 'a',
          status: 'active',
          date: '2024-01-01T00:00:00Z',
          suppliers: [{ name: 'Advocacy Partners', id: null }],
          value: null,
          contractPeriod: { start: '2024-01-01T00:00:00Z', end: '2027-12-31T23:59:00Z', maxExtent: null },
          relatedLots: [],
          cpv: [],
          deliveryRegions: [],
        },
      ],
    });
    const record = toContractRecord(notice, null);
    if (!record) throw new Error('not a contract');
    const history = Array.from({ length: 6 }, (_, i) => ({
      noticeType: 'UK10',
      kind: 'modified' as const,
      releaseId: `0${i}1234-2025`,
      date: `2025-0${(i % 9) + 1}-01T00:00:00Z`,
      endFrom: '2027-12-31T23:59:00Z',
      endTo: `2028-0${(i % 9) + 1}-28T23:59:00Z`,
      maxExtentFrom: null,
      maxExtentTo: null,
    }));
    // A long successor title: it is the history that gives way, never the notice about what comes next.
    const successor =
      `Independent advocacy services from 2028: ${'lots for each district, '.repeat(36)}`.trim();
    const body = radarMessage(
      { contract: { ...record, history }, successor, now: NOW, areaLabel: (a) => a, noticeRef: 1 },
      { kind: 'channel', mentionRoleId: null },
    );
    const content = String(body.content);
    expect(content.length).toBeLessThanOrEqual(2_000);
    expect(content.endsWith(RADAR_ADVICE)).toBe(true);
    expect(content).toContain(`already published a notice about what comes next: ${successor}.`);
  });
});

// Found by a review of the change: every line got the same share, so with some lines linked and some not the
// page ran 25 characters over and the last link was cut in half.
describe('a page of linked and unlinked lines', () => {
  it('keeps every link whole when lines with and without links alternate under a long heading', () => {
    const title = 'Provision of independent advocacy services '.repeat(5).slice(0, 200);
    // The shape found by searching sizes against the old code: 4 heading lines, 9 lines, 120-character links.
    const url = (i: number) => `https://x.example/${String(i).padStart(4, '0')}${'y'.repeat(98)}`;
    const lines = Array.from({ length: 9 }, (_, i) => (i % 2 === 0 ? { text: title, link: url(i) } : title));
    const heading = Array.from({ length: 4 }, () => title).join('\n');
    const content = String(pageReply(heading, lines, []).content);
    expect(content.length).toBeLessThanOrEqual(2_000);
    for (const found of content.match(/https:\/\/\S+/g) ?? []) expect(found).toMatch(/y{98}$/);
    for (let i = 0; i < 9; i += 2) expect(content).toContain(url(i));
  });
});

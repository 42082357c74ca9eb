import { describe, expect, it } from 'vitest';
import { buildLot, buildNotice } from '../../test/support/builders.js';
import { alertEmbed, noticeLine } from '../discord/embeds.js';
import type { MatchResult } from '../matching/match-result.js';
import type { Notice } from '../notices/notice.js';
import { alertSummary } from './alert-text.js';
import { noticeTypeWords } from './glossary.js';

// Found by an outside walkthrough of the demo (2026-12-03): every notice without a type said only
// "Procurement notice.", a title ending in a full stop got a second one, "Why it matched" named areas by
// their ids, and "Lots (60)" showed ten with nothing saying fifty more were left out.
const NOW = Date.parse('2026-12-03T12:00:00Z');
const label = (id: string) => (id === 'information-advice' ? 'Information, advice and guidance' : id);

/** The new alert's embed for a notice and its match. */
const embedOf = (notice: Notice, match: MatchResult) =>
  alertEmbed({
    notice,
    match,
    kind: 'new',
    changes: [],
    now: NOW,
    areaLabel: label,
    sourceLabel: (id) => id,
    noticeRef: 1,
  });

/** The new alert's embed fields for a notice and its match, by name. */
function fieldsOf(notice: Notice, match: MatchResult): (name: string) => string {
  const embed = embedOf(notice, match);
  return (name) => embed.fields?.find((f) => f.name === name)?.value ?? '';
}

describe('alert words a person reads', () => {
  it('a notice that names no type is described by its stage', () => {
    expect(noticeTypeWords(buildNotice({ noticeType: null, stage: 'tender' }))).toBe(
      'Tender notice: the buyer is inviting bids.',
    );
    expect(noticeTypeWords(buildNotice({ noticeType: null, stage: 'planning' }))).toMatch(
      /^Early engagement/,
    );
    expect(noticeTypeWords(buildNotice({ noticeType: 'UK4' }))).toMatch(/^Tender notice \(UK4\)/);
  });

  it('a title that ends its own sentence gets no second full stop', () => {
    const notice = buildNotice({ title: 'Advocacy for mothers of children on the edge of care.' });
    const text = alertSummary(
      { ...notice, buyer: { ...notice.buyer, name: null } },
      undefined,
      'new',
      [],
      NOW,
      label,
    );
    expect(text).toContain('edge of care. ');
    expect(text).not.toContain('care..');
  });

  it("a notice's one lot is the whole contract: no lots field saying 'Lot LOT-0000: no title published'", () => {
    const match: MatchResult = { areas: [], watchlists: [], rejected: [] };
    const embed = (lots: Notice['lots']) => embedOf(buildNotice({ lots }), match);
    const one = embed([{ ...buildLot('LOT-0000', 'x'), title: null }]);
    expect(one.fields?.map((f) => f.name).filter((n) => n.startsWith('Lots'))).toEqual([]);
    expect(JSON.stringify(one)).not.toContain('LOT-0000');
    const money = { amount: 5000, amountGross: null, min: null, currency: 'GBP' };
    // Its value, when the notice has none, is the contract's: said as the value, not as "Lot LOT-0000: no
    // title published (£5,000)" (found by an outside review).
    const valued = embed([{ ...buildLot('LOT-0000', 'x'), title: null, value: money }]);
    const lone = buildNotice({ lots: [{ ...buildLot('LOT-0000', 'x'), title: null, value: money }] });
    expect(alertSummary(lone, match, 'new', [], NOW, label)).toContain(' Value £5,000.');
    expect(noticeLine(lone, NOW)).toContain(' £5,000.');
    expect(valued.fields?.map((f) => f.name).filter((n) => n.startsWith('Lots'))).toEqual([]);
    expect(JSON.stringify(valued)).not.toContain('LOT-0000');
    const two = embed([buildLot('1', 'North'), buildLot('2', 'South')]);
    expect(two.fields?.find((f) => f.name.startsWith('Lots'))?.value).toBe('Lot 1: North\nLot 2: South');
  });

  it('lots and reasons left out are counted, and areas are named as people know them', () => {
    const lots = Array.from({ length: 60 }, (_, i) => buildLot(String(i + 1), `Lot ${i + 1}`));
    const match: MatchResult = {
      areas: [
        { rule: 'information-advice', band: 'strong', score: 3, reasons: ['"advice and guidance" in title'] },
      ],
      watchlists: [],
      rejected: [],
    };
    const field = fieldsOf(buildNotice({ lots }), match);
    expect(field('Lots (60)')).toMatch(/\nand 50 more lots$/);
    expect(field('Why it matched')).toBe('Information, advice and guidance: "advice and guidance" in title');
  });

  // Found by a review of the change: the count was added before the field was fitted to 1,024 characters, so
  // long lot titles cut it off; and reasons past two an area were left out uncounted.
  it('the count survives long lines, and counts every reason not shown', () => {
    const long = 'Provision of community-based independent advocacy and information services '
      .repeat(3)
      .slice(0, 170);
    const lots = Array.from({ length: 60 }, (_, i) => buildLot(String(i + 1), `${long} ${i + 1}`));
    const reasons = ['one', 'two', 'three', 'four', 'five'].map((r) => `"${r}" in description`);
    const field = fieldsOf(buildNotice({ lots }), {
      areas: [{ rule: 'advocacy', band: 'strong', score: 3, reasons }],
      watchlists: [],
      rejected: [],
    });
    const lotsField = field('Lots (60)');
    expect(lotsField.length).toBeLessThanOrEqual(1_024);
    const shown = lotsField.split('\n').length - 1;
    expect(lotsField.endsWith(`\nand ${60 - shown} more lots`)).toBe(true);
    expect(lotsField).not.toContain('…');
    expect(field('Why it matched').split('\n')).toEqual([
      'advocacy: "one" in description',
      'advocacy: "two" in description',
      'and 3 more reasons',
    ]);
  });
});

import { describe, expect, it } from 'vitest';
import { buildLot, buildNotice } from '../../test/support/builders.js';
import { realTables } from '../../test/support/reservation.js';
import { labelledRelease } from '../../test/support/radar.js';
import { toNotice } from '../notices/normalise.js';
import type { Notice } from '../notices/notice.js';
import { PROFILES } from '../sources/registry.js';
import { classifyReservation } from './reservation.js';
import { maximumTerm, termFromWords } from './term.js';

// Found by last session's check against DOMAIN.md §1: a mutual reservation is limited by the contract's
// maximum term (3 years under PCR 2015 reg 77, 5 under PA 2023 s.33), and the guide read only the start and
// end dates, not the extension limit nor the extensions most notices state only in words.

describe('the maximum term, from the words', () => {
  it.each([
    ['an initial term of three years with the option to extend for a further two years', 5],
    ['Contract duration: 5 years plus 2', 7],
    ['The term is 3+1+1 years.', 5],
    ['36 months with an optional extension of up to 24 months', 5],
    ['a 2 year contract, extendable by 12 months', 3],
    ['36 months, extendable up to 60 months', 5],
  ])('%s: %d years', (text, years) => {
    expect(termFromWords(text)?.years).toBe(years);
  });

  // Left from the outside probe (2026-12-03): counts of equal periods and a compound number in words with its
  // digits; each read null, or a wrong figure, before.
  it.each([
    ['The contract will run for 2 x 12 months', 2],
    ['an initial term of 3 years with the option to extend for 2 x 12 months', 5],
    ['3 years + 2 x 12 months', 5],
    ['36 months with 2 x 12 month extensions', 5],
    ['a term of 2×12 months, extendable by 12 months', 3],
    ['The contract is for a period of thirty-six (36) months', 3],
    ['thirty-six (36) months with the option to extend for a further twelve (12) months', 4],
  ])('%s: %d years', (text, years) => {
    expect(termFromWords(text)?.years).toBe(years);
  });

  it.each([
    'sessions of 2 x 60 minutes each week',
    'two placements of 2 x 12 months for young people aged 16 to 25',
    'the provider will have 2 x 12 months of accounts',
  ])('no term in "%s"', (text) => {
    expect(termFromWords(text)).toBeNull();
  });

  // Found by an outside review (2026-12-03): each read null, or a wrong figure, before.
  it.each([
    ['an initial term of 3 years with the option to extend for up to 2 further years', 5],
    ['36 months + 12 + 12', 5],
    ['36 months + 12 months + 12 months', 5],
    ['24 months + 24 months', 4],
    ['3yrs + 2yrs', 5],
    ['Up to 7 years (5+2)', 7],
    ['The contract is on a 2+1+1 basis', 4],
    ['The contract is for a period of five (5) years', 5],
    ['12 months with two options to extend of 12 months', 3],
    ['Contract duration: up to 48 months', 4],
    [
      'an initial period of three years, with the option to extend for up to two further periods of one year each',
      5,
    ],
    ['a 3 year contract with a possible 2 year extension', 5],
    ['3 years with the option to extend up to 2 years', 5],
    ['three years with two optional extensions of one year each', 5],
    ['2 years plus 1 year plus 1 year', 4],
    ['2 years with the option to extend for a further 1 year + 1 year', 4],
    ['3 years, extendable to a maximum of 5 years', 5],
    ['3 years, with the option to extend up to a total of 5 years', 5],
    ['twenty four months with the option to extend for a further twelve months', 3],
    ['3.5 years plus a further 1 year', 4.5],
    ['1 year with the option to extend for a further two twelve month periods', 3],
    // Found by a second outside probe (177 new phrasings): a total after "annually" or "the contract".
    ['The contract will run for 2 years, extendable annually up to a maximum of 4 years.', 4],
    ['3 years with the option to extend the contract to a total of 5 years', 5],
  ])('%s: %d years', (text, years) => {
    expect(termFromWords(text)?.years).toBeCloseTo(years, 5);
  });

  it.each([
    'a 3 year contract plus 2 weeks mobilisation',
    'for 16 to 25 year olds plus 2 carers',
    'Start: 2026-05-01T00:00:00+01:00, end: 2027-04-30T23:59:59+01:00',
    'children up to 18 years old',
    'until 31 March 2029',
    'KMBC may extend the Contract for further periods of time up to a maximum of 12 months in aggregate',
    'Bidders need 3 years experience and a further 2 references.',
    // The second probe: a length whose clause is about something other than the contract.
    'The provider must retain records for a period of 7 years after contract end.',
    'The provider must have been trading for a period of 3 years.',
    'The service has been running for 5 years plus a further 2 years under a direct award.',
    'Young people leaving care between the ages of 16 and 21 years, extendable to 25 years for those in education.',
    "The bidder's accounts for the last 3 years plus 2 references are required.",
    'Clients may remain in the service for a maximum of 2 years.',
    'Each client may receive up to 12 weeks support, with a further 4 weeks where needed.',
    'The warranty period is 12 months with an option to extend the warranty for a further 12 months.',
    'Mobilisation period of 3 months',
    'The service has run for 10 years. The new contract is 3 years.',
    'contract for 4 years',
    '3 years with option to extend\nProvision of gas for a 3 year period',
  ])('reads no term from: %s', (text) => {
    expect(termFromWords(text)).toBeNull();
  });
});

describe('the maximum term of a notice', () => {
  const dated = (contractStart: string, contractEnd: string, contractMaxExtent: string | null = null) =>
    buildNotice({ dates: { ...buildNotice().dates, contractStart, contractEnd, contractMaxExtent } });

  it('runs to the extension limit when the notice gives one', () => {
    const term = maximumTerm(dated('2026-04-01T00:00:00Z', '2029-03-31T23:59:59Z', '2031-03-31T23:59:59Z'));
    expect(term).toMatchObject({ from: 'extension' });
    expect(term?.years).toBeCloseTo(5, 1);
  });

  it('takes the words when they say more than the dates', () => {
    const notice = {
      ...dated('2026-04-01T00:00:00Z', '2031-03-31T23:59:59Z'),
      description: 'The contract is for 5 years plus 2.',
    };
    expect(maximumTerm(notice)).toEqual({ years: 7, from: 'words', phrase: '5 years plus 2' });
  });

  it('a real labelled notice states its extension only in words', () => {
    const raw = labelledRelease('page-122');
    const read = toNotice(raw, PROFILES.fts);
    if (!read.ok) throw new Error(read.reason);
    expect(read.notice.dates.contractMaxExtent).toBeNull();
    expect(maximumTerm(read.notice)).toMatchObject({ years: 7, from: 'words' });
  });
});

describe('the mutual route, with the maximum term', () => {
  const advocacy = (o: Partial<Notice>): Notice =>
    buildNotice({ title: 'Independent advocacy', cpv: ['85312300'], regime: 'PA2023', ...o });
  const mutual = (notice: Notice) =>
    classifyReservation(notice, ['advocacy'], realTables)?.routes.find(
      (r) => r.route === 'public-service-mutual',
    );

  it('is ruled out by extensions the dates alone do not show', () => {
    const dates = {
      ...buildNotice().dates,
      published: '2026-03-01T09:00:00Z',
      contractStart: '2026-04-01T00:00:00Z',
      contractEnd: '2030-03-31T23:59:59Z',
    };
    expect(mutual(advocacy({ dates }))?.open).toBe(true);
    const words = mutual(
      advocacy({ dates, description: 'Four years with the option to extend for a further two years.' }),
    );
    expect(words?.open).toBe(false);
    expect(words?.why).toContain(
      `the notice's own term is 6.0 years ("Four years with the option to extend for a further two years", in ` +
        'its words) and a mutual reservation allows at most 5, extensions included.',
    );
    const limit = mutual(advocacy({ dates: { ...dates, contractMaxExtent: '2032-03-31T23:59:59Z' } }));
    expect(limit?.open).toBe(false);
    expect(limit?.why).toContain("the notice's own term is 6.0 years with its extensions");
    // A lot's description counts too.
    const lot = { ...buildLot('1', 'Advocacy'), description: '4+2 years' };
    expect(mutual(advocacy({ dates, lots: [lot, buildLot('2', 'IMCA')] }))?.open).toBe(false);
  });
});

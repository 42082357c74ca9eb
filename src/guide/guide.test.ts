import { PROFILES } from '../sources/registry.js';
import { describe, expect, it } from 'vitest';
import { buildNotice } from '../../test/support/builders.js';
import { fixtureJson, fixtureRelease } from '../../test/support/fixtures.js';
import { realMatch } from '../../test/support/matcher.js';
import { realTables } from '../../test/support/reservation.js';
import { classifyReservation } from '../reserved/reservation.js';
import { toNotice } from '../notices/normalise.js';
import type { Notice } from '../notices/notice.js';
import { noticeCalendar } from './calendar.js';
import { buildGuide } from './guide.js';
import { commissionerLetter } from './letter.js';
import { guideSections } from './guide-text.js';

const read = (raw: unknown): Notice => {
  const result = toNotice(raw, PROFILES.fts);
  if (!result.ok) throw new Error(result.reason);
  return result.notice;
};
const page1 = (id: string) =>
  read(fixtureJson('fts/fts-page-2026-09-03-p001.json').releases.find((r: { id: string }) => r.id === id));
const page2 = (id: string) =>
  read(fixtureJson('fts/fts-page-2026-09-03-p002.json').releases.find((r: { id: string }) => r.id === id));
const SEPT_3 = Date.parse('2026-09-03T12:00:00Z');
const guideOf = (notice: Notice, now = SEPT_3) => buildGuide(notice, realMatch(notice), now);

describe('the guide says what each real notice is and what can be done now', () => {
  it.each([
    [
      'UK1 pipeline',
      () => page1('083664-2026'),
      'A pipeline notice (UK1)',
      'There is nothing to bid for yet',
    ],
    [
      'UK2 market engagement',
      () => page1('083655-2026'),
      'A market engagement notice',
      'This is your chance to talk to the commissioner and shape the service',
    ],
    [
      'UK4 tender',
      () => read(fixtureRelease('fts/fts-member-083563-2026-UK4-tender-5lots.json')),
      'A tender notice: the buyer is inviting bids now.',
      'send your bid before the submission deadline',
    ],
    [
      'below-threshold tender',
      () => page1('083662-2026'),
      'A below-threshold tender',
      'Smaller contracts are often the best first bid',
    ],
    [
      'PCR-era contract notice',
      () => read(fixtureRelease('fts/fts-member-002109-2021-PCR-tender-deliveryAddresses-object.json')),
      'A contract notice under the older rules (Public Contracts Regulations 2015).',
      'Bids are open now.',
    ],
    [
      'award',
      () => read(fixtureRelease('fts/fts-member-083650-2026-UK6-award.json')),
      'A contract award notice',
      'ask the buyer for feedback',
    ],
    ['cancellation', () => page2('083256-2026'), 'A cancellation notice', 'It may come back'],
  ])('%s', (_name, notice, what, canDo) => {
    // Read while it was open: a week before its deadline (the PCR one closed in 2021).
    const n = notice();
    const deadline = n.dates.tenderDeadline ? Date.parse(n.dates.tenderDeadline) : Infinity;
    const guide = guideOf(n, Math.min(SEPT_3, deadline - 7 * 86_400_000));
    expect(guide.whatItIs).toContain(what);
    expect(guide.whatYouCanDo).toContain(canDo);
  });

  // Found by an outside check of the guide (2026-12-03): a tender past its deadline said "Bids are open
  // now", a market engagement past its reply date "This is your chance … reply", a finished tender was a
  // live one, a UK10 change an award, and an awarded contract offered a letter that was not there.
  it('after the deadline, once finished, or once decided, it never says to do what can no longer be done', () => {
    const pcr = read(fixtureRelease('fts/fts-member-002109-2021-PCR-tender-deliveryAddresses-object.json'));
    expect(guideOf(pcr).whatItIs).toMatch(/^A tender that has closed/);
    expect(guideOf(pcr).whatYouCanDo).toMatch(/^You cannot bid for this one/);
    const engagement = page1('083655-2026');
    expect(guideOf(engagement, Date.parse('2026-12-03T12:00:00Z')).whatYouCanDo).toMatch(
      /^The date to reply has passed/,
    );
    expect(guideOf(engagement, Date.parse('2026-09-10T12:00:00Z')).whatYouCanDo).toMatch(
      /^This is your chance/,
    );
    const finished = { ...page1('083662-2026'), status: 'complete' };
    expect(guideOf(finished, Date.parse('2026-09-04T12:00:00Z')).whatItIs).toMatch(
      /^A tender that has closed/,
    );
    expect(guideOf(page1('083674-2026')).whatItIs).toMatch(/^A contract change notice \(UK10\)/);
    const award = read(fixtureRelease('fts/fts-member-083650-2026-UK6-award.json'));
    const guide = guideOf(award);
    expect(guide.letter).toBeNull();
    expect(guide.reserved ?? '').not.toContain('a ready-to-send message is below');
  });

  it('a contract end written as its last second in UTC is shown as that day, without a clock time', () => {
    const uk7 = read(fixtureRelease('fts/fts-uk7-contract-028961-2025.json'));
    const text = guideSections(guideOf(uk7), SEPT_3).join('\n');
    expect(text).toContain('Contract ends: Thursday 18 May 2028 (');
    expect(text).toContain('Contract starts: Monday 19 May 2025 (');
    expect(text).not.toMatch(/Contract (ends|starts): [^\n]*\d\d:\d\d/);
  });
});

describe('guide details', () => {
  const belowThreshold = page1('083662-2026');

  it("builds the timeline from the notice's own dates, with days to go", () => {
    const guide = guideOf(belowThreshold, Date.parse('2026-09-01T09:00:00Z'));
    expect(guide.timeline.map((t) => [t.label, t.instant])).toEqual([
      ['Clarification questions close', '2026-09-17T09:00:00Z'],
      ['Bids must be in by', '2026-09-21T09:00:00Z'],
      ['Contract starts', '2026-11-02T00:00:00Z'],
      ['Contract ends', '2027-03-31T22:59:59Z'],
    ]);
    const text = guideSections(guide, Date.parse('2026-09-01T09:00:00Z')).join('\n');
    expect(text).toContain('- Bids must be in by: Monday 21 September 2026, 10:00 (in 20 days)');
  });

  it('says kindly when fewer than 10 days are left, and points to a next step', () => {
    expect(guideOf(belowThreshold, Date.parse('2026-09-01T09:00:00Z')).shortWindow).toBeNull();
    expect(guideOf(belowThreshold, Date.parse('2026-09-14T09:00:00Z')).shortWindow).toMatch(
      new RegExp(
        String.raw`^There are only 7 days left\. Writing a first bid in under 10 days is very hard, and that ` +
          String.raw`is not a failure on your part\.`,
      ),
    );
  });

  it('gives the portal link, says to register first, and names SME/VCSE suitability', () => {
    const where = guideOf(belowThreshold).whereAndHow.join('\n');
    expect(where).toContain('https://www.delta-esourcing.com/respond/4HGGU76XS5');
    expect(where).toContain('Register on the portal first');
    // Named as marked (both, here), and spelled out: found by an outside check where "SMEs or VCSEs" was
    // said of lots marked for SMEs alone.
    // Its one lot is the whole contract, so "it", not "lot 1" (a lone Find a Tender lot is "LOT-0000").
    expect(belowThreshold.lots).toHaveLength(1);
    expect(where).toContain(
      'The buyer marked it suitable for small and medium-sized enterprises (SMEs) and voluntary, ' +
        'community and social enterprises (VCSEs).',
    );
    const smeOnly = {
      ...belowThreshold,
      lots: belowThreshold.lots.map((l) => ({ ...l, suitability: { sme: true, vcse: false } })),
    };
    expect(guideOf(smeOnly).whereAndHow.join('\n')).toContain(
      'The buyer marked it suitable for small and medium-sized enterprises (SMEs).',
    );
    const two = {
      ...smeOnly,
      lots: [...smeOnly.lots, { ...smeOnly.lots[0]!, id: '2', suitability: { sme: null, vcse: null } }],
    };
    expect(guideOf(two).whereAndHow.join('\n')).toContain(
      'The buyer marked lot 1 suitable for small and medium-sized enterprises (SMEs).',
    );
    const engagement = read(fixtureRelease('fts/fts-uk2-engagement-083645-2026.json'));
    expect(engagement.lots.map((l) => l.id)).toEqual(['LOT-0000']);
    expect(guideOf(engagement).whereAndHow.join('\n')).not.toContain('LOT-0000');
  });

  it('a call-off from a framework says only its suppliers can win; a tender that sets one up does not', () => {
    // Found by last session's guide check: a framework call-off read like any open contract.
    const planned = page1('083664-2026');
    expect(planned.procurementMethodDetails).toBe('Award under framework');
    const callOff = read(
      fixtureRelease('cf/cf-award-bst-offset-ocds-b5fd17-6b5d499c-3804-4496-9f22-2c8551e9912d.json'),
    );
    expect(callOff.procurementMethodDetails).toBe('Call-off from a framework agreement');
    for (const notice of [planned, callOff])
      expect(guideOf(notice).whereAndHow).toContain(
        'This is bought through a framework agreement (a list of approved suppliers): only suppliers already ' +
          'on that framework can be awarded it. If you are not on it, ask the buyer when the framework will ' +
          'next be let, or offer to work with a supplier who is on it.',
      );
    // Setting up a framework (hasFrameworkAgreement, open procedure) is open to every bidder.
    const setUp = read(fixtureJson('s2w/s2w-tender-ocds-kuma6s-148410.json'));
    expect(guideOf(setUp).whereAndHow.join(' ')).not.toContain('only suppliers already on');
  });

  it('suggests the smallest lot for a small organisation', () => {
    const notice = read(fixtureRelease('fts/fts-member-083563-2026-UK4-tender-5lots.json'));
    const guide = buildGuide(notice, realMatch(notice), SEPT_3, {
      newToBidding: true,
      areas: [],
      region: null,
      size: 'micro',
      disabledWorkforce30: null,
    });
    expect(guide.whereAndHow.join(' ')).toMatch(
      /The smallest is lot 2 \(Lot 2\), £16,000\. As a small organisation, a single lot/,
    );
  });

  it('writes the letter to the commissioner citing the Procurement Act for PA-era notices', () => {
    const notice = buildNotice({
      title: 'Independent Advocacy Service',
      releaseId: '012345-2026',
      regime: 'PA2023',
      cpv: ['85312300'],
    });
    const guide = guideOf(notice);
    expect(guide.letter).toContain('Subject: Independent Advocacy Service (012345-2026)');
    expect(guide.letter).toContain(
      'Procurement Act 2023, section 32 allows you to reserve this contract for supported employment providers',
    );
    expect(guide.letter).toContain('competitive flexible procedure');
    expect(guide.letter).toContain('public service mutuals under Procurement Act 2023, section 33');
    expect(guide.letter).toContain(
      '(reference 012345-2026, https://www.find-tender.service.gov.uk/Notice/000001-2026)',
    );
  });

  it('cites regulation 20 of the 2015 regulations for PCR-era notices', () => {
    const notice = buildNotice({
      title: 'Independent Advocacy Service',
      regime: 'PCR2015',
      cpv: ['79000000'],
    });
    const letter = guideOf(notice).letter ?? '';
    expect(letter).toContain('Public Contracts Regulations 2015, regulation 20 allows you');
    expect(letter).not.toContain('Procurement Act');
  });

  it('tells an organisation with 30% disabled workers that it may qualify for a reserved contract', () => {
    const notice = buildNotice({
      title: 'Grounds maintenance',
      reservedParticipation: ['shelteredWorkshop'],
    });
    const guide = buildGuide(notice, realMatch(notice), SEPT_3, {
      newToBidding: true,
      areas: [],
      region: null,
      size: null,
      disabledWorkforce30: true,
    });
    expect(guide.reserved).toContain('This contract is reserved for supported employment providers');
    expect(guide.reserved).toContain('so you may qualify as a supported employment provider');
    expect(guide.letter).toBeNull();
  });

  it('explains the jargon the notice uses', () => {
    const notice = buildNotice({
      title: 'Advocacy framework',
      description: 'A framework under the light touch regime; TUPE may apply. Return the SQ with your ITT.',
      cpv: ['85000000'],
    });
    expect(guideOf(notice).glossary.map((g) => g.term)).toEqual(
      expect.arrayContaining(['ITT', 'PQQ / SQ', 'Framework', 'Light touch', 'TUPE', 'Social value']),
    );
    // CPV is explained only where the words use it: the guide prints no codes.
    expect(guideOf(notice).glossary.map((g) => g.term)).not.toContain('CPV');
  });
});

describe('calendar file', () => {
  it('holds one event per deadline, from a well-kept library', () => {
    const ics = noticeCalendar(page1('083662-2026')) ?? '';
    expect(ics).toContain('BEGIN:VCALENDAR');
    expect(ics.match(/BEGIN:VEVENT/g)).toHaveLength(2);
    expect(ics).toContain('SUMMARY:Bids close: ACE 1012 ITQ');
    expect(ics).toContain('DTEND:20260921T090000Z');
    expect(
      noticeCalendar(buildNotice({ dates: { ...buildNotice().dates, tenderDeadline: null } })),
    ).toBeNull();
  });
});

describe('the guide on notices read in full', () => {
  const fts = (file: string) => read(fixtureRelease(`fts/${file}`));

  it('an early-engagement notice gives the reply-by date, the link to answer, and when the tender is expected', () => {
    const notice = fts('fts-uk2-engagement-083645-2026.json');
    const guide = guideOf(notice, Date.parse('2026-09-10T09:00:00Z'));
    expect(guide.timeline.map((t) => t.label)).toEqual(
      expect.arrayContaining(['Reply to the market engagement by', 'The tender is expected around']),
    );
    const text = guideSections(guide, Date.parse('2026-09-10T09:00:00Z')).join('\n');
    expect(text).toContain('- Reply to the market engagement by: Friday 2 October 2026, 23:59 (in 22 days)');
    expect(text).toContain(`To take part in the engagement: ${notice.engagement?.url}`);
  });

  it('an award says when the contract ends', () => {
    const guide = guideOf(fts('fts-uk7-contract-028961-2025.json'), Date.parse('2025-06-02T09:00:00Z'));
    expect(guide.timeline.find((t) => t.label === 'Contract ends')?.instant).toBe('2028-05-18T23:59:59Z');
  });

  it('a Scottish notice is under the Scottish rules, and the letter cites regulation 21', () => {
    const raw = fixtureJson('pcs/pcs-tender-ocds-r6ebe6-0000581665.json');
    const result = toNotice(raw, PROFILES.pcs);
    if (!result.ok) throw new Error(result.reason);
    const notice = { ...result.notice, title: 'Independent Advocacy Service', cpv: ['85312300'] };
    const guide = guideOf(notice, Date.parse('2019-05-01T09:00:00Z'));
    expect(guide.whatItIs).toContain('Public Contracts (Scotland) Regulations 2015');
    expect(guide.letter).toContain('Public Contracts (Scotland) Regulations 2015, regulation 21 allows you');
    expect(guide.letter).not.toContain('Procurement Act');
  });

  it('a Welsh notice under the Procurement Act cites the Welsh regulations too', () => {
    const notice = buildNotice({ title: 'Independent Advocacy Service', nation: 'Wales', regime: 'PA2023' });
    expect(guideOf(notice).letter).toContain(
      'Procurement Act 2023, section 32, with the Procurement (Wales) Regulations 2024, regulation 20 allows you',
    );
  });
});

describe('the letter to the commissioner asks only for what the law allowed', () => {
  it('below threshold, before the buyer could reserve for SMEs and VCSEs, it asks to be invited only', () => {
    const notice = (published: string) =>
      buildNotice({
        title: 'Independent advocacy',
        regime: 'PA2023',
        aboveThreshold: false,
        dates: { ...buildNotice().dates, published },
        buyer: { ...buildNotice().buyer, type: 'publicAuthoritySubCentral' },
      });
    const letter = (published: string) => {
      const n = notice(published);
      return commissionerLetter(n, classifyReservation(n, ['advocacy'], realTables)!);
    };
    expect(letter('2025-06-01T09:00:00Z')).toContain(
      'you could also invite user-led organisations to quote.\n',
    );
    expect(letter('2026-11-02T09:00:00Z')).toContain(
      'invite user-led organisations to quote, or reserve the competition for SMEs and VCSEs.',
    );
  });
});

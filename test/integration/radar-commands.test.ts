import { describe, expect, it } from 'vitest';
import { queueBidderDigests } from '../../src/discord/dm-sender.js';
import { handleAutocomplete, handleButton, handleCommand } from '../../src/discord/dispatcher.js';
import {
  commandContext,
  fakeAutocomplete,
  fakeButton,
  fakeInteraction,
  type FakeOptions,
} from '../support/interactions.js';
import {
  dorsetAdvocacyAwardRaw,
  dorsetPinRaw,
  fixtureRelease,
  radarWorld,
  readNotice,
} from '../support/radar.js';

// /radar, /buyer, "Remind me" on a radar announcement and the guide's incumbent, over real in-memory stores
// and recorded notices (the Dorset contract is the explicit one of test/support/radar.ts, ending 31 July
// 2024).

const AUG_2023 = Date.parse('2023-08-01T09:00:00Z');

/** Dorset's advocacy contracts: the explicit one, and copies ending later (one per month). */
function dorsetContracts(count: number) {
  return Array.from({ length: count }, (_, i) => {
    const raw = dorsetAdvocacyAwardRaw();
    raw.ocid = `${raw.ocid}-${i}`;
    raw.id = `${raw.id}-${i}`;
    raw.tender.title = `${raw.tender.title} ${i + 1}`;
    const end = new Date(Date.UTC(2024, 6 + i, 28, 22, 59, 59)).toISOString().replace('.000', '');
    raw.awards[0].contractPeriod.endDate = end;
    return readNotice(raw);
  });
}

async function world(notices = dorsetContracts(1)) {
  const w = radarWorld(AUG_2023);
  w.ingest(notices);
  await w.radar.run();
  return w;
}

async function run(w: Awaited<ReturnType<typeof world>>, o: FakeOptions) {
  const interaction = fakeInteraction(o);
  await handleCommand(interaction, commandContext(w));
  const reply = interaction.replies[0];
  return { reply, text: reply?.content ?? '' };
}

describe('/radar', () => {
  it('lists the contracts ending soonest first, privately, with the award notice links', async () => {
    const w = await world(dorsetContracts(3));
    const { reply, text } = await run(w, { commandName: 'radar', options: { area: 'advocacy' } });
    expect(reply?.flags).toBe(64);
    expect(reply?.allowedMentions).toEqual({ parse: [] });
    const lines = text.split('\n');
    expect(lines[0]).toBe(
      'Contracts ending within 18 months for Advocacy, soonest first (page 1 of 1, 3 in all). Each may be ' +
        'bought again soon: now is the time to talk to the buyer.',
    );
    expect(lines[1]).toMatch(
      /^1\\\. Advocacy Services of Adults 1, Dorset Council\. Held by Advocacy Partners \(example supplier\) since 1 Aug 2020\. Ends 28 Jul 2024 \(in about 12 months\)\. Value £3,304,534 \(for the whole procurement; the award gives no value of its own\)\. Advocacy\.$/,
    );
    expect(lines.slice(1).map((l) => /Adults (\d)/.exec(l)?.[1])).toEqual(['1', '2', '3']);
    // The numbers are escaped by the message builder, so Discord shows them as written, not as a list.
  });

  it('pages five at a time, with Previous and Next buttons that work after a restart', async () => {
    const w = await world(dorsetContracts(7));
    const { reply } = await run(w, { commandName: 'radar', options: { months: 24 } });
    expect(reply?.content.split('\n')).toHaveLength(6);
    const next = reply?.components?.[0]?.components[1] as { custom_id: string };
    expect(next.custom_id).toBe('tn:radar:all:all:24:1');
    const button = fakeButton(next.custom_id);
    await handleButton(button, commandContext(w));
    const page2 = button.updates[0]?.content ?? '';
    expect(button.updates[0]?.flags).toBeUndefined();
    expect(page2).toMatch(/^Contracts ending within 24 months, soonest first \(page 2 of 2, 7 in all\)/);
    expect(
      page2
        .split('\n')
        .slice(1)
        .map((l) => /^(\d)\\\./.exec(l)?.[1]),
    ).toEqual(['6', '7']);
  });

  it('a region and a shorter span narrow it; an empty list says why', async () => {
    const w = await world(dorsetContracts(3));
    // The Dorset notice gives no region, and an unknown region never hides a contract.
    expect((await run(w, { commandName: 'radar', options: { region: 'South West' } })).text).toContain(
      '3 in all',
    );
    const { text } = await run(w, { commandName: 'radar', options: { area: 'peer-support', months: 6 } });
    expect(text).toBe(
      'No stored contract for Peer support ends within 6 months. The radar only knows the contracts in the ' +
        'notices stored so far; a backfill (npm run backfill) fills in the history.',
    );
  });

  it('bad options get one clear private sentence', async () => {
    const w = await world();
    expect((await run(w, { commandName: 'radar', options: { area: 'gardening' } })).text).toMatch(
      /^"gardening" is not a service area\. Choose from: advocacy,/,
    );
    expect((await run(w, { commandName: 'radar', options: { region: 'Atlantis' } })).text).toMatch(
      /^"Atlantis" is not a UK region/,
    );
    expect((await run(w, { commandName: 'radar', options: { months: 0 } })).text).toBe(
      'months must be a whole number from 1 to 60.',
    );
  });
});

describe('/buyer', () => {
  it('autocompletes from the stored buyers', async () => {
    const w = await world([
      ...dorsetContracts(1),
      readNotice(fixtureRelease('fts/fts-uk7-contract-028961-2025.json')),
    ]);
    const typing = fakeAutocomplete('buyer', 'name', 'dors');
    await handleAutocomplete(typing, commandContext(w));
    expect(typing.choices).toEqual([{ name: 'Dorset Council', value: 'dorset' }]);
  });

  it("a buyer's record: its contracts in the areas, reservations, VCSE, early engagement, contacts", async () => {
    const w = await world([...dorsetContracts(1), readNotice(dorsetPinRaw())]);
    w.clock.advance(0);
    const { text } = await run(w, { commandName: 'buyer', options: { name: 'dorset' } });
    expect(text.split('\n\n')).toEqual([
      'Dorset Council: 1 contract in the service areas since 2020 (and 0 in other fields).',
      'It has never reserved a contract and has never marked one suitable for voluntary, community or social ' +
        'enterprises (VCSEs), in the 2 notices stored.',
      'Early engagement, a chance to shape what comes next (1):\n\\- The Provision of Advocacy and an ' +
        'Independent Visitor Scheme for Children and Young People 2024.',
      'Contracts in the service areas, newest first (page 1 of 1):\n\\- Advocacy Services of Adults 1 (Advocacy): ' +
        'Advocacy Partners (example supplier), £3,304,534 (for the whole procurement; the award gives no value of its own), 1 Aug 2020 to 28 Jul 2024 (4 years).',
    ]);
    // Its page buttons edit the private page in place: the same text, the edit flags only (no Ephemeral).
    const button = fakeButton('tn:buyer:dorset:0');
    await handleButton(button, commandContext(w));
    expect(button.updates[0]?.content.split('\n\n')[0]).toBe(text.split('\n\n')[0]);
    expect(button.updates[0]?.flags).toBeUndefined();
  });

  it('a buyer typed by name is found; an unknown one gets a clear sentence', async () => {
    const w = await world();
    expect((await run(w, { commandName: 'buyer', options: { name: 'DORSET COUNCIL' } })).text).toMatch(
      /^Dorset Council: 1 contract/,
    );
    expect((await run(w, { commandName: 'buyer', options: { name: 'Atlantis Council' } })).text).toBe(
      'No stored notice names a buyer called "Atlantis Council". Start typing and choose a buyer from the list.',
    );
  });
});

describe('"Remind me" on a radar announcement', () => {
  it('schedules direct messages 12 and 6 months before the end, sent then with what to do', async () => {
    // The eighth copy ends 28 Feb 2025: 12 months before is still ahead on 1 Aug 2023.
    const w = await world(dorsetContracts(8));
    const rowId = Number(w.db.prepare(`SELECT rowid FROM notices WHERE ocid LIKE '%-7'`).pluck().get());
    const press = fakeButton(`tn:radar-remind:${rowId}`);
    await handleButton(press, commandContext(w));
    expect(press.replies[0]?.content).toBe(
      // In the morning, UK time: counted back from the end's last second they were at 22:59 and 23:59.
      'I will send you a direct message Wednesday 28 February 2024, 09:00 (in about 7 months) and Wednesday 28 ' +
        'August 2024, 09:00 (in about 13 months). If the end date moves, so will they.',
    );
    w.clock.advance(212 * 86_400_000);
    expect(w.radar.queueReminders()).toEqual({ queued: 1, moved: 0, cancelled: 0 });
    expect(w.radar.queueReminders()).toEqual({ queued: 0, moved: 0, cancelled: 0 });
    const text = String(w.db.prepare(`SELECT text FROM dm_outbox WHERE kind = 'note'`).pluck().get());
    expect(text).toMatch(
      /^Reminder: "Advocacy Services of Adults 8", Dorset Council ends Friday 28 February 2025 \(in about 12 months\)\./,
    );
    expect(text).toMatch(/What to do now: ask the commissioner/);
    // The explicit contract's notice has no page to link to (its id is not a Find a Tender notice number).
    expect(text).not.toContain('The award notice');
  });

  it('a reminder whose contract was extended waits for the new end', async () => {
    const w = await world(dorsetContracts(8));
    const rowId = Number(w.db.prepare(`SELECT rowid FROM notices WHERE ocid LIKE '%-7'`).pluck().get());
    await handleButton(fakeButton(`tn:radar-remind:${rowId}`), commandContext(w));
    const raw = dorsetAdvocacyAwardRaw();
    const later = { ...raw, ocid: `${raw.ocid}-7`, id: `${raw.id}-7-change`, date: '2023-09-01' };
    later.tender = { ...raw.tender, title: `${raw.tender.title} 8` };
    later.awards = [
      {
        ...raw.awards[0],
        contractPeriod: { ...raw.awards[0].contractPeriod, endDate: '2026-02-28T23:59:59Z' },
      },
    ];
    w.clock.advance(30 * 86_400_000);
    w.ingest([readNotice(later)]);
    await w.radar.run();
    w.clock.advance(182 * 86_400_000);
    expect(w.radar.queueReminders()).toEqual({ queued: 0, moved: 1, cancelled: 0 });
  });

  it('a contract ending within 6 months has no reminder left, and says what to do instead', async () => {
    const w = await world();
    w.clock.advance(200 * 86_400_000);
    const rowId = Number(w.db.prepare('SELECT rowid FROM notices LIMIT 1').pluck().get());
    const press = fakeButton(`tn:radar-remind:${rowId}`);
    await handleButton(press, commandContext(w));
    expect(press.replies[0]?.content).toMatch(/^This contract ends in less than 6 months/);
  });
});

describe('the guide for a re-procurement names who holds the contract now', () => {
  it('/guide on the Dorset engagement notice says who holds the advocacy contract and until when', async () => {
    const w = await world([readNotice(dorsetAdvocacyAwardRaw()), readNotice(dorsetPinRaw())]);
    const interaction = fakeInteraction({ commandName: 'guide', options: { notice: 'ocds-h6vhtk-03e4e0' } });
    await handleCommand(interaction, commandContext(w));
    const text = interaction.replies.map((r) => r.content).join('\n');
    expect(text).toContain(
      'Who holds it now: This looks like the re-procurement of "Advocacy Services of Adults". Advocacy Partners ' +
        '(example supplier) holds that contract now (since 1 Aug 2020 until 31 Jul 2024).',
    );
    expect(text).toContain('(the incumbent)');
    expect(text).toContain('Re-procurement: Buying a service again when its contract ends.');
  });
});

describe('/subscribe radar_months', () => {
  it('sets the lead time for this channel, 0 turns the radar off, and /subscriptions says so', async () => {
    const w = await world();
    const { text } = await run(w, { commandName: 'subscribe', options: { radar_months: 12 } });
    expect(text).toContain(
      'Coming-up contracts (the radar): each contract in these areas is announced once, 12 months before it ' +
        'ends, so you can talk to the buyer before it is bought again.',
    );
    expect(w.subscriptions.list()[0]?.radarMonths).toBe(12);
    expect((await run(w, { commandName: 'subscribe', options: { radar_months: 0 } })).text).toContain(
      'Coming-up contracts (the radar): off.',
    );
    expect((await run(w, { commandName: 'subscribe' })).text).toContain('announced once, 18 months before');
    expect((await run(w, { commandName: 'subscribe', options: { radar_months: 99 } })).text).toBe(
      'radar\\_months must be between 0 (no radar) and 60 months.',
    );
  });
});

describe('the weekly new-bidder digest', () => {
  it('has a "coming up in your area" section for contracts that came onto the radar this week', async () => {
    const monday9 = Date.parse('2023-08-07T08:00:00Z');
    const w = radarWorld(monday9);
    w.ingest(dorsetContracts(1));
    await w.radar.run();
    w.bidders.setNudges('user', 'alice', true);
    w.bidders.setProfile('alice', {
      newToBidding: true,
      areas: ['advocacy'],
      region: null,
      size: null,
      disabledWorkforce30: null,
    });
    w.bidders.setNudges('user', 'bob', true);
    w.bidders.setProfile('bob', {
      newToBidding: true,
      areas: ['peer-support'],
      region: null,
      size: null,
      disabledWorkforce30: null,
    });
    const deps = { bidders: w.bidders, notices: w.queries, clock: w.clock, comingUp: w.radar.comingUp };
    expect(queueBidderDigests(deps, 9)).toBe(1);
    const text = String(w.db.prepare(`SELECT text FROM dm_outbox WHERE kind = 'digest'`).pluck().get());
    expect(text).toContain(
      'Coming up in your area: contracts nearing their end, so ask the buyer about their plans (1):\n- Advocacy ' +
        'Services of Adults 1, Dorset Council. Held by Advocacy Partners (example supplier) since 1 Aug 2020. ' +
        'Ends 28 Jul 2024 (in about 12 months).',
    );
    // A week later it is not news any more.
    w.clock.advance(7 * 86_400_000);
    expect(queueBidderDigests(deps, 9)).toBe(0);
  });
});

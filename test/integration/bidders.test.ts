import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import nock from 'nock';
import { describe, expect, it } from 'vitest';
import { queueBidderDigests, sendDirectMessages } from '../../src/discord/dm-sender.js';
import { handleButton, handleCommand } from '../../src/discord/dispatcher.js';
import { createBidderHook } from '../../src/pipeline/bidders.js';
import { createSqliteBidderStore } from '../../src/store/bidder-store.js';
import { openDb } from '../../src/store/db.js';
import { createSqliteNoticeStore } from '../../src/store/notice-store.js';
import { createSqliteQueries } from '../../src/store/query-store.js';
import { createRest, createRestTransport } from '../../src/discord/client.js';
import { buildNotice } from '../support/builders.js';
import { createFakeClock } from '../support/clock.js';
import { API, DISCORD, deliveryWorld } from '../support/delivery.js';
import { commandContext, fakeButton, fakeInteraction } from '../support/interactions.js';
import { createCapturingLogger } from '../support/log.js';
import { realMatch } from '../support/matcher.js';

const ALICE = '600000000000000001';
const BOB = '600000000000000002';
const DAY = 86_400_000;

/** A Discord stand-in for direct messages: opening a DM channel, then posting into it. */
function mockDms() {
  const sent: { userId: string; content: string; nonce: string }[] = [];
  const opened: string[] = [];
  const open = nock(DISCORD).persist().post(`${API}/users/@me/channels`);
  open.reply(200, (_uri, body) => {
    const recipient = String((body as { recipient_id: string }).recipient_id);
    opened.push(recipient);
    return { id: `9${recipient.slice(1)}` };
  });
  const post = nock(DISCORD)
    .persist()
    .post(/\/api\/v10\/channels\/9\d+\/messages/);
  post.reply(200, (uri, body) => {
    const b = body as { content: string; nonce: string };
    sent.push({ userId: `6${/channels\/9(\d+)/.exec(uri)?.[1]}`, content: b.content, nonce: b.nonce });
    return { id: String(sent.length) };
  });
  return { sent, opened, done: () => [open, post].forEach((i) => nock.removeInterceptor(i)) };
}

describe('direct messages through the REST transport', () => {
  it("opens each person's DM channel once, not before every message part", async () => {
    const dms = mockDms();
    const transport = createRestTransport(createRest('test-token', { retries: 0 }));
    const body = (content: string) => ({ content, allowedMentions: { parse: [] } }) as never;
    await transport.sendDirect(ALICE, body('part 1'));
    await transport.sendDirect(ALICE, body('part 2'));
    await transport.sendDirect(BOB, body('hello'));
    dms.done();
    expect(dms.sent.map((m) => [m.userId, m.content])).toEqual([
      [ALICE, 'part 1'],
      [ALICE, 'part 2'],
      [BOB, 'hello'],
    ]);
    expect(dms.opened).toEqual([ALICE, BOB]);
  });
});

/**
 * A file database (so a "restart" can reopen it), stores, the bidder hook and a DM sender on a fake clock.
 */
function world(
  path = join(mkdtempSync(join(tmpdir(), 'tn-bidders-')), 'db.sqlite'),
  start = Date.parse('2026-09-01T09:00:00Z'),
) {
  const db = openDb(path);
  const clock = createFakeClock(start);
  const queries = createSqliteQueries(db, clock.now);
  const bidders = createSqliteBidderStore(db, queries, clock.now);
  const notices = createSqliteNoticeStore(db, clock.now);
  const hook = createBidderHook(bidders, clock);
  const ingest = (list: ReturnType<typeof buildNotice>[]) =>
    notices.savePage('fts', list, { baseline: false, match: realMatch, afterSave: hook });
  const dmDeps = {
    bidders,
    notices: queries,
    transport: createRestTransport(createRest('test-token', { retries: 0 })),
    clock,
    log: createCapturingLogger(),
  };
  return { db, path, clock, queries, bidders, ingest, dmDeps };
}

const tender = buildNotice({
  title: 'Independent Advocacy Service',
  dates: {
    ...buildNotice().dates,
    enquiryDeadline: '2026-09-20T11:00:00Z',
    tenderDeadline: '2026-10-01T11:00:00Z',
  },
});

describe('deadline reminders', () => {
  it('"Remind me" schedules 7, 3 and 1 days before the deadline and 2 days before clarifications', async () => {
    const w = deliveryWorld(Date.parse('2026-09-01T09:00:00Z'));
    w.ingest([tender]);
    const rowId = Number(w.db.prepare('SELECT rowid FROM notices').pluck().get());
    const button = fakeButton(`tn:remind:${rowId}`, ALICE);
    const ctx = commandContext(w);
    await handleButton(button, ctx);
    expect(button.replies[0]?.content).toMatch(
      /^Saved\. I will send you a direct message \w+day \d+ \w+ 2026, \d\d:\d\d \(in 17 days\), \w+day \d+ \w+ 2026, \d\d:\d\d \(in 23 days\), \w+day \d+ \w+ 2026, \d\d:\d\d \(in 27 days\), \w+day \d+ \w+ 2026, \d\d:\d\d \(in 29 days\)\. If the deadline moves or the notice is cancelled, I will tell you\.$/,
    );
    expect(
      ctx.bidders.pendingReminders('fts', tender.ocid).map((r) => [r.kind, new Date(r.dueAt).toISOString()]),
    ).toEqual([
      ['clarification-2d', '2026-09-18T11:00:00.000Z'],
      ['submission-7d', '2026-09-24T11:00:00.000Z'],
      ['submission-3d', '2026-09-28T11:00:00.000Z'],
      ['submission-1d', '2026-09-30T11:00:00.000Z'],
    ]);
  });

  it('a moved deadline reschedules them and says so; the reminders then follow the new date, across a restart', async () => {
    const w = world();
    w.ingest([tender]);
    w.bidders.setNudges('user', ALICE, true);
    w.bidders.scheduleReminders(ALICE, 'fts', tender.ocid, [
      { kind: 'submission-7d', dueAt: Date.parse('2026-09-24T11:00:00Z'), deadline: '2026-10-01T11:00:00Z' },
    ]);
    w.clock.advance(DAY);
    w.ingest([
      {
        ...tender,
        releaseId: '000002-2026',
        dates: { ...tender.dates, published: '2026-09-02T09:00:00Z', tenderDeadline: '2026-10-08T11:00:00Z' },
      },
    ]);
    expect(w.bidders.pendingReminders('fts', tender.ocid).map((r) => [r.kind, r.deadline])).toEqual(
      expect.arrayContaining([
        ['submission-7d', '2026-10-08T11:00:00Z'],
        ['submission-3d', '2026-10-08T11:00:00Z'],
        ['submission-1d', '2026-10-08T11:00:00Z'],
      ]),
    );
    const dms = mockDms();
    expect(await sendDirectMessages(w.dmDeps)).toMatchObject({ sent: 1 });
    expect(dms.sent[0]?.content).toMatch(
      /^The deadline for "Independent Advocacy Service" moved from \w+day \d+ \w+ 2026, \d\d:\d\d \(in 29 days\) to \w+day \d+ \w+ 2026, \d\d:\d\d \(in 36 days\)\. Your reminders now come/,
    );

    // Restart: a new process opens the same database and the reminder still goes out on time.
    w.db.close();
    const again = world(w.path, Date.parse('2026-10-01T11:00:01Z'));
    expect(await sendDirectMessages(again.dmDeps)).toMatchObject({ sent: 1 });
    expect(dms.sent[1]?.content).toMatch(
      /^Reminder: bids for "Independent Advocacy Service" close Thursday 8 October 2026, 12:00 \(in 7 days\)\./,
    );
    expect(await sendDirectMessages(again.dmDeps)).toMatchObject({ sent: 0 });
    dms.done();
  });

  it('a cancellation cancels them and says so', async () => {
    const w = world();
    w.ingest([tender]);
    w.bidders.scheduleReminders(ALICE, 'fts', tender.ocid, [
      { kind: 'submission-1d', dueAt: Date.parse('2026-09-30T11:00:00Z'), deadline: '2026-10-01T11:00:00Z' },
    ]);
    w.ingest([
      {
        ...tender,
        releaseId: '000003-2026',
        stage: 'cancellation',
        tags: ['tenderCancellation'],
        dates: { ...tender.dates, published: '2026-09-05T09:00:00Z' },
      },
    ]);
    expect(w.bidders.pendingReminders('fts', tender.ocid)).toEqual([]);
    const dms = mockDms();
    await sendDirectMessages(w.dmDeps);
    dms.done();
    expect(dms.sent.map((d) => d.content)).toEqual([
      expect.stringMatching(
        /^The buyer has cancelled "Independent Advocacy Service" \(000003-2026\), so your reminders for it are cancelled\./,
      ),
    ]);
  });

  it('respects an opt-out: nothing is sent to someone who turned nudges off', async () => {
    const w = world();
    w.ingest([tender]);
    w.bidders.setNudges('user', ALICE, false);
    w.bidders.scheduleReminders(ALICE, 'fts', tender.ocid, [
      { kind: 'submission-7d', dueAt: Date.parse('2026-09-24T11:00:00Z'), deadline: '2026-10-01T11:00:00Z' },
    ]);
    w.clock.advance(30 * DAY);
    expect(await sendDirectMessages(w.dmDeps)).toEqual({ sent: 0, skipped: 1, failed: 0 });
  });
});

describe('nudges for first-time bidders', () => {
  it('sends the guide for a new matching opportunity only to people who opted in, within their profile areas', async () => {
    const w = world();
    w.bidders.setNudges('user', ALICE, true);
    w.bidders.setProfile(ALICE, {
      newToBidding: true,
      areas: ['advocacy'],
      region: null,
      size: 'micro',
      disabledWorkforce30: true,
    });
    w.bidders.setNudges('user', BOB, false);
    w.ingest([
      tender,
      buildNotice({ ocid: 'ocds-other', releaseId: '000009-2026', title: 'Peer Support Service' }),
    ]);
    const dms = mockDms();
    await sendDirectMessages(w.dmDeps);
    dms.done();
    expect(new Set(dms.sent.map((d) => d.userId))).toEqual(new Set([ALICE]));
    const text = dms.sent.map((d) => d.content).join('\n');
    expect(text).toContain('How to bid: Independent Advocacy Service');
    expect(text).toContain('so you may qualify as a supported employment provider');
    expect(text).not.toContain('Peer Support Service');
    for (const d of dms.sent) expect(d.content.length).toBeLessThanOrEqual(2000);
  });

  it('queues the weekly new-to-bidding digest on Monday morning, once', async () => {
    const w = world(undefined, Date.parse('2026-09-07T08:00:00Z'));
    w.ingest([tender]);
    w.bidders.setNudges('user', ALICE, true);
    expect(queueBidderDigests(w.dmDeps, 9)).toBe(1);
    expect(queueBidderDigests(w.dmDeps, 9)).toBe(0);
    const dms = mockDms();
    await sendDirectMessages(w.dmDeps);
    dms.done();
    const digest =
      dms.sent.find((d) => d.content.startsWith('Your weekly Tender Nudge digest'))?.content ?? '';
    expect(digest).toContain('New this week (1):');
    expect(digest).toContain('Tip of the week:');
    expect(digest).toContain('/nudges off');
  });
});

describe('/nudges, /profile, /guide and /glossary', () => {
  it('turn nudges on and off, and keep a profile', async () => {
    const w = deliveryWorld();
    const ctx = commandContext(w);
    const on = fakeInteraction({ commandName: 'nudges', options: { setting: 'on' }, userId: ALICE });
    await handleCommand(on, ctx);
    expect(on.replies[0]?.content).toMatch(/^Nudges on\./);
    expect(ctx.bidders.nudges('user', ALICE)).toBe(true);
    const profile = fakeInteraction({
      commandName: 'profile',
      options: {
        new_to_bidding: true,
        areas: 'advocacy, user-voice',
        region: 'UKD',
        size: 'small',
        disabled_workforce_30: true,
      },
      userId: ALICE,
    });
    await handleCommand(profile, ctx);
    expect(profile.replies[0]?.content).toContain('Service areas: advocacy, user-voice.');
    expect(profile.replies[0]?.content).toContain('Region: North West. Size: small.');
    const off = fakeInteraction({ commandName: 'nudges', options: { setting: 'off' }, userId: ALICE });
    await handleCommand(off, ctx);
    expect(ctx.bidders.nudges('user', ALICE)).toBe(false);
    const channel = fakeInteraction({
      commandName: 'nudges',
      options: { setting: 'on', where: 'channel' },
      manageServer: false,
    });
    await handleCommand(channel, ctx);
    expect(channel.replies[0]?.content).toBe(
      'Only members with the Manage Server permission can change Tender Nudge settings.',
    );
  });

  it('/guide answers privately in parts within Discord limits, with a calendar file on request', async () => {
    const w = deliveryWorld(Date.parse('2026-09-01T09:00:00Z'));
    w.ingest([tender]);
    const interaction = fakeInteraction({
      commandName: 'guide',
      options: { notice: '000001-2026', calendar: true },
    });
    await handleCommand(interaction, commandContext(w));
    const text = interaction.replies.map((r) => r.content).join('\n');
    expect(text).toContain('How to bid: Independent Advocacy Service');
    expect(text).toContain('A message you could send to the commissioner');
    for (const r of interaction.replies) expect(r.content.length).toBeLessThanOrEqual(2000);
    const file = interaction.replies.flatMap((r) => r.files ?? [])[0];
    expect(file?.name).toBe('000001-2026.ics');
    expect(file?.attachment.toString()).toContain('BEGIN:VEVENT');
  });

  it('/glossary explains a term, and says which terms exist when it does not know one', async () => {
    const w = deliveryWorld();
    const known = fakeInteraction({ commandName: 'glossary', options: { term: 'tupe' } });
    await handleCommand(known, commandContext(w));
    expect(known.replies[0]?.content).toMatch(/^TUPE: Rules that move existing staff/);
    const unknown = fakeInteraction({ commandName: 'glossary', options: { term: 'widget' } });
    await handleCommand(unknown, commandContext(w));
    expect(unknown.replies[0]?.content).toMatch(/^"widget" is not in the glossary yet\. Terms: CPV, ITT/);
  });
});

describe('"How do I bid?" button', () => {
  it('answers privately with the guide for that notice', async () => {
    const w = deliveryWorld(Date.parse('2026-09-01T09:00:00Z'));
    w.ingest([tender]);
    const rowId = Number(w.db.prepare('SELECT rowid FROM notices').pluck().get());
    const button = fakeButton(`tn:guide:${rowId}`, ALICE);
    await handleButton(button, commandContext(w));
    expect(button.replies[0]?.content).toMatch(/^How to bid: Independent Advocacy Service/);
    expect(button.replies.every((r) => r.flags === 64)).toBe(true);
  });
});

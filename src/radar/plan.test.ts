import { describe, expect, it } from 'vitest';
import { subscriptionBody } from '../../test/support/delivery.js';
import { fixtureRelease } from '../../test/support/fixtures.js';
import { realMatch } from '../../test/support/matcher.js';
import { Subscription } from '../alerts/subscription.js';
import { toNotice } from '../notices/normalise.js';
import { profileOfRaw } from '../sources/registry.js';
import { toContractRecord, type ContractRecord } from './contract.js';
import {
  newOnRadar,
  planRadar,
  planRadarReminders,
  reminderDueAt,
  radarFits,
  reviewRadarReminder,
  upcoming,
  type RadarPlanInput,
} from './plan.js';

// The contracts are real recorded awards; their areas, regions or end dates are set where a test is about
// them, and say so.

function contractOf(path: string, overrides: Partial<ContractRecord> = {}): ContractRecord {
  const raw = fixtureRelease(path);
  const result = toNotice(raw, profileOfRaw(raw));
  if (!result.ok) throw new Error(result.reason);
  const record = toContractRecord(result.notice, realMatch(result.notice));
  if (!record) throw new Error('not a contract');
  return { ...record, ...overrides };
}
/** Lancaster's real UK7 contract (ends 18 May 2028), given an advocacy verdict for these tests. */
const lancaster = (o: Partial<ContractRecord> = {}) =>
  contractOf('fts/fts-uk7-contract-028961-2025.json', { areas: ['advocacy'], ...o });
/** Wiltshire's real UK6 award (ends 31 Mar 2027, South West), given a user-voice verdict. */
const wiltshire = (o: Partial<ContractRecord> = {}) =>
  contractOf('fts/fts-member-083650-2026-UK6-award.json', { areas: ['user-voice'], ...o });

const sub = (id: number, o: Partial<Subscription> = {}): Subscription =>
  Subscription.parse({ ...subscriptionBody(), id, pausedReason: null, ...o });
const NOW = Date.parse('2026-12-01T09:00:00Z');

describe('which subscriptions hear about a contract coming up', () => {
  it('the default lead time is 18 months; a subscription can set its own, or 0 for none', () => {
    expect(radarFits(lancaster(), sub(1), NOW, 18)).toBe(true);
    expect(radarFits(lancaster(), sub(1, { radarMonths: 12 }), NOW, 18)).toBe(false);
    expect(radarFits(wiltshire(), sub(1, { radarMonths: 6 }), NOW, 18)).toBe(true);
    expect(radarFits(wiltshire(), sub(1, { radarMonths: 0 }), NOW, 18)).toBe(false);
  });

  it('only in an area the channel follows, its regions, its value range; paused channels hear nothing', () => {
    expect(radarFits(wiltshire(), sub(1, { areas: ['advocacy'] }), NOW, 18)).toBe(false);
    expect(radarFits(wiltshire(), sub(1, { regions: ['North West'] }), NOW, 18)).toBe(false);
    expect(radarFits(wiltshire(), sub(1, { regions: ['South West'] }), NOW, 18)).toBe(true);
    expect(radarFits(wiltshire(), sub(1, { minValue: 50_000 }), NOW, 18)).toBe(false);
    expect(radarFits(wiltshire(), sub(1, { pausedReason: 'Missing Access' }), NOW, 18)).toBe(false);
    expect(radarFits(contractOf('fts/fts-member-083650-2026-UK6-award.json'), sub(1), NOW, 18)).toBe(false);
  });

  it('a reserved-only channel hears about reserved contracts only', () => {
    expect(radarFits(wiltshire(), sub(1, { reservedOnly: true }), NOW, 18)).toBe(false);
    expect(radarFits(wiltshire({ reserved: true }), sub(1, { reservedOnly: true }), NOW, 18)).toBe(true);
  });
});

describe('planning the announcements', () => {
  const input = (o: Partial<RadarPlanInput> = {}): RadarPlanInput => ({
    contracts: [lancaster(), wiltshire()],
    subscriptions: [sub(1), sub(2, { areas: ['advocacy'] })],
    now: NOW,
    defaultMonths: 18,
    dailyLimit: 5,
    announced: () => false,
    announcedToday: () => 0,
    ...o,
  });

  it('each subscription gets the contracts that fit it, soonest first', () => {
    const plan = planRadar(input());
    expect(plan.map((p) => [p.subscriptionId, p.contract.buyer.name])).toEqual([
      [1, 'Wiltshire Council'],
      [1, 'Lancaster City Council'],
      [2, 'Lancaster City Council'],
    ]);
  });

  it('once: a contract already announced to a subscription is not planned again', () => {
    const plan = planRadar(input({ announced: (id, c) => id === 1 && c.buyer.name === 'Wiltshire Council' }));
    expect(plan.map((p) => [p.subscriptionId, p.contract.buyer.name])).toEqual([
      [1, 'Lancaster City Council'],
      [2, 'Lancaster City Council'],
    ]);
  });

  it('a first backfill does not flood a channel: at most the daily limit, the soonest first', () => {
    const plan = planRadar(input({ dailyLimit: 1 }));
    expect(plan.map((p) => [p.subscriptionId, p.contract.buyer.name])).toEqual([
      [1, 'Wiltshire Council'],
      [2, 'Lancaster City Council'],
    ]);
    expect(planRadar(input({ announcedToday: () => 5 }))).toEqual([]);
  });

  it('the same contract published on two feeds is announced once', () => {
    const copy = lancaster({ source: 'cf', ocid: 'ocds-b5fd17-copy' });
    const plan = planRadar(
      input({ contracts: [lancaster(), copy], subscriptions: [sub(2, { areas: ['advocacy'] })] }),
    );
    expect(plan).toHaveLength(1);
  });
});

describe('/radar and the offline radar list what is coming up', () => {
  it('in an area, a region, within the months asked; contracts in no area only with --all', () => {
    const none = contractOf('fts/fts-uk7-contract-028961-2025.json');
    const list = (o: Partial<Parameters<typeof upcoming>[1]>) =>
      upcoming([lancaster(), wiltshire(), none], {
        areas: [],
        regions: [],
        months: 18,
        now: NOW,
        all: false,
        ...o,
      }).map((c) => `${c.buyer.name}:${c.areas.join(',')}`);
    expect(list({})).toEqual(['Wiltshire Council:user-voice', 'Lancaster City Council:advocacy']);
    expect(list({ areas: ['advocacy'] })).toEqual(['Lancaster City Council:advocacy']);
    // Lancaster's service is delivered across the United Kingdom, so no region hides it.
    expect(list({ regions: ['North West'] })).toEqual(['Lancaster City Council:advocacy']);
    expect(list({ regions: ['South West'] })).toHaveLength(2);
    expect(list({ months: 6 })).toEqual(['Wiltshire Council:user-voice']);
    expect(list({ all: true })).toHaveLength(2); // the third is the same contract as Lancaster's, once
  });

  it('the weekly digest lists a contract once: the week it comes within reach, or is first stored within it', () => {
    const week = 7 * 86_400_000;
    // Lancaster's contract ends 18 May 2028: 18 months before is 18 Nov 2026, within the week before 24 Nov.
    const entries = [{ contract: lancaster(), indexedAt: 0 }];
    expect(newOnRadar(entries, Date.parse('2026-11-24T09:00:00Z'), 18)).toHaveLength(1);
    expect(newOnRadar(entries, Date.parse('2026-11-24T09:00:00Z') + week, 18)).toHaveLength(0);
    const fresh = [{ contract: wiltshire(), indexedAt: NOW - 86_400_000 }];
    expect(newOnRadar(fresh, NOW, 18)).toHaveLength(1);
    expect(newOnRadar(fresh, NOW + week, 18)).toHaveLength(0);
  });
});

describe('"Remind me" on a radar announcement', () => {
  it('reminders 12 and 6 months before the end; only the ones still ahead', () => {
    const reminders = planRadarReminders(lancaster(), NOW);
    expect(reminders.map((r) => [r.months, new Date(r.dueAt).toISOString().slice(0, 10)])).toEqual([
      [12, '2027-05-18'],
      [6, '2027-11-18'],
    ]);
    // At 9 in the morning UK time on that day (British Summer Time in May, GMT in November), not at the end's
    // last second counted back (23:59).
    expect(reminders.map((r) => new Date(r.dueAt).toISOString())).toEqual([
      '2027-05-18T08:00:00.000Z',
      '2027-11-18T09:00:00.000Z',
    ]);
    expect(new Date(reminderDueAt('2026-03-31T22:59:59Z', 6)).toISOString()).toBe('2025-09-30T08:00:00.000Z');
    expect(planRadarReminders(wiltshire(), NOW).map((r) => r.months)).toEqual([]);
    expect(planRadarReminders(wiltshire(), Date.parse('2026-09-20T00:00:00Z')).map((r) => r.months)).toEqual([
      6,
    ]);
  });

  it('when it comes due: sent; moved with the end date; cancelled when the contract is gone or over', () => {
    const due = { months: 12 as const, end: lancaster().end! };
    const at = Date.parse('2027-05-18T23:00:00Z');
    expect(reviewRadarReminder(due, lancaster(), at)).toEqual({ action: 'send', end: due.end });
    const later = reviewRadarReminder(due, lancaster({ end: '2029-05-18T22:59:59Z' }), at);
    expect(later).toMatchObject({ action: 'move', reminder: { months: 12, end: '2029-05-18T22:59:59Z' } });
    expect(reviewRadarReminder(due, lancaster({ end: '2027-06-30T22:59:59Z' }), at)).toEqual({
      action: 'send',
      end: '2027-06-30T22:59:59Z',
    });
    expect(reviewRadarReminder(due, lancaster({ end: '2027-01-01T00:00:00Z' }), at)).toEqual({
      action: 'cancel',
    });
    expect(reviewRadarReminder(due, null, at)).toEqual({ action: 'cancel' });
  });
});

import { describe, expect, it } from 'vitest';
import { buildNotice } from '../../test/support/builders.js';
import { subscriptionBody } from '../../test/support/delivery.js';
import { realMatch } from '../../test/support/matcher.js';
import type { Notice } from '../notices/notice.js';
import { checkSubscription, recipientsFor } from './route.js';
import { Subscription } from './subscription.js';

const SEPT_3 = Date.parse('2026-09-03T12:00:00Z');
const sub = (overrides: Partial<Subscription> = {}): Subscription =>
  Subscription.parse({ ...subscriptionBody(), id: 1, pausedReason: null, ...overrides });
const verdict = (notice: Notice, s: Subscription, outcome: 'new' | 'updated' = 'new') =>
  checkSubscription(notice, outcome, realMatch(notice), s, SEPT_3);
const advocacy = buildNotice({
  title: 'Independent Advocacy Service',
  value: { amount: 100_000, amountGross: 120_000, min: null, currency: 'GBP' },
});

describe('who gets a notice, and why (or why not)', () => {
  it('delivers a matching notice and names the evidence', () => {
    expect(verdict(advocacy, sub())).toEqual({
      deliver: true,
      kind: 'new',
      why: "it matched advocacy (strong: title: 'Independent Advocacy Service' (kind of advocacy))",
    });
  });

  it.each<[string, Partial<Subscription>, Partial<Notice>, string]>([
    [
      'area not followed',
      { areas: ['peer-support'] },
      {},
      'it matched advocacy, which this channel does not follow',
    ],
    [
      'below the floor (VAT-inclusive value)',
      { minValue: 150_000 },
      {},
      "its value (£120,000) is below this channel's floor of £150,000",
    ],
    [
      'above the ceiling',
      { maxValue: 50_000 },
      {},
      "its value (£120,000) is above this channel's ceiling of £50,000",
    ],
    [
      'other region',
      { regions: ['London'] },
      {},
      "it is in Yorkshire and the Humber, outside this channel's regions (London)",
    ],
    [
      'stage not followed',
      { stages: ['opportunities'] },
      { stage: 'award' },
      'it is one of the contract awards, which this channel does not follow',
    ],
    [
      'reserved only',
      { reservedOnly: true },
      {},
      'this channel only wants reserved contracts, and this one is not reserved',
    ],
    [
      'paused',
      { pausedReason: 'the webhook was deleted (Unknown Webhook)' },
      {},
      "this channel's alerts are paused: the webhook was deleted (Unknown Webhook)",
    ],
  ])('holds back when %s', (_name, subOverrides, noticeOverrides, why) => {
    expect(verdict({ ...advocacy, ...noticeOverrides }, sub(subOverrides))).toEqual({ deliver: false, why });
  });

  it('never hides a notice for an unknown value or region', () => {
    expect(
      verdict(
        { ...advocacy, value: null, deliveryRegions: [], buyer: { ...advocacy.buyer, regionName: null } },
        sub({ minValue: 10_000, regions: ['London'] }),
      ).deliver,
    ).toBe(true);
    expect(
      verdict({ ...advocacy, deliveryRegions: ['United Kingdom'] }, sub({ regions: ['London'] })).deliver,
    ).toBe(true);
  });

  it('says why a notice matched no area', () => {
    expect(verdict(buildNotice({ title: 'Legal advocacy framework' }), sub())).toEqual({
      deliver: false,
      why: "it matched no service area (advocacy: title: 'advocacy' is part of excluded 'legal advocacy')",
    });
  });

  it('sends a changed notice as an update only to channels that follow updates', () => {
    expect(verdict(advocacy, sub(), 'updated')).toMatchObject({ deliver: true, kind: 'update' });
    expect(verdict(advocacy, sub({ stages: ['opportunities'] }), 'updated').deliver).toBe(false);
  });

  it('gives reserved-only channels every explicitly reserved contract, whatever the service', () => {
    const reserved = buildNotice({
      title: 'Supply of office furniture',
      reservedParticipation: ['shelteredWorkshop'],
    });
    expect(verdict(reserved, sub({ reservedOnly: true, areas: [] }))).toMatchObject({
      deliver: true,
      why: expect.stringContaining('a reserved contract'),
    });
    expect(verdict(reserved, sub()).deliver).toBe(false);
  });

  it('lists every subscription that should get a notice', () => {
    const subs = [sub({ id: 1 }), sub({ id: 2, areas: ['user-voice'] }), sub({ id: 3, minValue: 1_000_000 })];
    expect(recipientsFor(advocacy, 'new', realMatch(advocacy), subs, SEPT_3)).toEqual([
      { subscriptionId: 1, kind: 'new' },
    ]);
  });
});

describe('new opportunities are open ones', () => {
  it('a tender first seen after its deadline is stored but not announced as new', () => {
    const late = buildNotice({
      title: 'Independent Advocacy Service',
      dates: { ...advocacy.dates, tenderDeadline: '2026-09-01T11:00:00Z' },
    });
    expect(verdict(late, sub())).toEqual({
      deliver: false,
      why:
        'it was first seen after its deadline of Tuesday 1 September 2026, so it is stored and ' +
        'findable but not announced as a new opportunity',
    });
    // A tender with no deadline given, and an update to a closed one, still go out.
    expect(verdict({ ...late, dates: { ...late.dates, tenderDeadline: null } }, sub()).deliver).toBe(true);
    expect(verdict(late, sub(), 'updated').deliver).toBe(true);
  });
});

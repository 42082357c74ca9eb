import type { MatchResult } from '../matching/match-result.js';
import type { Notice } from '../notices/notice.js';
import { planFor, type DeliveryKind, type HoldBack } from './route.js';
import type { Subscription } from './subscription.js';

// The one place that decides who gets what: a saved notice, its match and the subscriptions in, the outbox
// rows to write (and why each other subscription got nothing) out. The store writes the rows in the same
// transaction as the notice; the delivery cycle sends them.

/** An outbox row to write: who, what kind of alert, and whether it waits for a digest. */
export interface PlannedDelivery {
  subscriptionId: number;
  kind: DeliveryKind;
  status: 'pending' | 'digest';
}

export interface DeliveryPlan {
  deliveries: PlannedDelivery[];
  heldBack: { subscriptionId: number; holdBack: HoldBack }[];
}

/** What is known about a notice that was saved as new or updated. */
export interface PlannableNotice {
  notice: Notice;
  outcome: 'new' | 'updated';
  match: MatchResult;
}

/**
 * Plans the alerts for one saved notice. An update goes as an update only to subscriptions that were told
 * about the notice before; to any other it is news, judged as a new notice (so a tender that has closed is
 * not posted there at all). A paused subscription gets nothing (its pause says why).
 */
export function planDeliveries(
  saved: PlannableNotice,
  subscriptions: Subscription[],
  now: number,
  postedTo: ReadonlySet<number>,
): DeliveryPlan {
  const plan: DeliveryPlan = { deliveries: [], heldBack: [] };
  for (const sub of subscriptions) {
    const outcome = saved.outcome === 'updated' && postedTo.has(sub.id) ? 'updated' : 'new';
    const verdict = planFor(saved.notice, outcome, saved.match, sub, now);
    if (!verdict.deliver) {
      plan.heldBack.push({ subscriptionId: sub.id, holdBack: verdict.holdBack });
      continue;
    }
    plan.deliveries.push({
      subscriptionId: sub.id,
      kind: verdict.kind,
      status: sub.mode === 'instant' ? 'pending' : 'digest',
    });
  }
  return plan;
}

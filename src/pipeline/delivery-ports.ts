import type { OutboxItem } from '../alerts/delivery.js';
import type { Subscription } from '../alerts/subscription.js';

// The ports the delivery cycle drains the outbox through: the outbox itself (store/delivery-store.ts), the
// switch that stops all delivery (a refused bot token), and the sinks that post (discord/, the console).

/** Why a send did not work, as the cycle acts on it. */
export type DeliveryFailure =
  /** Not delivered, and safe to send again later (a rate limit on one channel, a refused connection). */
  | 'retry'
  /** May have been delivered (a timeout, a lost connection, a 5xx): look for it before sending again. */
  | 'unknown'
  /** This destination refuses for good (deleted channel or webhook, no access): pause its subscription. */
  | 'refused'
  /** Discord refused this one message (400): it is marked failed; the subscription goes on. */
  | 'bad-message'
  /** Nothing left to send (a radar row whose contract is no longer stored): marked failed, nothing sent. */
  | 'gone'
  /** The bot token was refused (401): all delivery pauses until the token is fixed. */
  | 'unauthorised'
  /** A long rate limit on the whole bot (the global limit): no delivery for `waitMs`; polling goes on. */
  | 'rate-limited'
  /**
   * A long rate limit on one route (this channel's or webhook's bucket, or a shared resource): nothing was
   * sent; this row waits `waitMs`, and every other destination goes on.
   */
  | 'route-limited';

export type SendResult =
  | {
      ok: true;
      messageId: string | null;
      threadId: string | null;
      /** The post was already there from an earlier attempt, so nothing was sent again. */
      found: boolean;
    }
  | { ok: false; failure: DeliveryFailure; reason: string; waitMs?: number };

/** Somewhere alerts go: the bot (channels, forums), webhooks, or the console. */
export interface AlertSink {
  deliver(item: OutboxItem, now: number): Promise<SendResult>;
  /** A daily or weekly digest of the items waiting for one subscription. */
  deliverDigest(
    sub: Subscription,
    items: OutboxItem[],
    period: 'daily' | 'weekly',
    now: number,
  ): Promise<SendResult>;
  /** The one line a channel gets when it reaches its daily limit. */
  deliverOverflow(sub: Subscription, cap: number): Promise<SendResult>;
}

/** The outbox as the delivery cycle drains it. Implemented by store/delivery-store.ts. */
export interface OutboxPort {
  /**
   * Claims up to `limit` due rows for `holder` until `leaseUntil` (rows another drain holds are skipped),
   * so two drains never send the same row.
   */
  claimDue(now: number, limit: number, holder: string, leaseUntil: number): OutboxItem[];
  /** Claims every waiting digest row of one subscription. */
  claimDigest(subscriptionId: number, now: number, holder: string, leaseUntil: number): OutboxItem[];
  subscriptionsWithDigests(mode: 'daily' | 'weekly'): number[];
  /** Records that a send is about to start (before the call), so a crash leaves a trace to look for. */
  begin(ids: number[], at: number): void;
  markSent(ids: number[], messageId: string | null, threadId: string | null, at: number): void;
  /** Not delivered: free the rows and try again at `nextAttemptAt`. */
  markRetry(ids: number[], error: string, nextAttemptAt: number): void;
  /** Perhaps delivered: free the rows, keep the attempt's trace, and look before the next attempt. */
  markUnknown(ids: number[], error: string, nextAttemptAt: number): void;
  markFailed(ids: number[], error: string): void;
  markCapped(id: number): void;
  /** Frees rows claimed but not attempted (a drain that stopped early, or shutdown). */
  release(holder: string): void;
  /** Alerts sent since `since` (radar announcements are not counted: they have their own limit). */
  sentSince(subscriptionId: number, since: number): number;
  /** Records that today's overflow line was sent; false when it already was. */
  noteOverflow(subscriptionId: number, day: string): boolean;
}

/** The subscriptions, as delivery needs them: to find digests and to pause one Discord refuses. */
export interface SubscriptionPauser {
  list(): Subscription[];
  pause(id: number, reason: string): void;
}

/** Delivery as a whole: paused when the bot token is refused (shown in /status), resumed at start-up. */
export interface DeliverySwitch {
  pausedReason(): string | null;
  pause(reason: string): void;
  resume(): void;
}

import { DateTime } from 'luxon';
import type { OutboxItem } from '../alerts/delivery.js';
import type { Subscription } from '../alerts/subscription.js';
import { backoffDelay, type Backoff } from '../shared/backoff.js';
import type { Clock } from '../shared/clock.js';
import type { Logger } from '../shared/logger.js';
import type {
  AlertSink,
  DeliverySwitch,
  OutboxPort,
  SendResult,
  SubscriptionPauser,
} from './delivery-ports.js';

/** A failed delivery is retried after about 30 s, then 1, 2, 4… minutes, never more than an hour apart. */
const DELIVERY_BACKOFF: Backoff = { baseMs: 30_000, maxMs: 3_600_000 };

export interface DeliveryDeps {
  outbox: OutboxPort;
  subscriptions: SubscriptionPauser;
  switch: DeliverySwitch;
  /** The sink for a subscription's target, or null when this process cannot deliver there. */
  sinkFor(sub: Subscription): AlertSink | null;
  clock: Clock;
  log: Logger;
  /** Who holds the rows this process claims (host and pid), so leases name their owner. */
  holder: string;
  /** How long a claim lasts: longer than the slowest send, so a row is never claimed twice while sent. */
  leaseMs?: number;
  /** Give up on one message after this many failed attempts (it stays visible in /status). */
  maxAttempts?: number;
  /** Runs after each drain, in the same queue (the first-time bidders' direct messages). */
  afterDrain?: () => Promise<void>;
  /** Told what each drain did (log lines, metrics). */
  onDrained?: (summary: DrainSummary) => void;
  /**
   * How many subscriptions (channels) may have a message in flight at once (default 8): Discord takes tens
   * of milliseconds to answer, and one at a time would reach a fraction of the allowed rate.
   */
  channelsInFlight?: number;
  /**
   * The least time between the starts of two sends (ms, by the real clock): keeps every second's window
   * under Discord's global limit whatever its phase, so the limit is never met as a 429. 0: no pacing.
   */
  sendSpacingMs?: number;
  /** Names the work while it runs (so shutdown can say what it waits for). */
  track?: <T>(what: string, work: () => Promise<T>) => Promise<T>;
}

export interface DrainSummary {
  sent: number;
  retried: number;
  failed: number;
  capped: number;
  /** Posts found already made by an earlier attempt whose outcome was unknown, so not sent again. */
  found: number;
}

const empty = (): DrainSummary => ({ sent: 0, retried: 0, failed: 0, capped: 0, found: 0 });

/** A send that Discord accepted but the store could not record: held until it can, and nothing else goes. */
interface Unrecorded {
  ids: number[];
  messageId: string | null;
  threadId: string | null;
  at: number;
}

/**
 * The delivery cycle: drains the outbox through the sinks, one drain at a time in this process (a second
 * request while one runs queues one more run), with each row claimed under a lease first, so overlapping
 * drains (after a poll, on the timer, in another process) never send a row twice. Polling never waits for
 * it: `kick` returns at once.
 */
export function createDelivery(deps: DeliveryDeps) {
  const leaseMs = deps.leaseMs ?? 10 * 60_000;
  const maxAttempts = deps.maxAttempts ?? 10;
  const inFlight = Math.max(1, deps.channelsInFlight ?? 8);
  const spacingMs = deps.sendSpacingMs ?? 0;
  let lastStart = -Infinity;
  let queue: Promise<unknown> = Promise.resolve();
  let pending = false;
  let holdUntil = 0;
  const unrecorded: Unrecorded[] = [];

  /** Runs `work` after whatever delivery work is queued, so there is only ever one at a time. */
  function serially<T>(work: () => Promise<T>, what = 'sending alerts'): Promise<T> {
    const tracked = () => (deps.track ? deps.track(what, work) : work());
    const run = queue.then(tracked, tracked);
    queue = run.catch(() => undefined);
    return run;
  }

  /** Writes the "sent" marks that failed earlier; false while the store still refuses them. */
  function flushUnrecorded(): boolean {
    while (unrecorded.length > 0) {
      const mark = unrecorded[0];
      if (!mark) break;
      try {
        deps.outbox.markSent(mark.ids, mark.messageId, mark.threadId, mark.at);
        unrecorded.shift();
      } catch (err) {
        deps.log.error(
          { outbox: mark.ids, err: errorText(err) },
          'Still cannot record a delivered alert; nothing more is sent until the database is writable',
        );
        return false;
      }
    }
    return true;
  }

  /** Records the result of one send; false when the drain must stop (all delivery is held). */
  function settle(items: OutboxItem[], result: SendResult, summary: DrainSummary): boolean {
    const ids = items.map((i) => i.id);
    const now = deps.clock.now();
    if (result.ok) {
      try {
        deps.outbox.markSent(ids, result.messageId, result.threadId, now);
      } catch (err) {
        // Discord has the message: sending it again would double it. Keep the mark and stop sending.
        unrecorded.push({ ids, messageId: result.messageId, threadId: result.threadId, at: now });
        deps.log.error(
          { outbox: ids, err: errorText(err) },
          'Delivered, but the database would not record it; sending stops until it is writable',
        );
        return false;
      }
      if (result.found) summary.found++;
      else summary.sent++;
      return true;
    }
    const first = items[0];
    const sub = first?.subscription;
    switch (result.failure) {
      case 'refused':
        if (sub) deps.subscriptions.pause(sub.id, result.reason);
        deps.outbox.markFailed(ids, result.reason);
        deps.log.warn(
          { subscription: sub?.id, guild: sub?.guildId, reason: result.reason },
          'Delivery refused for good; subscription paused',
        );
        summary.failed++;
        return true;
      case 'bad-message':
        deps.outbox.markFailed(ids, result.reason);
        deps.log.error({ outbox: ids, reason: result.reason }, 'Discord refused this message');
        summary.failed++;
        return true;
      case 'gone':
        deps.outbox.markFailed(ids, result.reason);
        deps.log.warn({ outbox: ids, reason: result.reason }, 'Nothing to send for this row');
        summary.failed++;
        return true;
      case 'unauthorised':
        deps.switch.pause(result.reason);
        deps.outbox.markRetry(ids, result.reason, now);
        deps.log.error(
          { reason: result.reason },
          'Discord refused the bot token: all delivery is paused (nothing is lost) until it is fixed and ' +
            'the ' +
            'worker restarted',
        );
        return false;
      case 'rate-limited': {
        const wait = result.waitMs ?? 60_000;
        holdUntil = now + wait;
        deps.outbox.markRetry(ids, result.reason, holdUntil);
        deps.log.warn(
          { waitMs: wait, reason: result.reason },
          'Discord asked the bot to wait; polling ' + 'goes on',
        );
        return false;
      }
      case 'route-limited': {
        // Nothing was sent (the REST client refused before sending, or Discord answered 429): the row waits
        // out this destination's limit, and the drain goes on with the others.
        const wait = result.waitMs ?? 60_000;
        deps.outbox.markRetry(ids, result.reason, now + wait);
        deps.log.warn(
          { subscription: sub?.id, waitMs: wait, reason: result.reason },
          'Discord asked the bot to wait before posting here again; other destinations go on',
        );
        summary.retried++;
        return true;
      }
      case 'retry':
      case 'unknown': {
        const attempts = (first?.attempts ?? 0) + 1;
        if (attempts >= maxAttempts) {
          deps.outbox.markFailed(ids, result.reason);
          summary.failed++;
          return true;
        }
        const wait = Math.max(result.waitMs ?? 0, backoffDelay(attempts, DELIVERY_BACKOFF));
        if (result.failure === 'unknown') deps.outbox.markUnknown(ids, result.reason, now + wait);
        else deps.outbox.markRetry(ids, result.reason, now + wait);
        deps.log.warn(
          { outbox: ids, attempts, waitMs: wait, reason: result.reason },
          'Delivery failed; ' + 'will retry',
        );
        summary.retried++;
        return true;
      }
    }
  }

  function releaseClaims(): void {
    try {
      deps.outbox.release(deps.holder);
    } catch (err) {
      deps.log.warn({ err: errorText(err) }, 'Could not release claimed alerts; their leases will expire');
    }
  }

  async function overflow(sink: AlertSink, sub: Subscription, day: string): Promise<void> {
    // Recorded before it is sent: at most one note a day, even if the send is lost.
    if (!deps.outbox.noteOverflow(sub.id, day)) return;
    const result = await sink.deliverOverflow(sub, sub.dailyCap);
    if (!result.ok)
      deps.log.warn({ subscription: sub.id, reason: result.reason }, 'Daily-limit note not ' + 'sent');
  }

  /** Sends one claimed row (or caps it); false when the drain must stop (all delivery is held). */
  async function deliverOne(item: OutboxItem, summary: DrainSummary): Promise<boolean> {
    const sub = item.subscription;
    const sink = deps.sinkFor(sub);
    if (sub.pausedReason || !sink) return true;
    const { start, day } = startOfDay(deps.clock.now(), sub.timezone);
    // Radar announcements have their own daily limit (RADAR_DAILY_LIMIT), kept when they are queued.
    if (item.kind !== 'radar' && deps.outbox.sentSince(sub.id, start) >= sub.dailyCap) {
      deps.outbox.markCapped(item.id);
      summary.capped++;
      await overflow(sink, sub, day);
      return true;
    }
    deps.outbox.begin([item.id], deps.clock.now());
    const result = await sink.deliver(item, deps.clock.now());
    return settle([item], result, summary);
  }

  /**
   * Sends the claimed rows in their order, several subscriptions (channels) at once but never two rows of
   * one subscription at a time, so each channel gets its alerts in order, its daily cap is counted between
   * its own sends, and its rate bucket sees one request at a time. Each row goes through the same claim,
   * begin, send, settle steps as when they were sent one by one. After a stop (a 429, a refused token, a
   * mark that could not be written) nothing more starts; the sends already in flight finish and are
   * settled before the claims are released. The first send of a drain goes alone: a refused token or a
   * rate limit met at once stops the drain before any second request is made.
   */
  async function sendClaimed(items: OutboxItem[], summary: DrainSummary): Promise<void> {
    const waiting = [...items];
    const busy = new Set<number>();
    let stopped = false;
    let failure: { err: unknown } | null = null;
    let running = 0;
    let proven = false;
    let paced = false;
    await new Promise<void>((resolve) => {
      const pump = () => {
        while (!stopped && !paced && running < (proven ? inFlight : 1)) {
          const wait = lastStart + spacingMs - performance.now();
          if (wait > 0 && waiting.length > 0) {
            paced = true;
            setTimeout(() => {
              paced = false;
              pump();
            }, wait);
            break;
          }
          const index = waiting.findIndex((i) => !busy.has(i.subscription.id));
          const item = index < 0 ? undefined : waiting.splice(index, 1)[0];
          if (!item) break;
          const sub = item.subscription.id;
          busy.add(sub);
          running++;
          // On schedule: a timer that fired a little late does not slow every later send.
          const startedAt = performance.now();
          lastStart = startedAt - lastStart < 2 * spacingMs ? lastStart + spacingMs : startedAt;
          const settled = (go: boolean) => {
            if (!go) stopped = true;
            else proven = true;
            busy.delete(sub);
            running--;
            pump();
          };
          deliverOne(item, summary).then(settled, (err: unknown) => {
            failure ??= { err };
            settled(false);
          });
        }
        if (running === 0 && !paced) resolve();
      };
      pump();
    });
    if (failure) throw (failure as { err: unknown }).err;
  }

  async function drainOnce(limit: number): Promise<DrainSummary> {
    const summary = empty();
    if (deps.switch.pausedReason() || deps.clock.now() < holdUntil || !flushUnrecorded()) return summary;
    const now = deps.clock.now();
    const items = deps.outbox.claimDue(now, limit, deps.holder, now + leaseMs);
    try {
      await sendClaimed(items, summary);
    } finally {
      // Rows claimed but not reached (a drain that stopped early) go back at once; if the store cannot take
      // even that, their leases run out on their own. Only after every send in flight has settled.
      releaseClaims();
    }
    return summary;
  }

  async function digestsOnce(mode: 'daily' | 'weekly', hour: number): Promise<number> {
    let sent = 0;
    if (deps.switch.pausedReason() || deps.clock.now() < holdUntil || !flushUnrecorded()) return sent;
    const subs = new Map(deps.subscriptions.list().map((s) => [s.id, s]));
    for (const subscriptionId of deps.outbox.subscriptionsWithDigests(mode)) {
      const sub = subs.get(subscriptionId);
      const sink = sub ? deps.sinkFor(sub) : null;
      if (!sub || !sink) continue;
      const local = DateTime.fromMillis(deps.clock.now(), { zone: sub.timezone });
      if (local.hour !== hour || (mode === 'weekly' && local.weekday !== 1)) continue;
      const now = deps.clock.now();
      const items = deps.outbox.claimDigest(subscriptionId, now, deps.holder, now + leaseMs);
      if (items.length === 0) continue;
      deps.outbox.begin(
        items.map((i) => i.id),
        now,
      );
      const result = await sink.deliverDigest(sub, items, mode, now);
      if (result.ok && !result.found) sent++;
      const go = settle(items, result, empty());
      releaseClaims();
      if (!go) break;
    }
    return sent;
  }

  return {
    /**
     * Asks for a drain soon and returns at once (a drain already running is followed by one more), so a
     * slow or rate-limited Discord never delays polling.
     */
    kick(): void {
      if (pending) return;
      pending = true;
      void serially(async () => {
        pending = false;
        deps.onDrained?.(await drainOnce(200));
        await deps.afterDrain?.();
      }).catch((err: unknown) => deps.log.error({ err: errorText(err) }, 'Delivery failed'));
    },
    /** Drains now, after any drain in progress, and says what happened (commands, tests, shutdown). */
    drain: (limit = 200) =>
      serially(async () => {
        const summary = await drainOnce(limit);
        deps.onDrained?.(summary);
        await deps.afterDrain?.();
        return summary;
      }),
    /** Sends the daily or weekly digests due at this hour, in the same queue as drains. */
    digests: (mode: 'daily' | 'weekly', hour = 8) =>
      serially(() => digestsOnce(mode, hour), 'sending digests'),
    /** Resolves when the delivery work queued so far has finished. */
    idle: () => serially(() => Promise.resolve()),
  };
}

export type Delivery = ReturnType<typeof createDelivery>;

function startOfDay(now: number, zone: string): { start: number; day: string } {
  const today = DateTime.fromMillis(now, { zone }).startOf('day');
  return { start: today.toMillis(), day: today.toISODate() ?? '' };
}

const errorText = (err: unknown) => (err instanceof Error ? err.message : String(err));

import { DateTime } from 'luxon';
import type { RESTPostAPIChannelMessageJSONBody } from 'discord-api-types/v10';
import type { Subscription } from '../alerts/subscription.js';
import type { OutboxItem } from '../alerts/delivery.js';
import { backoffDelay, type Backoff } from '../shared/backoff.js';
import type { Clock } from '../shared/clock.js';
import type { Logger } from '../shared/logger.js';
import { classifyDeliveryError, type MessageTransport } from './client.js';
import { radarThreadName } from '../radar/radar-text.js';
import { buildAlertMessage, buildDigestMessages, buildOverflowMessage, LIMITS, trimTo } from './embeds.js';

/** The outbox, as the sender drains it. Implemented by store/delivery-store.ts. */
export interface OutboxStore {
  due(now: number, limit: number): OutboxItem[];
  digestItems(subscriptionId: number): OutboxItem[];
  subscriptionsWithDigests(mode: 'daily' | 'weekly'): number[];
  markSent(id: number, messageId: string | null, threadId: string | null, at: number): void;
  markRetry(id: number, error: string, nextAttemptAt: number): void;
  markFailed(id: number, error: string): void;
  markCapped(id: number): void;
  sentSince(subscriptionId: number, since: number): number;
  /** Records that today's overflow line was sent; false when it already was. */
  noteOverflow(subscriptionId: number, day: string): boolean;
}

/** The subscriptions, as the sender needs them: to find digests and to pause a channel Discord refuses. */
export interface SubscriptionPauser {
  list(): Subscription[];
  pause(id: number, reason: string): void;
}

export interface SenderDeps {
  outbox: OutboxStore;
  subscriptions: SubscriptionPauser;
  transport: MessageTransport;
  clock: Clock;
  log: Logger;
  areaLabel: (id: string) => string;
  sourceLabel: (id: string) => string;
  /** Give up on one message after this many transient failures (it stays visible in /status). */
  maxAttempts?: number;
  /**
   * The body of a radar "coming up" announcement (discord/radar-message.ts); null when it cannot be built.
   */
  radarMessage?: (item: OutboxItem) => RESTPostAPIChannelMessageJSONBody | null;
  /** A sentence for an alert's lead ("This may be the re-procurement of …"), or null. */
  alertNote?: (item: OutboxItem) => string | null;
  /** For channels with nudges on: the first-time bidder guide to post as a reply after a new opportunity. */
  guideAfter?: (item: OutboxItem) => RESTPostAPIChannelMessageJSONBody[] | null;
}

/** A failed delivery is retried after about 30 s, then 1, 2, 4… minutes, never more than an hour apart. */
const DELIVERY_BACKOFF: Backoff = { baseMs: 30_000, maxMs: 3_600_000 };

export interface DrainSummary {
  sent: number;
  retried: number;
  failed: number;
  capped: number;
}

/** Sends one body to wherever the subscription points; returns the message (and thread) it made. */
async function deliver(
  transport: MessageTransport,
  sub: Subscription,
  body: RESTPostAPIChannelMessageJSONBody,
  opts: { threadName: string; tags: string[]; original: OutboxItem['original'] },
): Promise<{ messageId: string; threadId: string | null }> {
  const target = sub.target;
  if (target.kind === 'webhook')
    return {
      messageId: (await transport.postWebhook(target.webhookId, target.webhookToken, body)).id,
      threadId: null,
    };
  if (opts.original?.threadId)
    return {
      messageId: (await transport.postMessage(opts.original.threadId, body)).id,
      threadId: opts.original.threadId,
    };
  if (target.kind === 'forum') {
    const ids = target.tags
      .filter((t) => opts.tags.some((name) => name.toLowerCase() === t.name.toLowerCase()))
      .map((t) => t.id);
    const thread = await transport.startThread(
      target.channelId,
      trimTo(opts.threadName, LIMITS.threadName),
      body,
      ids,
    );
    return { messageId: thread.messageId, threadId: thread.threadId };
  }
  const reference = opts.original
    ? { message_reference: { message_id: opts.original.messageId, fail_if_not_exists: false } }
    : {};
  return {
    messageId: (await transport.postMessage(target.channelId, { ...body, ...reference })).id,
    threadId: null,
  };
}

function startOfDay(now: number, zone: string): { start: number; day: string } {
  const today = DateTime.fromMillis(now, { zone }).startOf('day');
  return { start: today.toMillis(), day: today.toISODate() ?? '' };
}

/** Forum tags a notice should carry: its area labels, its region, and "reserved" when it is. */
function tagsFor(item: OutboxItem, areaLabel: (id: string) => string): string[] {
  return [
    ...item.match.areas.map((a) => areaLabel(a.rule)),
    ...item.match.areas.map((a) => a.rule),
    ...(item.notice.buyer.regionName ? [item.notice.buyer.regionName] : []),
    ...(item.match.reserved ? ['reserved'] : []),
  ];
}

function handleFailure(deps: SenderDeps, item: OutboxItem, err: unknown, summary: DrainSummary): void {
  const { permanent, reason } = classifyDeliveryError(err);
  if (permanent) {
    deps.subscriptions.pause(item.subscription.id, reason);
    deps.outbox.markFailed(item.id, reason);
    deps.log.warn(
      { subscription: item.subscription.id, guild: item.subscription.guildId, reason },
      'Delivery refused for good; subscription paused',
    );
    summary.failed++;
    return;
  }
  const attempts = item.attempts + 1;
  if (attempts >= (deps.maxAttempts ?? 10)) {
    deps.outbox.markFailed(item.id, reason);
    summary.failed++;
    return;
  }
  const wait = backoffDelay(attempts, DELIVERY_BACKOFF);
  deps.outbox.markRetry(item.id, reason, deps.clock.now() + wait);
  deps.log.warn({ outbox: item.id, attempts, waitMs: wait, reason }, 'Delivery failed; will retry');
  summary.retried++;
}

/**
 * Sends what is due in the outbox, one message at a time through the REST client's rate-limit queue. Each
 * message carries its stored nonce with enforce_nonce, so a resend after a crash (sent, but not yet marked)
 * returns the message Discord already made instead of posting twice. Permanent refusals pause the
 * subscription.
 */
export async function drainOutbox(deps: SenderDeps, limit = 200): Promise<DrainSummary> {
  const summary: DrainSummary = { sent: 0, retried: 0, failed: 0, capped: 0 };
  for (const item of deps.outbox.due(deps.clock.now(), limit)) {
    const sub = item.subscription;
    if (sub.pausedReason) continue;
    const { start, day } = startOfDay(deps.clock.now(), sub.timezone);
    // Radar announcements have their own daily limit (RADAR_DAILY_LIMIT), set when they are queued.
    if (item.kind !== 'radar' && deps.outbox.sentSince(sub.id, start) >= sub.dailyCap) {
      deps.outbox.markCapped(item.id);
      summary.capped++;
      if (deps.outbox.noteOverflow(sub.id, day)) {
        await deliver(deps.transport, sub, buildOverflowMessage(sub.dailyCap), {
          threadName: 'Daily limit reached',
          tags: [],
          original: null,
        }).catch((err: unknown) => handleFailure(deps, item, err, summary));
      }
      continue;
    }
    const message =
      item.kind === 'radar'
        ? (deps.radarMessage?.(item) ?? null)
        : buildAlertMessage({
            notice: item.notice,
            match: item.match,
            kind: item.kind,
            changes: item.changes,
            now: deps.clock.now(),
            areaLabel: deps.areaLabel,
            sourceLabel: deps.sourceLabel,
            noticeRef: item.noticeRowId,
            note: deps.alertNote?.(item) ?? null,
          });
    if (!message) {
      deps.outbox.markFailed(item.id, 'the contract is no longer stored');
      summary.failed++;
      continue;
    }
    const body = { ...message, nonce: item.nonce, enforce_nonce: true };
    try {
      const sent = await deliver(deps.transport, sub, body, {
        threadName: item.kind === 'radar' ? radarThreadName(item.notice.title) : item.notice.title,
        tags: tagsFor(item, deps.areaLabel),
        original: item.kind === 'update' ? item.original : null,
      });
      deps.outbox.markSent(item.id, sent.messageId, sent.threadId, deps.clock.now());
      summary.sent++;
      await postGuide(deps, item, sent);
    } catch (err) {
      handleFailure(deps, item, err, summary);
    }
  }
  return summary;
}

/** Best effort: the guide follows its alert as a reply; a failure here never un-sends the alert. */
async function postGuide(
  deps: SenderDeps,
  item: OutboxItem,
  sent: { messageId: string; threadId: string | null },
): Promise<void> {
  const bodies = deps.guideAfter?.(item) ?? [];
  try {
    for (const [index, body] of bodies.entries()) {
      await deliver(
        deps.transport,
        item.subscription,
        { ...body, nonce: `g${item.id}p${index}`, enforce_nonce: true },
        { threadName: item.notice.title, tags: [], original: sent },
      );
    }
  } catch (err) {
    deps.log.warn(
      { outbox: item.id, err: err instanceof Error ? err.message : String(err) },
      'Guide after alert not delivered',
    );
  }
}

/**
 * Sends the daily or weekly digests that are due: for each subscription in that mode whose local time is the
 * digest hour (and Monday, for weekly), all waiting notices in sectioned messages. Nothing waiting, nothing
 * sent.
 */
export async function sendDigests(deps: SenderDeps, mode: 'daily' | 'weekly', hour = 8): Promise<number> {
  let messages = 0;
  const subs = new Map(deps.subscriptions.list().map((s) => [s.id, s]));
  for (const subscriptionId of deps.outbox.subscriptionsWithDigests(mode)) {
    const sub = subs.get(subscriptionId);
    if (!sub) continue;
    const local = DateTime.fromMillis(deps.clock.now(), { zone: sub.timezone });
    if (local.hour !== hour || (mode === 'weekly' && local.weekday !== 1)) continue;
    const items = deps.outbox.digestItems(subscriptionId);
    const bodies = buildDigestMessages(
      items.map((i) => ({ notice: i.notice, kind: i.kind, changes: i.changes })),
      mode,
      deps.clock.now(),
    );
    try {
      let first: { messageId: string; threadId: string | null } | null = null;
      for (const [index, body] of bodies.entries()) {
        const sent = await deliver(
          deps.transport,
          sub,
          { ...body, nonce: `d${items[0]?.id ?? 0}p${index}`, enforce_nonce: true },
          { threadName: `Tender Nudge ${mode} digest ${local.toISODate()}`, tags: [], original: null },
        );
        first ??= sent;
        messages++;
      }
      for (const item of items)
        deps.outbox.markSent(item.id, first?.messageId ?? null, first?.threadId ?? null, deps.clock.now());
    } catch (err) {
      const first = items[0];
      if (first) handleFailure(deps, first, err, { sent: 0, retried: 0, failed: 0, capped: 0 });
    }
  }
  return messages;
}

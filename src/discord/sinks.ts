import type { OutboxItem } from '../alerts/delivery.js';
import type { Subscription } from '../alerts/subscription.js';
import type { AlertSink, SendResult } from '../pipeline/delivery-ports.js';
import type { Logger } from '../shared/logger.js';
import { failureOf, type MessageTransport, type PostLookup } from './client.js';
import { BlankMessagesError, findEarlierPost, leadOf } from './lookup.js';
import {
  alertMessage,
  digestMessages,
  forDelivery,
  overflowMessage,
  radarMessage,
  threadName,
  type Destination,
  type OutgoingMessage,
  type RadarMessageInput,
} from './messages.js';
import { radarThreadName } from '../radar/radar-text.js';

// The Discord sinks: the bot (channels and forums) and webhooks. Each builds its bodies with the one message
// builder, looks for a post an earlier attempt may have made before making it again, and turns Discord's
// answer into what the delivery cycle acts on.

export interface DiscordSinkDeps {
  transport: MessageTransport;
  /** How to look for a post an earlier, unanswered attempt may have made; null: no way to look. */
  lookup: PostLookup | null;
  areaLabel: (id: string) => string;
  sourceLabel: (id: string) => string;
  log: Logger;
  /** For channels with nudges on: the first-time bidder guide to post as a reply after a new opportunity. */
  guideAfter?: (item: OutboxItem) => OutgoingMessage[] | null;
  /**
   * What a radar row announces (the contract as the radar knows it now); null when it is no longer stored.
   */
  radarInput?: (item: OutboxItem, now: number) => RadarMessageInput | null;
  /** A raw sentence for a new alert's lead ("This may be the re-procurement of …"), or null. */
  alertNote?: (item: OutboxItem) => string | null;
}

type Posted = { messageId: string; threadId: string | null };

/** What a subscription's target may carry, and the role it asked to be mentioned. */
function destinationOf(sub: Subscription): Destination {
  const kind = sub.target.kind === 'console' ? 'channel' : sub.target.kind;
  return { kind, mentionRoleId: sub.mentionRoleId };
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

/**
 * The tag ids for a post: those whose names fit, the unmoderated ones (the bot is not asked for Manage
 * Threads); the forum's first unmoderated tag when it requires one and none fit (else its first tag, which
 * Discord may refuse: the subscription then pauses and says why).
 */
function tagIds(
  target: { tags: { id: string; name: string; moderated?: boolean }[]; requiresTag: boolean },
  names: string[],
) {
  const open = target.tags.filter((t) => !t.moderated);
  const matching = open
    .filter((t) => names.some((name) => name.toLowerCase() === t.name.toLowerCase()))
    .map((t) => t.id);
  // A forum that requires a tag refuses an untagged post (40067).
  const first = open[0] ?? target.tags[0];
  return matching.length === 0 && target.requiresTag && first ? [first.id] : matching;
}

/**
 * Posts one body where the subscription points: a reply in a thread, a new forum post, or a channel message.
 */
async function post(
  transport: MessageTransport,
  sub: Subscription,
  body: OutgoingMessage,
  opts: { nonce: string; title: string; tags: string[]; replyTo: Posted | null },
): Promise<Posted> {
  const target = sub.target;
  if (target.kind === 'webhook') {
    const sent = await transport.postWebhook(target.webhookId, target.webhookToken, forDelivery(body, {}));
    return { messageId: sent.id, threadId: null };
  }
  if (target.kind === 'console') throw new Error('the console is not a Discord target');
  if (opts.replyTo?.threadId) {
    const sent = await transport.postMessage(opts.replyTo.threadId, forDelivery(body, { nonce: opts.nonce }));
    return { messageId: sent.id, threadId: opts.replyTo.threadId };
  }
  if (target.kind === 'forum') {
    const ids = tagIds(target, opts.tags);
    const thread = await transport.startThread(target.channelId, threadName(opts.title), body, ids);
    return { messageId: thread.messageId, threadId: thread.threadId };
  }
  const replyTo = opts.replyTo?.messageId ?? null;
  const sent = await transport.postMessage(
    target.channelId,
    forDelivery(body, { nonce: opts.nonce, replyTo }),
  );
  return { messageId: sent.id, threadId: null };
}

const ok = (posted: Posted, found = false): SendResult => ({ ok: true, ...posted, found });

/**
 * The bot's sink (channels and forums) or the webhook sink, as `via` says: the same builder and the same
 * care, with a 401 read as the bot's token (pause all delivery) or the webhook's (pause that subscription).
 */
export function createDiscordSink(deps: DiscordSinkDeps, via: 'bot' | 'webhook'): AlertSink {
  const fail = (err: unknown): SendResult => ({ ok: false, ...failureOf(err, via) });

  /**
   * Looks for the post an unanswered attempt may have made; null when it is not there (or cannot be seen).
   */
  async function earlier(
    sub: Subscription,
    at: number | null,
    match: Parameters<typeof findEarlierPost>[3],
  ): Promise<Posted | SendResult | null> {
    if (at === null || !deps.lookup) return null;
    try {
      return await findEarlierPost(deps.lookup, sub, at, match);
    } catch (err) {
      // Discord hid the webhook's messages' text (no Message Content Intent): the post may be there, unseen.
      // As before, the alert is sent again (it may repeat), now with a warning that says how to stop that.
      if (err instanceof BlankMessagesError) {
        deps.log.warn(
          { subscription: sub.id, reason: err.message },
          'Could not recognise an earlier attempt',
        );
        return null;
      }
      const failure = failureOf(err, 'bot');
      // Discord did not answer the look-up (5xx, timeout, rate limit) or refused the token: nothing is sent
      // until it can look, so a post it made is never made twice; the row is tried again later.
      if (failure.failure !== 'refused' && failure.failure !== 'bad-message')
        return {
          ok: false,
          ...failure,
          failure: failure.failure === 'unauthorised' ? 'unauthorised' : 'unknown',
        };
      // No way to look here (no access to the channel's history, or no bot in a webhook's channel): the
      // channel's nonce still stops a repeat within Discord's window; a webhook or forum post may repeat.
      deps.log.warn(
        { subscription: sub.id, err: err instanceof Error ? err.message : String(err) },
        'Could not look for an earlier attempt; sending again',
      );
      return null;
    }
  }
  /** Turns what `earlier` found into the result to return, or null to go on and send. */
  const settle = (found: Posted | SendResult | null): SendResult | null => {
    if (!found) return null;
    return 'ok' in found ? found : ok(found, true);
  };

  /** Best effort: the guide follows its alert as a reply; a failure here never un-sends the alert. */
  async function postGuide(item: OutboxItem, sent: Posted): Promise<void> {
    const bodies = deps.guideAfter?.(item) ?? [];
    try {
      for (const [index, body] of bodies.entries())
        await post(deps.transport, item.subscription, body, {
          nonce: `g${item.id}p${index}`,
          title: item.notice.title,
          tags: [],
          replyTo: sent,
        });
    } catch (err) {
      deps.log.warn(
        { outbox: item.id, err: err instanceof Error ? err.message : String(err) },
        'Guide after alert not delivered',
      );
    }
  }

  /** A radar "coming up" announcement: its own body and thread title, looked for like any alert. */
  async function deliverRadar(item: OutboxItem, now: number): Promise<SendResult> {
    const sub = item.subscription;
    const input = deps.radarInput?.(item, now) ?? null;
    if (!input) return { ok: false, failure: 'gone', reason: 'the contract is no longer stored' };
    const body = radarMessage(input, destinationOf(sub));
    const title = radarThreadName(item.notice.title);
    // Webhook posts carry no buttons: there the start of the text is all there is to know it by.
    const viaWebhook = sub.target.kind === 'webhook';
    const settled = settle(
      await earlier(sub, item.attemptedAt, {
        threadName: threadName(title),
        inThread: null,
        customId: viaWebhook ? null : `tn:radar-remind:${item.noticeRowId}`,
        embedTitle: null,
        content: body.content?.slice(0, 200) ?? null,
      }),
    );
    if (settled) return settled;
    try {
      const tags = tagsFor(item, deps.areaLabel);
      return ok(await post(deps.transport, sub, body, { nonce: item.nonce, title, tags, replyTo: null }));
    } catch (err) {
      return fail(err);
    }
  }

  return {
    async deliver(item, now) {
      if (item.kind === 'radar') return deliverRadar(item, now);
      const sub = item.subscription;
      const kind = item.kind;
      const body = alertMessage(
        {
          notice: item.notice,
          match: item.match,
          kind,
          changes: item.changes,
          now,
          areaLabel: deps.areaLabel,
          sourceLabel: deps.sourceLabel,
          noticeRef: item.noticeRowId,
          note: kind === 'new' ? (deps.alertNote?.(item) ?? null) : null,
        },
        destinationOf(sub),
      );
      const replyTo = kind === 'update' ? item.original : null;
      const viaWebhook = sub.target.kind === 'webhook';
      const settled = settle(
        await earlier(sub, item.attemptedAt, {
          threadName: replyTo ? null : threadName(item.notice.title),
          inThread: replyTo?.threadId ?? null,
          // Webhook messages carry no buttons: their embed's title and link (the notice's page) instead.
          customId: viaWebhook ? null : `tn:remind:${item.noticeRowId}`,
          embedTitle: viaWebhook ? (body.embeds?.[0]?.title ?? null) : null,
          embedUrl: viaWebhook ? (body.embeds?.[0]?.url ?? null) : null,
          lead: leadOf(body.content),
        }),
      );
      if (settled) return settled;
      try {
        const sent = await post(deps.transport, sub, body, {
          nonce: item.nonce,
          title: item.notice.title,
          tags: tagsFor(item, deps.areaLabel),
          replyTo,
        });
        await postGuide(item, sent);
        return ok(sent);
      } catch (err) {
        // The post an update replies in was archived, locked or deleted: that one thread is gone, not the
        // forum, so the update becomes a post of its own instead of pausing the subscription.
        if (replyTo?.threadId && failureOf(err, via).failure === 'refused')
          try {
            const sent = await post(deps.transport, sub, body, {
              nonce: item.nonce,
              title: item.notice.title,
              tags: tagsFor(item, deps.areaLabel),
              replyTo: null,
            });
            return ok(sent);
          } catch (again) {
            return fail(again);
          }
        return fail(err);
      }
    },

    async deliverDigest(sub, items, period, now) {
      const bodies = digestMessages(
        items.map((i) => ({ notice: i.notice, kind: i.kind, changes: i.changes })),
        period,
        now,
        destinationOf(sub),
      );
      const title = `Tender Nudge ${period} digest ${new Date(now).toISOString().slice(0, 10)}`;
      const attemptedAt = items.find((i) => i.attemptedAt !== null)?.attemptedAt ?? null;
      const settled = settle(
        await earlier(sub, attemptedAt, {
          threadName: threadName(title),
          inThread: null,
          customId: null,
          embedTitle: null,
          content: bodies[0]?.content?.slice(0, 200) ?? null,
        }),
      );
      if (settled) return settled;
      let first: Posted | null = null;
      try {
        for (const [index, body] of bodies.entries()) {
          // In a forum the digest is one post: its later parts are replies inside it.
          const sent = await post(deps.transport, sub, body, {
            nonce: `d${items[0]?.id ?? 0}p${index}`,
            title,
            tags: [],
            replyTo: sub.target.kind === 'forum' ? first : null,
          });
          first ??= sent;
        }
        return ok(first ?? { messageId: '', threadId: null });
      } catch (err) {
        // Parts already posted stay posted: each part's nonce keeps a channel resend from doubling them.
        return fail(err);
      }
    },

    async deliverOverflow(sub, cap) {
      try {
        const sent = await post(deps.transport, sub, overflowMessage(cap, destinationOf(sub)), {
          nonce: `o${sub.id}d${Math.floor(Date.now() / 86_400_000)}`,
          title: 'Daily limit reached',
          tags: [],
          replyTo: null,
        });
        return ok(sent);
      } catch (err) {
        return fail(err);
      }
    },
  };
}

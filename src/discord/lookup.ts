import type { Subscription } from '../alerts/subscription.js';
import type { PostLookup } from './client.js';

// After an attempt whose outcome is unknown (the worker stopped mid-send, or Discord did not answer), the
// next attempt first looks for the post it may have made. Discord ids are snowflakes that carry their
// creation time, so only posts made since the attempt started are considered.

const DISCORD_EPOCH = 1_420_070_400_000;
/** Clocks differ a little: a post up to this long before the recorded start still counts. */
const CLOCK_SLACK_MS = 10_000;

/** The snowflake of the first instant a post could have been made at. */
export function snowflakeAt(ms: number): string {
  return (BigInt(Math.max(0, ms - DISCORD_EPOCH)) << 22n).toString();
}

/** When a snowflake id was made. */
export function snowflakeTime(id: string): number {
  return Number(BigInt(id) >> 22n) + DISCORD_EPOCH;
}

/** What an earlier attempt's post looks like. */
export interface PostMatch {
  /** A new forum post: its title. */
  threadName: string | null;
  /** A reply inside this thread. */
  inThread: string | null;
  /** A button id only this notice's alerts carry (`tn:remind:<notice row>`). */
  customId: string | null;
  /** The embed title (webhook alerts carry no buttons). */
  embedTitle: string | null;
  /** The start of the content (digests carry neither). */
  content?: string | null;
}

type Found = { messageId: string; threadId: string | null };

function recognises(
  m: {
    authorId: string | null;
    webhookId: string | null;
    embedTitle: string | null;
    customIds: string[];
    content: string;
  },
  match: PostMatch,
): boolean {
  if (match.customId && m.customIds.includes(match.customId)) return true;
  if (match.embedTitle && m.embedTitle === match.embedTitle) return true;
  return !!match.content && m.content.startsWith(match.content);
}

/**
 * Finds the post an earlier attempt made, or null. Forum posts are found among the server's active threads
 * (same forum, same title, made since the attempt); messages among the channel's (or thread's) newest, made
 * by the bot (or by the subscription's webhook) and carrying the notice's button id or embed title.
 */
export async function findEarlierPost(
  lookup: PostLookup,
  sub: Subscription,
  attemptedAt: number,
  match: PostMatch,
): Promise<Found | null> {
  const since = attemptedAt - CLOCK_SLACK_MS;
  const target = sub.target;
  if (target.kind === 'console') return null;
  if (target.kind === 'forum' && !match.inThread && match.threadName) {
    const threads = await lookup.activeThreads(sub.guildId);
    const thread = threads.find(
      (t) => t.parentId === target.channelId && t.name === match.threadName && snowflakeTime(t.id) >= since,
    );
    return thread ? { messageId: thread.id, threadId: thread.id } : null;
  }
  if (target.kind === 'webhook') {
    const channelId = await lookup.webhookChannel(target.webhookId, target.webhookToken);
    const messages = await lookup.messagesAfter(channelId, snowflakeAt(since));
    const mine = messages.find((m) => m.webhookId === target.webhookId && recognises(m, match));
    return mine ? { messageId: mine.id, threadId: null } : null;
  }
  const channelId = match.inThread ?? target.channelId;
  const [bot, messages] = await Promise.all([
    lookup.botUserId(),
    lookup.messagesAfter(channelId, snowflakeAt(since)),
  ]);
  const mine = messages.find((m) => m.authorId === bot && recognises(m, match));
  return mine ? { messageId: mine.id, threadId: match.inThread } : null;
}

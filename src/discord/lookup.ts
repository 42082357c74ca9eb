import type { Subscription } from '../alerts/subscription.js';
import type { PostLookup, SeenMessage } from './client.js';

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

/**
 * The webhook's messages came back with no text, embeds or buttons: Discord blanks other authors' messages
 * for a bot without the Message Content Intent, so the post cannot be recognised (the caller says so).
 */
export class BlankMessagesError extends Error {
  override name = 'BlankMessagesError';
  constructor(readonly count: number) {
    super(
      `Discord gave the webhook's ${count} recent messages without their text: turn on the bot's Message ` +
        'Content Intent (developer portal, Bot page) so that a webhook post can be looked for before it is ' +
        'sent again',
    );
  }
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
  /** The embed's link: the notice's page, one per notice (webhook alerts). */
  embedUrl?: string | null;
  /**
   * The start of the content every match must share: what kind of message it is ("New opportunity",
   * "Update (deadline moved from … to …)"), so a notice's update is never taken for its first alert.
   */
  lead?: string | null;
  /** The start of the content (digests carry neither). */
  content?: string | null;
}

type Found = { messageId: string; threadId: string | null };

function recognises(
  m: {
    authorId: string | null;
    webhookId: string | null;
    embedTitle: string | null;
    embedUrl?: string | null;
    customIds: string[];
    content: string;
  },
  match: PostMatch,
): boolean {
  if (match.lead && !m.content.startsWith(match.lead)) return false;
  // The button id names the notice's row: two notices with one title are never confused.
  if (match.customId) return m.customIds.includes(match.customId);
  if (match.embedTitle || match.embedUrl)
    return (
      (!match.embedTitle || m.embedTitle === match.embedTitle) &&
      (!match.embedUrl || (m.embedUrl ?? null) === match.embedUrl)
    );
  return !!match.content && m.content.startsWith(match.content);
}

/** The start of a message's content up to its first colon: the kind of message it is (see PostMatch.lead). */
export function leadOf(content: string | undefined): string | null {
  if (!content) return null;
  const colon = content.indexOf(': ');
  return colon > 0 ? content.slice(0, Math.min(colon + 1, 300)) : content.slice(0, 60);
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
    const candidates = threads.filter(
      (t) => t.parentId === target.channelId && t.name === match.threadName && snowflakeTime(t.id) >= since,
    );
    for (const thread of candidates) {
      // Two notices may share a title: the post's first message (its id is the thread's) must be this
      // notice's. When it cannot be read, the title and time are all there is to go on.
      const starter = (await lookup.messagesAfter(thread.id, snowflakeAt(since))).find(
        (m) => m.id === thread.id,
      );
      if (!starter || recognises(starter, match)) return { messageId: thread.id, threadId: thread.id };
    }
    return null;
  }
  if (target.kind === 'webhook') {
    const channelId = await lookup.webhookChannel(target.webhookId, target.webhookToken);
    const messages = await lookup.messagesAfter(channelId, snowflakeAt(since));
    const its = messages.filter((m) => m.webhookId === target.webhookId);
    const mine = its.find((m) => recognises(m, match));
    if (mine) return { messageId: mine.id, threadId: null };
    // Every alert, digest and overflow notice sent has text; none of them read back means it was hidden.
    const blank = (m: SeenMessage) =>
      m.content === '' && !m.embedTitle && !m.embedUrl && m.customIds.length === 0;
    if (its.length > 0 && its.every(blank)) throw new BlankMessagesError(its.length);
    return null;
  }
  const channelId = match.inThread ?? target.channelId;
  const [bot, messages] = await Promise.all([
    lookup.botUserId(),
    lookup.messagesAfter(channelId, snowflakeAt(since)),
  ]);
  const mine = messages.find((m) => m.authorId === bot && recognises(m, match));
  return mine ? { messageId: mine.id, threadId: match.inThread } : null;
}

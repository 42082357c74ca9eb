import { feedFailingText, feedRecoveredText, subscriptionPausedText, type ChannelText } from './ops-text.js';

// Who to tell, once, that something broke or mended: a pure plan from the facts (feed runs, paused
// subscriptions, the alerts channels and what each was already told), carried out by the worker.

export interface FeedState {
  source: string;
  /** The latest poll of this source failed. */
  failing: boolean;
  /** The first failed poll since the last success (null when it is not failing). */
  failingSince: number | null;
  lastError: string | null;
}

export interface PausedSubscription {
  id: number;
  guildId: string;
  channelId: string;
  viaWebhook: boolean;
  reason: string;
}

export interface AlertsChannel {
  guildId: string;
  channelId: string;
}

export interface OpsFacts {
  now: number;
  feedFailureMs: number;
  feeds: FeedState[];
  paused: PausedSubscription[];
  channels: AlertsChannel[];
  /** What each server was already told: `${key}` → guild ids. */
  told: { key: string; guildId: string }[];
}

export interface OpsMessage {
  key: string;
  guildId: string;
  channelId: string;
  text: string | ChannelText;
  /** After it is sent: remember it was told ('tell'), or that the matter is closed ('forget'). */
  then: 'tell' | 'forget';
}

export interface OpsPlan {
  messages: OpsMessage[];
  /** Told rows that no longer matter (pause lifted, channel removed), dropped without a message. */
  forget: { key: string; guildId: string }[];
}

export const feedKey = (source: string) => `feed:${source}`;
export const pausedKey = (id: number) => `paused:${id}`;

/** What to send now. Each matter is told once per server; a recovery only to servers told of the failure. */
export function planOpsAlerts(facts: OpsFacts, sourceName: (id: string) => string = (id) => id): OpsPlan {
  const told = new Set(facts.told.map((t) => `${t.key}|${t.guildId}`));
  const channelOf = new Map(facts.channels.map((c) => [c.guildId, c.channelId]));
  const messages: OpsMessage[] = [];
  const forget: { key: string; guildId: string }[] = [];
  for (const feed of facts.feeds) {
    const key = feedKey(feed.source);
    const since = feed.failingSince ?? facts.now;
    if (feed.failing && facts.now - since >= facts.feedFailureMs) {
      const text = feedFailingText(sourceName(feed.source), facts.now - since, since, feed.lastError);
      for (const channel of facts.channels)
        if (!told.has(`${key}|${channel.guildId}`)) messages.push({ key, ...channel, text, then: 'tell' });
    }
    if (!feed.failing)
      for (const row of facts.told.filter((t) => t.key === key)) {
        const channelId = channelOf.get(row.guildId);
        if (channelId)
          messages.push({
            key,
            guildId: row.guildId,
            channelId,
            text: feedRecoveredText(sourceName(feed.source)),
            then: 'forget',
          });
        else forget.push(row);
      }
  }
  const pausedKeys = new Set(facts.paused.map((p) => pausedKey(p.id)));
  for (const sub of facts.paused) {
    const channelId = channelOf.get(sub.guildId);
    const key = pausedKey(sub.id);
    if (!channelId || told.has(`${key}|${sub.guildId}`)) continue;
    const text = subscriptionPausedText(sub.channelId, sub.viaWebhook, sub.reason);
    messages.push({ key, guildId: sub.guildId, channelId, text, then: 'tell' });
  }
  for (const row of facts.told)
    if (row.key.startsWith('paused:') && !pausedKeys.has(row.key)) forget.push(row);
  return { messages, forget };
}

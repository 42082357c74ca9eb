import { DiscordAPIError, HTTPError, RateLimitError, REST } from '@discordjs/rest';
import { Routes } from 'discord-api-types/v10';
import { Client, GatewayIntentBits } from 'discord.js';
import { z } from 'zod';
import type { OutgoingMessage } from './messages.js';
import type { DeliveryFailure } from '../pipeline/delivery-ports.js';

const Created = z.object({ id: z.string() });

/** What the sender needs from Discord: post a message, start a forum thread, run a webhook. */
export interface MessageTransport {
  postMessage(channelId: string, body: OutgoingMessage): Promise<{ id: string }>;
  startThread(
    forumId: string,
    name: string,
    body: OutgoingMessage,
    tagIds: string[],
  ): Promise<{ threadId: string; messageId: string }>;
  postWebhook(webhookId: string, webhookToken: string, body: OutgoingMessage): Promise<{ id: string }>;
  /** A direct message: opens (or reuses) the DM channel with the person, then posts. */
  sendDirect(userId: string, body: OutgoingMessage): Promise<{ id: string }>;
}

/** A message as read back, with what it takes to recognise one of ours. */
export interface SeenMessage {
  id: string;
  authorId: string | null;
  webhookId: string | null;
  embedTitle: string | null;
  embedUrl?: string | null;
  customIds: string[];
  content: string;
}

/** What delivery needs to look for a post it may already have made (after an unanswered request). */
export interface PostLookup {
  /** Up to 100 messages in a channel or thread newer than the message id `after` (a snowflake). */
  messagesAfter(channelId: string, after: string): Promise<SeenMessage[]>;
  /** The server's active threads: forum posts, each with its forum and name. */
  activeThreads(guildId: string): Promise<{ id: string; parentId: string | null; name: string }[]>;
  /** The channel a webhook posts into (read with the webhook's own token, no bot needed). */
  webhookChannel(webhookId: string, webhookToken: string): Promise<string>;
  /** The bot's own user id. */
  botUserId(): Promise<string>;
}

const HeaderRecord = z.record(z.string(), z.string());

/**
 * The REST client's undici request as a global-fetch request (JSON bodies; the bot sends no file uploads this
 * way).
 */
function toFetchInit(
  init: {
    method?: string;
    headers?: unknown;
    body?: unknown;
    signal?: AbortSignal | null;
  },
  shutdown?: AbortSignal,
): RequestInit {
  const headers = HeaderRecord.safeParse(init.headers);
  let body: string | Uint8Array<ArrayBuffer> | undefined;
  if (typeof init.body === 'string') body = init.body;
  else if (init.body instanceof Uint8Array) body = new Uint8Array(init.body);
  else if (init.body !== undefined && init.body !== null)
    throw new Error('unsupported request body for Discord');
  return {
    method: init.method,
    headers: headers.success ? headers.data : {},
    body,
    signal:
      shutdown && init.signal ? AbortSignal.any([init.signal, shutdown]) : (init.signal ?? shutdown ?? null),
  };
}

/**
 * Delivery starts one send at most every 21 ms: Discord allows 50 requests a second to a bot (20 ms apart);
 * the spare millisecond keeps any one-second window under 50 whatever its phase and the network's jitter,
 * so the sender never meets the global limit as a 429 (measured: 8 in 2,000 at full speed, 0 paced).
 */
export const SEND_SPACING_MS = 21;

/**
 * The discord.js REST client (its per-route rate-limit queue, 429 and 5xx retries), sending through Node's
 * global fetch so tests can intercept it (its default undici path is invisible to nock). `api` points it at a
 * local mock; `signal` (shutdown) aborts every request in flight.
 */
export function createRest(
  token: string | null,
  options: {
    api?: string;
    retries?: number;
    timeoutMs?: number;
    signal?: AbortSignal;
    /** Refuse to sit out a rate limit longer than this (the caller waits instead, without blocking). */
    longestWaitMs?: number;
  } = {},
): REST {
  const longest = options.longestWaitMs;
  const rest = new REST({
    version: '10',
    retries: options.retries ?? 3,
    timeout: options.timeoutMs ?? 15_000,
    ...(longest === undefined ? {} : { rejectOnRateLimit: (data) => data.retryAfter > longest }),
    ...(options.api ? { api: options.api } : {}),
    makeRequest: async (url, init) => {
      const res = await fetch(url, toFetchInit(init, options.signal));
      // Node's fetch Response and the REST client's ResponseLike differ only in their stream types; the
      // client reads bodies through these methods.
      return {
        ok: res.ok,
        status: res.status,
        statusText: res.statusText,
        headers: res.headers,
        bodyUsed: res.bodyUsed,
        body: null,
        arrayBuffer: () => res.arrayBuffer(),
        json: () => res.json(),
        text: () => res.text(),
      };
    },
  });
  return token ? rest.setToken(token) : rest;
}

const Message = z.object({
  id: z.string(),
  content: z.string().default(''),
  author: z.object({ id: z.string() }).nullish(),
  webhook_id: z.string().nullish(),
  embeds: z.array(z.object({ title: z.string().nullish(), url: z.string().nullish() })).default([]),
  components: z
    .array(z.object({ components: z.array(z.object({ custom_id: z.string().nullish() })).default([]) }))
    .default([]),
});
const Threads = z.object({
  threads: z.array(
    z.object({ id: z.string(), parent_id: z.string().nullish(), name: z.string().default('') }),
  ),
});
const WebhookInfo = z.object({ channel_id: z.string() });

/** Looking up posts through the REST client (reads need View Channel and Read Message History). */
export function createRestLookup(rest: REST): PostLookup {
  let me: string | null = null;
  return {
    async messagesAfter(channelId, after) {
      const raw = await rest.get(Routes.channelMessages(channelId), {
        query: new URLSearchParams({ after, limit: '100' }),
      });
      return z
        .array(Message)
        .parse(raw)
        .map((m) => ({
          id: m.id,
          authorId: m.author?.id ?? null,
          webhookId: m.webhook_id ?? null,
          embedTitle: m.embeds[0]?.title ?? null,
          embedUrl: m.embeds[0]?.url ?? null,
          customIds: m.components.flatMap((row) => row.components.flatMap((c) => c.custom_id ?? [])),
          content: m.content,
        }));
    },
    async activeThreads(guildId) {
      const raw = Threads.parse(await rest.get(Routes.guildActiveThreads(guildId)));
      return raw.threads.map((t) => ({ id: t.id, parentId: t.parent_id ?? null, name: t.name }));
    },
    async webhookChannel(webhookId, webhookToken) {
      return WebhookInfo.parse(await rest.get(Routes.webhook(webhookId, webhookToken), { auth: false }))
        .channel_id;
    },
    async botUserId() {
      me ??= Created.parse(await rest.get(Routes.user('@me'))).id;
      return me;
    },
  };
}

export function createRestTransport(rest: REST): MessageTransport {
  // Each person's DM channel, opened once rather than before every message part (Discord: "If you open a
  // significant amount of DMs too quickly, your bot may be rate limited"). A DM channel's id does not change.
  const dmChannels = new Map<string, string>();
  const dmChannel = async (userId: string): Promise<string> => {
    const known = dmChannels.get(userId);
    if (known) return known;
    const { id } = Created.parse(await rest.post(Routes.userChannels(), { body: { recipient_id: userId } }));
    if (dmChannels.size >= 10_000) dmChannels.clear();
    dmChannels.set(userId, id);
    return id;
  };
  return {
    async postMessage(channelId, body) {
      return Created.parse(await rest.post(Routes.channelMessages(channelId), { body }));
    },
    async startThread(forumId, name, body, tagIds) {
      const thread = Created.parse(
        await rest.post(Routes.threads(forumId), {
          body: { name, message: body, ...(tagIds.length > 0 ? { applied_tags: tagIds.slice(0, 5) } : {}) },
        }),
      );
      // A forum post's starter message has the thread's id.
      return { threadId: thread.id, messageId: thread.id };
    },
    async sendDirect(userId, body) {
      return Created.parse(await rest.post(Routes.channelMessages(await dmChannel(userId)), { body }));
    },
    async postWebhook(webhookId, webhookToken, body) {
      const { nonce: _nonce, enforce_nonce: _enforce, message_reference: _reference, ...webhookBody } = body;
      return Created.parse(
        await rest.post(Routes.webhook(webhookId, webhookToken), {
          body: webhookBody,
          query: new URLSearchParams({ wait: 'true' }),
          auth: false,
        }),
      );
    },
  };
}

/** The gateway client: Guilds intent only (no privileged intents) — enough for slash commands and buttons. */
export function createGatewayClient(): Client {
  return new Client({ intents: [GatewayIntentBits.Guilds] });
}

// Discord error codes that will not get better by retrying: the channel or webhook is gone or closed to us.
const PERMANENT_CODES = new Map<number, string>([
  [10003, 'the channel no longer exists (Unknown Channel)'],
  [10004, 'the server is no longer reachable (Unknown Guild)'],
  [10015, 'the webhook was deleted (Unknown Webhook)'],
  [50001, 'the bot cannot see this channel (Missing Access)'],
  [50013, 'the bot is not allowed to post here (Missing Permissions)'],
  [50083, 'the thread is archived'],
  [50007, 'Discord does not allow direct messages to this person (they may have them turned off)'],
  // A locked thread takes no messages; an update to a locked forum post becomes a post of its own (sinks.ts).
  [160005, 'the thread is locked'],
  [160002, 'the bot cannot reply here without the Read Message History permission'],
  [
    40066,
    "the forum's tags can only be set by moderators: give the bot Manage Threads there, or let members " +
      'set the tag Tender Nudge uses',
  ],
  // Every post through such a webhook is refused the same way: the subscription pauses and says why.
  [
    220001,
    'the webhook is in a forum channel, which Tender Nudge cannot post to through a webhook: use a webhook ' +
      'of a text channel, or subscribe the forum with /subscribe channel: (the bot posts each notice as a ' +
      'forum post)',
  ],
]);

/** Sorts a delivery error: permanent (pause the subscription and say why) or worth retrying later. */
export function classifyDeliveryError(err: unknown): { permanent: boolean; reason: string } {
  const failure = failureOf(err, 'bot');
  return { permanent: failure.failure === 'refused', reason: failure.reason };
}

/**
 * What a failed send means for delivery. Only an answer from Discord says nothing was made: a timeout, a
 * lost connection or a 5xx may have made the post, so it is "unknown" and looked for before a resend. A
 * 401 on the bot's own requests is the token (all delivery pauses); on a webhook it is that webhook.
 */
export function failureOf(
  err: unknown,
  via: 'bot' | 'webhook',
): { failure: DeliveryFailure; reason: string; waitMs?: number } {
  // Only the global limit is the whole bot's; a per-route or shared one (X-RateLimit-Scope user or shared)
  // is this destination's, and the others go on.
  if (err instanceof RateLimitError)
    return err.global
      ? { failure: 'rate-limited', reason: 'Discord rate limit (global)', waitMs: err.retryAfter }
      : {
          failure: 'route-limited',
          reason: `Discord rate limit on ${err.method.toUpperCase()} ${err.route} (${err.scope})`,
          waitMs: err.retryAfter,
        };
  if (err instanceof DiscordAPIError) {
    const known = typeof err.code === 'number' ? PERMANENT_CODES.get(err.code) : undefined;
    if (known) return { failure: 'refused', reason: known };
    // The forum has as many active posts as Discord allows (160006): it passes as posts are archived.
    if (err.code === 160006)
      return { failure: 'retry', reason: 'the forum has the most active posts Discord allows (160006)' };
    if (err.status === 401)
      return via === 'bot'
        ? { failure: 'unauthorised', reason: 'the bot token was refused (401)' }
        : { failure: 'refused', reason: 'the webhook token was refused (401)' };
    if (err.status === 403 || err.status === 404)
      return { failure: 'refused', reason: `Discord refused delivery (${err.status} ${err.message})` };
    if (err.status === 429) return { failure: 'retry', reason: 'Discord rate limit (429)' };
    if (err.status >= 400 && err.status < 500)
      return { failure: 'bad-message', reason: `Discord refused the message (${err.status} ${err.message})` };
    return { failure: 'unknown', reason: `Discord error ${err.status}: ${err.message}` };
  }
  if (err instanceof HTTPError) return { failure: 'unknown', reason: `Discord HTTP ${err.status}` };
  // After a 401 the REST client drops its token and refuses every later request with this (nothing sent).
  if (err instanceof Error && err.message.startsWith('Expected token to be set'))
    return { failure: 'unauthorised', reason: 'the bot token was refused (401)' };
  return { failure: 'unknown', reason: err instanceof Error ? err.message : String(err) };
}

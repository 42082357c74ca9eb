import { z } from 'zod';
import { AreaId } from '../matching/rules.js';

/** Notice stages a channel can follow, in the words people use. */
export const STAGE_GROUPS = ['opportunities', 'early', 'awards', 'updates'] as const;
export const StageGroup = z.enum(STAGE_GROUPS);
export type StageGroup = z.infer<typeof StageGroup>;
export const STAGE_GROUP_NAMES: Record<StageGroup, string> = {
  opportunities: 'open opportunities (tenders)',
  early: 'early engagement and pipeline notices',
  awards: 'contract awards',
  updates: 'updates to notices already posted (deadline moved, cancelled, awarded)',
};

export const DeliveryMode = z.enum(['instant', 'daily', 'weekly']);
export type DeliveryMode = z.infer<typeof DeliveryMode>;

/**
 * Where alerts go: a channel the bot posts in, a forum (one thread per notice), or a webhook (no bot needed).
 */
export const Target = z.discriminatedUnion('kind', [
  z.object({ kind: z.literal('channel'), channelId: z.string() }),
  z.object({
    kind: z.literal('forum'),
    channelId: z.string(),
    /**
     * The forum's tags when it was subscribed. A moderated one may be set only by a member with Manage
     * Threads (Discord refuses the post, 40066); subscriptions made before 2026-12-04 did not keep the flag.
     */
    tags: z
      .array(z.object({ id: z.string(), name: z.string(), moderated: z.boolean().default(false) }))
      .default([]),
    /** The forum refuses posts without a tag (its REQUIRE_TAG flag): a post then always carries one. */
    requiresTag: z.boolean().default(false),
  }),
  z.object({ kind: z.literal('webhook'), webhookId: z.string(), webhookToken: z.string() }),
  /** The worker's own output when no Discord is set up: each matched notice printed once. */
  z.object({ kind: z.literal('console') }),
]);
export type Target = z.infer<typeof Target>;

/** One channel's subscription: what it wants to hear about and how. Validated before it is stored. */
export const Subscription = z.object({
  id: z.number().int(),
  guildId: z.string(),
  /** The channel the subscription was made in (for a webhook, where it was set up). */
  channelId: z.string(),
  target: Target,
  /** The service areas this channel follows (none: only its watchlists). */
  areas: z.array(AreaId),
  /** Ids of this guild's watchlists the channel follows. */
  watchlists: z.array(z.string()),
  regions: z.array(z.string()),
  minValue: z.number().nonnegative().nullable(),
  maxValue: z.number().nonnegative().nullable(),
  reservedOnly: z.boolean(),
  stages: z.array(StageGroup).min(1),
  mode: DeliveryMode,
  timezone: z.string(),
  dailyCap: z.number().int().positive(),
  /**
   * The one role to mention on this channel's alerts, chosen with /subscribe by someone with Manage Server:
   * the only mention the bot ever makes.
   */
  mentionRoleId: z
    .string()
    .regex(/^\d{15,25}$/)
    .nullable()
    .default(null),
  /**
   * How many months ahead the re-procurement radar looks for this channel's contracts coming to an end; 0
   * turns it off; unset (null) uses the configured default (RADAR_LEAD_MONTHS).
   */
  radarMonths: z.number().int().min(0).max(60).nullable().optional(),
  /** Set when Discord refused delivery for good (missing access, deleted channel or webhook). */
  pausedReason: z.string().nullable(),
});
export type Subscription = z.infer<typeof Subscription>;

/** A Discord webhook URL (discord.com or discordapp.com, ptb. and canary., any API version): id, token. */
const WEBHOOK_URL = new RegExp(
  String.raw`^https://(?:(?:ptb|canary)\.)?discord(?:app)?\.com/api(?:/v\d+)?/webhooks/(\d{15,25})/` +
    String.raw`([\w-]{20,100})/?$`,
);

/** Reads a webhook URL into its id and token; null when it is not a Discord webhook URL. */
export function parseWebhookUrl(url: string): { webhookId: string; webhookToken: string } | null {
  const match = WEBHOOK_URL.exec(url.trim());
  return match?.[1] && match[2] ? { webhookId: match[1], webhookToken: match[2] } : null;
}

/** A subscription as it is written: before its id, its pause, and the defaults of newer settings. */
export type NewSubscription = Omit<z.input<typeof Subscription>, 'id' | 'pausedReason'>;

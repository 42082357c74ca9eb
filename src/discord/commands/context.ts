import type { FeedbackAction } from '../../alerts/feedback.js';
import type { StoredNoticeView } from '../../alerts/stored-notice.js';
import type { NewSubscription, Subscription } from '../../alerts/subscription.js';
import type { NudgeScope, Profile } from '../../guide/profile.js';
import type { PlannedReminder } from '../../guide/reminders.js';
import type { Correction, CorrectionWithNotice, Suggestion } from '../../matching/corrections.js';
import type { StoredWatchlist, Watchlist } from '../../matching/rules.js';
import type { BuyerProfile } from '../../radar/buyer.js';
import type { ContractRecord } from '../../radar/contract.js';
import type { PlannedRadarReminder } from '../../radar/plan.js';
import type { Clock } from '../../shared/clock.js';
import type { Logger } from '../../shared/logger.js';

// The ports the slash commands and buttons reach the rest of the app through. The stores in store/ implement
// them; main.ts builds the context, and tests build it over a real in-memory database.

/** Channel subscriptions, as the commands see them. */
export interface SubscriptionStore {
  list(): Subscription[];
  listGuild(guildId: string): Subscription[];
  forChannel(guildId: string, channelId: string): Subscription | null;
  /** Creates or replaces the subscription of (guild, channel); clears any pause. */
  upsert(subscription: NewSubscription, createdBy: string): Subscription;
  remove(guildId: string, channelId: string): boolean;
}

/** A server's watchlists. */
export interface WatchlistStore {
  all(): StoredWatchlist[];
  list(guildId: string): Watchlist[];
  get(guildId: string, id: string): Watchlist | null;
  put(guildId: string, watchlist: Watchlist): void;
  remove(guildId: string, id: string): boolean;
}

export interface NoticeQueries {
  byRowId(rowId: number): StoredNoticeView | null;
  byKey(source: string, ocid: string): StoredNoticeView | null;
  /** A notice id, release id, ocid, or a Find a Tender / Contracts Finder notice URL. */
  findNotice(reference: string): StoredNoticeView | null;
  /** Matched notices, newest first; `area` null for any area. */
  recent(
    area: string | null,
    page: number,
    pageSize: number,
    sinceMs: number,
  ): { items: StoredNoticeView[]; total: number };
}

/** The last poll of one source, for /status. */
export interface SourceStatus {
  source: string;
  endedAt: number;
  requests: number;
  seen: number;
  new: number;
  updated: number;
  skipped: number;
  errors: string[];
  failuresLastDay: number;
  lastSuccessAt: number | null;
}

/** What happened to one notice's delivery to one subscription, for /explain. */
export interface DeliveryRecord {
  status: string;
  lastError: string | null;
  sentAt: number | null;
  attempts: number;
}

/** What the bot lacks in a channel it posts to (by name), or null when the gateway cannot tell yet. */
export type MissingPermissions = (channelId: string, kind: 'channel' | 'forum') => string[] | null;

export interface StatusQueries {
  lastRuns(): SourceStatus[];
  queueDepth(): number;
  /** Why all delivery is paused (the bot token was refused), or null. */
  deliveryPause(): string | null;
  deliveryOf(subscriptionId: number, source: string, ocid: string): DeliveryRecord | null;
}

export interface FeedbackStore {
  /** Records one person's button press; false when they had already pressed it for this notice. */
  record(
    guildId: string | null,
    userId: string,
    source: string,
    ocid: string,
    action: FeedbackAction,
  ): boolean;
  /** Per service area, how many "interested", "not relevant" and "remind me" presses in the period. */
  relevanceReport(guildId: string, sinceMs: number): Map<string, Record<FeedbackAction, number>>;
}

/** Corrections to the matcher per server, the notices a server kept, and the suggestions last shown. */
export interface CorrectionStore {
  /** Records one person's correction; false when they had already made the same one. */
  record(correction: Correction): boolean;
  /** The server's corrections in the period, newest first, with their notices. */
  forGuild(guildId: string, sinceMs: number): CorrectionWithNotice[];
  /** Notices the server received (or will, in a digest) and did not mark not relevant, newest first. */
  keptNotices(guildId: string, sinceMs: number, limit: number): StoredNoticeView[];
  /** Replaces the server's numbered suggestions with these (numbered from 1 in this order). */
  saveSuggestions(guildId: string, suggestions: Suggestion[]): void;
  suggestion(guildId: string, number: number): Suggestion | null;
}

/** Profiles, nudge opt-ins and the reminders a button press schedules. */
export interface BidderSettings {
  getProfile(userId: string): Profile | null;
  setProfile(userId: string, profile: Profile): void;
  /** true/false when set; null when the person (or channel) never said. */
  nudges(scope: NudgeScope, target: string): boolean | null;
  setNudges(scope: NudgeScope, target: string, enabled: boolean): void;
  scheduleReminders(userId: string, source: string, ocid: string, reminders: PlannedReminder[]): number;
}

/** Each server's coordinators' alerts channel (`/status alerts:here`). Implemented by store/ops-store.ts. */
export interface AlertChannelStore {
  alertChannelFor(guildId: string): string | null;
  setAlertChannel(guildId: string, channelId: string, by: string): void;
  /** False when the server had none. */
  clearAlertChannel(guildId: string): boolean;
}

/**
 * The re-procurement radar and buyer intelligence, as /radar, /buyer and "Remind me" on a radar alert see it.
 */
export interface RadarQueries {
  /** The configured lead time in months (RADAR_LEAD_MONTHS). */
  defaultMonths: number;
  /**
   * One page of the contracts in this area (any, when null) and region (any, when null) ending within
   * `months`, soonest first: how many there are, the page asked for (the last one when it asks past the end)
   * and its contracts.
   */
  upcoming(
    filter: { area: string | null; region: string | null; months: number },
    page: number,
    pageSize: number,
  ): { total: number; page: number; items: { contract: ContractRecord; noticeRowId: number }[] };
  /** Stored buyers whose name contains the text, busiest first. */
  findBuyers(text: string, limit: number): { key: string; name: string; notices: number }[];
  /** Whether a stored notice names this buyer (by its folded name). */
  isBuyer(key: string): boolean;
  /**
   * One buyer's record, by its folded name, with page `page` of its contracts in a service area (the last
   * one when it asks past the end); null when no stored notice names it.
   */
  buyerProfile(key: string, page: number, pageSize: number): BuyerProfile | null;
  /** The contract a stored notice records (by the notice's row id, as in button ids). */
  contractByNoticeRow(rowId: number): ContractRecord | null;
  scheduleRadarReminders(
    userId: string,
    source: string,
    ocid: string,
    reminders: PlannedRadarReminder[],
  ): number;
  /**
   * Who holds the contract a notice probably re-procures, for its guide (raw text: the message builder
   * escapes it); null when none is known.
   */
  incumbentOf(view: StoredNoticeView): string | null;
}

/** What the commands reach the rest of the app through (built in main.ts; over real stores in tests). */
export interface CommandContext {
  subscriptions: SubscriptionStore;
  watchlists: WatchlistStore;
  notices: NoticeQueries;
  status: StatusQueries;
  feedback: FeedbackStore;
  corrections: CorrectionStore;
  bidders: BidderSettings;
  radar: RadarQueries;
  areas: { id: string; label: string; summary: string }[];
  /** The name people see for a source id ("Find a Tender"). */
  sourceLabel: (id: string) => string;
  /** The local hour digests are sent at (DIGEST_HOUR). */
  digestHour: number;
  clock: Clock;
  log: Logger;
  /** Reads an uploaded attachment (watchlist import). */
  fetchText(url: string): Promise<string>;
  /** Whether the bot can post in channels itself (false: webhook-only set-ups). */
  botDelivery: boolean;
  /** Where feed and pause alerts go; absent when the worker keeps none (then /status alerts says so). */
  alertChannels?: AlertChannelStore;
  /** The permissions the bot lacks in a channel, from the gateway's cache (absent without the gateway). */
  missingPermissions?: MissingPermissions;
}

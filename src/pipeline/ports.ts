import type { DeliveryKind } from '../alerts/route.js';
import type { Subscription } from '../alerts/subscription.js';
import type { MatchResult } from '../matching/match-result.js';
import type { Watchlist } from '../matching/rules.js';
import type { Profile } from '../guide/guide.js';
import type { PendingReminder, PlannedReminder } from '../guide/reminders.js';
import type { Notice, SourceId } from '../notices/notice.js';

/** Time as the pipeline sees it: injectable so tests can run hours of back-off in no time. */
export interface Clock {
  now(): number;
  sleep(ms: number): Promise<void>;
}

/** The slice of pino the app uses: a metadata object first, then a static message. */
export interface Logger {
  debug(meta: object, message: string): void;
  info(meta: object, message: string): void;
  warn(meta: object, message: string): void;
  error(meta: object, message: string): void;
}

export interface TimeWindow {
  from: Date;
  to: Date;
}

export interface SkippedRelease {
  releaseId: string | null;
  reason: string;
}

/** One page of a feed, already normalised; releases that could not be read are listed, not thrown. */
export interface SourcePage {
  notices: Notice[];
  skipped: SkippedRelease[];
}

export interface NoticeSource {
  id: SourceId;
  host: string;
  /** Longest window asked for in one request sequence; null for a feed with no time filter (RSS/Atom). */
  maxWindowMs: number | null;
  fetchWindow(window: TimeWindow): AsyncIterable<SourcePage>;
  requestCount(): number;
}

export type SaveOutcome = 'new' | 'updated' | 'unchanged' | 'duplicate' | 'older';

export interface SavedNotice {
  notice: Notice;
  outcome: SaveOutcome;
  changes: string[];
  /** The stored match verdict, for new and updated notices when a matcher ran. */
  match?: MatchResult;
}

export interface PageCounts {
  seen: number;
  new: number;
  updated: number;
  unchanged: number;
  skipped: number;
}

export interface RunRecord {
  source: string;
  kind: 'poll' | 'backfill';
  startedAt: number;
  endedAt: number;
  requests: number;
  counts: PageCounts;
  errors: string[];
}

export interface SaveOptions {
  baseline: boolean;
  match?: (n: Notice) => MatchResult;
  /** Which subscriptions a new or updated, matched notice goes to; written to the outbox in the same transaction. */
  route?: (saved: SavedNotice) => { subscriptionId: number; kind: DeliveryKind }[];
  /** Runs inside the page's transaction after each notice is saved (reminder changes, nudges). */
  afterSave?: (saved: SavedNotice) => void;
}

/** Stores notices and the poll bookkeeping. Implemented by store/notice-store.ts. */
export interface NoticeStore {
  /** Saves one page in one transaction; `baseline` records events that must not raise alerts. */
  savePage(source: string, notices: Notice[], options: SaveOptions): SavedNotice[];
  getHighWater(source: string): number | null;
  setHighWater(source: string, at: number): void;
  recordRun(run: RunRecord): void;
  getBackfillProgress(key: string): number | null;
  setBackfillProgress(key: string, doneUntil: number): void;
}

/** Channel subscriptions, as the Discord commands and the router see them. */
export interface SubscriptionStore {
  list(): Subscription[];
  listGuild(guildId: string): Subscription[];
  forChannel(guildId: string, channelId: string): Subscription | null;
  /** Creates or replaces the subscription of (guild, channel); clears any pause. */
  upsert(subscription: Omit<Subscription, 'id' | 'pausedReason'>, createdBy: string): Subscription;
  remove(guildId: string, channelId: string): boolean;
  pause(id: number, reason: string): void;
}

/** A coordinator's watchlist and the guild it belongs to; `key` (guild:id) is its id in the matcher. */
export interface StoredWatchlist {
  guildId: string;
  key: string;
  watchlist: Watchlist;
}

export interface WatchlistStore {
  all(): StoredWatchlist[];
  list(guildId: string): Watchlist[];
  get(guildId: string, id: string): Watchlist | null;
  put(guildId: string, watchlist: Watchlist): void;
  remove(guildId: string, id: string): boolean;
  /** Changes whenever any watchlist changes, so the matcher knows to recompile. */
  version(): number;
}

/** A message waiting to be delivered, with everything needed to build it. */
export interface OutboxItem {
  id: number;
  subscription: Subscription;
  notice: Notice;
  noticeRowId: number;
  match: MatchResult;
  kind: DeliveryKind;
  nonce: string;
  attempts: number;
  changes: string[];
  /** The first message this subscription got about the same process, for replies to updates. */
  original: { messageId: string; threadId: string | null } | null;
}

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
  pendingCount(): number;
}

/** A stored notice as the commands see it: row id (for buttons), the notice, its stored verdict. */
export interface StoredNoticeView {
  rowId: number;
  source: string;
  ocid: string;
  notice: Notice;
  match: MatchResult | null;
  updatedAt: number;
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

export interface StatusQueries {
  lastRuns(): SourceStatus[];
  queueDepth(): number;
  deliveryOf(
    subscriptionId: number,
    source: string,
    ocid: string,
  ): { status: string; lastError: string | null; sentAt: number | null; attempts: number } | null;
}

export type FeedbackAction = 'remind' | 'interested' | 'not-relevant';

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

export type NudgeScope = 'user' | 'channel';

/** A reminder or direct message waiting to go, with the notice it is about (when it still exists). */
export interface DueReminder extends PendingReminder {
  source: string;
  ocid: string;
  nonce: string;
  view: StoredNoticeView | null;
}

export interface DueDirectMessage {
  id: number;
  userId: string;
  kind: 'guide' | 'note' | 'digest';
  text: string | null;
  view: StoredNoticeView | null;
  nonce: string;
  attempts: number;
}

/** Profiles, nudge opt-ins, reminders and direct messages for first-time bidders. */
export interface BidderStore {
  getProfile(userId: string): Profile | null;
  setProfile(userId: string, profile: Profile): void;
  /** true/false when set; null when the person (or channel) never said. */
  nudges(scope: NudgeScope, target: string): boolean | null;
  setNudges(scope: NudgeScope, target: string, enabled: boolean): void;
  nudgedUsers(): { userId: string; profile: Profile | null; lastDigestWeek: string | null }[];
  markDigestWeek(userId: string, week: string): void;
  scheduleReminders(userId: string, source: string, ocid: string, reminders: PlannedReminder[]): number;
  pendingReminders(source: string, ocid: string): PendingReminder[];
  cancelReminders(ids: number[]): void;
  dueReminders(now: number, limit: number): DueReminder[];
  markReminder(id: number, status: 'sent' | 'skipped' | 'failed'): void;
  /** Queues a direct message once per `dedupe` key; false when it was already queued. */
  enqueueDm(
    userId: string,
    kind: 'guide' | 'note' | 'digest',
    dedupe: string,
    content: { text?: string; source?: string; ocid?: string },
  ): boolean;
  dueDms(now: number, limit: number): DueDirectMessage[];
  markDm(id: number, status: 'sent' | 'skipped' | 'failed', error?: string): void;
  retryDm(id: number, error: string, nextAttemptAt: number): void;
}

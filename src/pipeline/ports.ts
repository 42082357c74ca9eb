import type { MatchResult } from '../matching/match-result.js';
import type { Notice, SourceId } from '../notices/notice.js';
import type { BuyerNotice } from '../radar/buyer.js';
import type { ContractRecord } from '../radar/contract.js';
import type { ReminderMonths } from '../radar/plan.js';

// The ports the poll cycle and backfill need: a feed to read and a store to save into. Each is implemented by
// an adapter (sources/, store/) and handed to the pipeline by the composition root.

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
  /** The release as published (JSON), by release id, for each notice whose text was cut: kept whole. */
  originals?: Map<string, string>;
  /** Each notice's fingerprint of its bytes as served (sources/fingerprint.ts), by release id, when known. */
  fingerprints?: Map<string, string>;
  /**
   * Releases of the page not normalised because the store already holds them with the same bytes
   * (SourceRun.storedReleases): unchanged, counted as seen.
   */
  known?: number;
}

/**
 * One run of a source (its share of a poll cycle, a recheck): every request and wait in it ends when
 * `signal` aborts (the run's deadline passed, or shutdown), and a wait that would end after `deadlineAt` is
 * not started (the source is deferred instead).
 */
export interface SourceRun {
  signal: AbortSignal;
  deadlineAt: number;
  /**
   * Which of a page's releases the store holds with these bytes already (NoticeStore.storedReleases), given
   * their fingerprints by release id: a source leaves those out of its page, not normalised. Absent: every
   * release is normalised.
   */
  storedReleases?: (fingerprints: Map<string, string>) => Set<string>;
}

export interface NoticeSource {
  id: SourceId;
  host: string;
  /** Longest window asked for in one request sequence; null for a feed with no time filter (RSS/Atom). */
  maxWindowMs: number | null;
  /** How the feed cuts a period into windows, when its API has its own unit (a calendar month). */
  splitWindows?(from: number, to: number): TimeWindow[];
  /**
   * Read the feed at most this often (a feed whose finest window is a month is not asked every 10 minutes).
   */
  pollEveryMs?: number;
  fetchWindow(window: TimeWindow, run?: SourceRun): AsyncIterable<SourcePage>;
  /** Every release of one procurement process, read again (to catch an amendment a window missed). */
  fetchProcess?(ocid: string, run?: SourceRun): Promise<SourcePage>;
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
  /** Runs inside the page's transaction after each notice is saved (reminder changes, nudges). */
  afterSave?: (saved: SavedNotice) => void;
  /** The page's originals (SourcePage.originals), stored with their releases. */
  originals?: Map<string, string>;
  /** The page's fingerprints (SourcePage.fingerprints), stored with their releases. */
  fingerprints?: Map<string, string>;
}

/** Stores notices and the poll bookkeeping. Implemented by store/notice-store.ts. */
export interface NoticeStore {
  /** Saves one page in one transaction; `baseline` records events that must not raise alerts. */
  savePage(source: string, notices: Notice[], options: SaveOptions): SavedNotice[];
  /** The releases (ids) stored with these fingerprints of their bytes, by release id (one statement). */
  storedReleases(source: string, fingerprints: Map<string, string>): Set<string>;
  getHighWater(source: string): number | null;
  setHighWater(source: string, at: number): void;
  recordRun(run: RunRecord): void;
  getBackfillProgress(key: string): number | null;
  setBackfillProgress(key: string, doneUntil: number): void;
}

/** A stored notice as the radar index reads it back. */
export interface IndexedNotice {
  rowId: number;
  source: string;
  ocid: string;
  updatedAt: number;
  notice: Notice;
  match: MatchResult | null;
  /** The process has one stored release and this notice is it: `releasesOf` would return [notice]. */
  onlyRelease: boolean;
}

/** Where the radar index has read to: every notice updated before this is indexed. */
export interface IndexCursor {
  updatedAt: number;
  rowId: number;
}

/** What one stored notice means for the radar: its buyer's facts, and its contract (null: none). */
export interface IndexedWrite {
  source: string;
  ocid: string;
  buyer: { key: string; name: string; id: string | null } | null;
  buyerNotice: BuyerNotice | null;
  contract: ContractRecord | null;
}

/** A link to write: the notice, and the contract it probably re-procures (null: none any more). */
export interface IndexedLinkWrite {
  source: string;
  ocid: string;
  contract: { source: string; ocid: string } | null;
}

/** The radar's index of contracts, buyers and links. Implemented by store/radar-store.ts. */
export interface RadarIndexStore {
  /** Notices changed since the index last read, in the order they changed. */
  changedNotices(limit: number): IndexedNotice[];
  /** Every stored release of one procurement, as notices, oldest first. */
  releasesOf(source: string, ocid: string): Notice[];
  /** A buyer's contracts, by folded name or identifier. */
  contractsOfBuyer(key: string, id: string | null): ContractRecord[];
  /** A buyer's planning and tender notices (by folded name or identifier), to link again when one of its
   * contracts changes. */
  earlyNoticesOfBuyer(key: string, id: string | null): IndexedNotice[];
  /** Writes a batch, its links and (when given) the new read mark, in one transaction. */
  saveIndexed(items: IndexedWrite[], links: IndexedLinkWrite[], cursor: IndexCursor | null): void;
}

/**
 * Where the radar queues its announcements. Implemented by store/radar-delivery-store.ts and radar-store.ts.
 */
export interface RadarDeliveryStore {
  /** Contracts whose end or extension limit falls within [from, to]. */
  contractsEnding(from: number, to: number): ContractRecord[];
  /** Whether this subscription was already told about this contract. */
  announced(subscriptionId: number, source: string, ocid: string): boolean;
  /** How many radar announcements this subscription has had queued since `since`. */
  announcedSince(subscriptionId: number, since: number): number;
  /** Queues one announcement in the outbox; false when it was already there (or the channel is paused). */
  enqueueRadar(subscriptionId: number, source: string, ocid: string): boolean;
}

/** A "Remind me" on a radar announcement that has come due. */
export interface DueRadarReminder {
  id: number;
  userId: string;
  source: string;
  ocid: string;
  months: ReminderMonths;
  /** The end it counted back from. */
  end: string;
}

/** The radar reminders and where their direct messages go (the first-time bidders' message queue). */
export interface RadarReminderStore {
  dueRadarReminders(now: number, limit: number): DueRadarReminder[];
  contract(source: string, ocid: string): ContractRecord | null;
  markRadarReminder(id: number, status: 'queued' | 'cancelled'): void;
  moveRadarReminder(id: number, dueAt: number, end: string): void;
  /** Queues a direct message once per `dedupe` key; false when it was already queued. */
  enqueueDm(
    userId: string,
    kind: 'note',
    dedupe: string,
    content: { text: string; source: string; ocid: string },
  ): boolean;
}

import type { MatchResult } from '../matching/match-result.js';
import type { Notice, SourceId } from '../notices/notice.js';

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
}

/**
 * One run of a source (its share of a poll cycle, a recheck): every request and wait in it ends when
 * `signal` aborts (the run's deadline passed, or shutdown), and a wait that would end after `deadlineAt` is
 * not started (the source is deferred instead).
 */
export interface SourceRun {
  signal: AbortSignal;
  deadlineAt: number;
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

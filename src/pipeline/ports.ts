import type { MatchResult } from '../matching/match-result.js';
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

/** Stores notices and the poll bookkeeping. Implemented by store/notice-store.ts. */
export interface NoticeStore {
  /** Saves one page in one transaction; `baseline` records events that must not raise alerts. */
  savePage(source: string, notices: Notice[], options: { baseline: boolean; match?: (n: Notice) => MatchResult }): SavedNotice[];
  getHighWater(source: string): number | null;
  setHighWater(source: string, at: number): void;
  recordRun(run: RunRecord): void;
  getBackfillProgress(key: string): number | null;
  setBackfillProgress(key: string, doneUntil: number): void;
}

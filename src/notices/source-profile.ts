import type { Nation, SourceId } from './notice.js';

/**
 * What the normaliser needs to know about the feed a release came from. The list of feeds, with their clients
 * and config, is src/sources/registry.ts; the core only sees this profile, so adding a feed does not touch
 * it.
 */
export interface SourceProfile {
  id: SourceId;
  /** The name people see, e.g. "Find a Tender". */
  name: string;
  /** OCID prefixes the feed publishes (how a release read from a file is told apart). */
  ocidPrefixes: string[];
  /** The nation whose law applies to every notice of this feed; null: read it from the buyer's region. */
  nation: Nation | null;
  /**
   * The feed writes UK wall-clock times with a `Z` (Public Contracts Scotland and Sell2Wales: "12:00 noon" in
   * the text is `T12:00:00Z` in summer), so `Z` is read as Europe/London, not UTC.
   */
  zIsUkTime: boolean;
  /** True for a URL that is one of this feed's public notice pages. */
  isNoticePage(url: string): boolean;
  /** The public page of a release that names none, from its id (e.g. FTS /Notice/083563-2026). */
  noticePageFor(releaseId: string): string | null;
}

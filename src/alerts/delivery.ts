import type { MatchResult } from '../matching/match-result.js';
import type { Notice } from '../notices/notice.js';
import type { DeliveryKind } from './route.js';
import type { Subscription } from './subscription.js';

/** What an outbox row is: an alert about a notice or an update to it, or a radar "coming up" announcement. */
export type OutboxKind = DeliveryKind | 'radar';

/** A message waiting in the outbox, with everything needed to build it. */
export interface OutboxItem {
  id: number;
  subscription: Subscription;
  notice: Notice;
  noticeRowId: number;
  match: MatchResult;
  kind: OutboxKind;
  nonce: string;
  attempts: number;
  changes: string[];
  /** The first message this subscription got about the same process, for replies to updates. */
  original: { messageId: string; threadId: string | null } | null;
  /**
   * When an earlier attempt to send this row started and its outcome is unknown (the process stopped, or
   * Discord did not answer): the sink looks for that post before making it again.
   */
  attemptedAt: number | null;
}

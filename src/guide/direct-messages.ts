import type { StoredNoticeView } from '../alerts/stored-notice.js';
import type { PendingReminder } from './reminders.js';

/** A deadline reminder waiting to go, with the notice it is about (when it is still stored). */
export interface DueReminder extends PendingReminder {
  source: string;
  ocid: string;
  nonce: string;
  view: StoredNoticeView | null;
}

export type DirectMessageKind = 'guide' | 'note' | 'digest';

/** A direct message waiting to go: a guide (built when sent), a reminder-change note or a weekly digest. */
export interface DueDirectMessage {
  id: number;
  userId: string;
  kind: DirectMessageKind;
  text: string | null;
  view: StoredNoticeView | null;
  nonce: string;
  attempts: number;
}

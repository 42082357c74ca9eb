// What the store says when the disk under it breaks: the path, and what to do.

const RESTORE =
  'restore the backup (made with npm run backup; the restore steps are in the README, "Backups and restore")';

export const corruptText = (path: string, problem: string) =>
  `The database ${path} is damaged (PRAGMA quick_check: ${problem}). Tender Nudge will not run on it: ` +
  `stop the worker and ${RESTORE}.`;

export const fileGoneText = (path: string, what: 'deleted' | 'replaced') =>
  `The database file ${path} was ${what} while the worker was running, so nothing more can be stored in ` +
  `it. Stopping now. Put the database back or ${RESTORE}, then start the worker again.`;

export const createdText = (path: string) =>
  `No database was at ${path}, so a new, empty one was created (no subscriptions, no history). If one ` +
  `was expected there, stop the worker and ${RESTORE}.`;

export const notADatabaseText = (path: string) =>
  `${path} is not a SQLite database: Tender Nudge will not use it or write to it. Check DATABASE_PATH (the ` +
  `worker's database file, or a new path for a new one); if the database was there, ${RESTORE}.`;

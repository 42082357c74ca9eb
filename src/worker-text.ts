import type { LockHolder } from './store/instance-lock.js';

// What the worker says about itself at start-up and when it must stop.

/** Why a second worker on the same database does not start. */
export function lockHeldMessage(holder: LockHolder, databasePath: string): string {
  const since = new Date(holder.startedAt).toISOString().replace('T', ' ').slice(0, 16);
  return (
    `Not started: another worker (pid ${holder.pid} on ${holder.host}, started ${since} UTC) is running ` +
    `on ${databasePath} (DATABASE_PATH). Two workers on one database would poll and post the same things, ` +
    'so this one stops. Stop the other one first; if it crashed, start again a minute after it stopped.'
  );
}

export const LOCK_LOST =
  'Another process has taken over this database (this worker stopped renewing its hold on it): stopping, ' +
  'so ' +
  'that nothing is sent twice.';

export const TOKEN_REFUSED =
  'Discord refused DISCORD_TOKEN (401). Reset the token in the Discord developer portal (Bot, Reset ' +
  'Token), ' +
  'put the new one in .env, and start again; every alert waiting in the outbox is sent then.';

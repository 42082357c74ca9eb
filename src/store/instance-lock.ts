import { z } from 'zod';
import type { Db } from './db.js';

const LockRow = z.object({
  holder: z.string(),
  pid: z.number(),
  host: z.string(),
  started_at: z.number(),
  heartbeat_at: z.number(),
});

/** Who holds the database's worker lock, as a refusal names them. */
export interface LockHolder {
  pid: number;
  host: string;
  startedAt: number;
  heartbeatAt: number;
}

export interface InstanceLock {
  /** Takes the lock, or says who holds it. A holder silent for `staleMs` has stopped and is replaced. */
  acquire(): { ok: true } | { ok: false; holder: LockHolder };
  /** Renews the lock; false when another process has taken it (this one must stop delivering). */
  heartbeat(): boolean;
  release(): void;
}

function processRunning(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (err) {
    // EPERM: it runs, as another user.
    return (err as NodeJS.ErrnoException).code === 'EPERM';
  }
}

/**
 * One worker per database: a row in `instance_lock`, taken in an immediate transaction (so two workers
 * starting together cannot both win) and renewed by a heartbeat. A worker that crashed stops renewing, and
 * after `staleMs` (default 60 s) the next one takes over; on the same machine at once, when its process is
 * gone. Taking the lock frees the outbox rows the previous holder had claimed.
 */
export function createInstanceLock(
  db: Db,
  me: { holder: string; pid: number; host: string },
  now: () => number = Date.now,
  staleMs = 60_000,
  isRunning: (pid: number) => boolean = processRunning,
): InstanceLock {
  const read = db.prepare(
    'SELECT holder, pid, host, started_at, heartbeat_at FROM instance_lock WHERE id ' + '= 1',
  );
  const write = db.prepare(
    `INSERT INTO instance_lock (id, holder, pid, host, started_at, heartbeat_at) VALUES (1, ?, ?, ?, ?, ?)
    ON CONFLICT (id) DO UPDATE SET holder = excluded.holder, pid = excluded.pid, host = excluded.host,
    started_at = excluded.started_at, heartbeat_at = excluded.heartbeat_at`,
  );
  const beat = db.prepare('UPDATE instance_lock SET heartbeat_at = ? WHERE id = 1 AND holder = ?');
  const drop = db.prepare('DELETE FROM instance_lock WHERE id = 1 AND holder = ?');
  // Only the lock's holder sends, so claims held by anyone else are a dead worker's: its rows are free again
  // at once (their attempt start is kept, so each is looked for before it is sent again), not after the
  // lease runs out.
  const freeLeases = db.prepare(
    'UPDATE outbox SET lease_holder = NULL, lease_until = 0 WHERE lease_holder IS NOT NULL AND ' +
      'lease_holder != ?',
  );
  const acquire = db.transaction((): { ok: true } | { ok: false; holder: LockHolder } => {
    const row = LockRow.safeParse(read.get());
    const at = now();
    // On this machine a holder that is no longer running (killed, or an earlier life of this container's
    // pid) has stopped for sure: no need to wait for its heartbeat to go stale.
    const gone =
      row.success && row.data.host === me.host && (row.data.pid === me.pid || !isRunning(row.data.pid));
    if (row.success && row.data.holder !== me.holder && !gone && at - row.data.heartbeat_at < staleMs) {
      const { pid, host, started_at: startedAt, heartbeat_at: heartbeatAt } = row.data;
      return { ok: false, holder: { pid, host, startedAt, heartbeatAt } };
    }
    write.run(me.holder, me.pid, me.host, at, at);
    freeLeases.run(me.holder);
    return { ok: true };
  });
  return {
    acquire: () => acquire.immediate(),
    heartbeat: () => beat.run(now(), me.holder).changes > 0,
    release: () => void drop.run(me.holder),
  };
}

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

/**
 * One worker per database: a row in `instance_lock`, taken in an immediate transaction (so two workers
 * starting together cannot both win) and renewed by a heartbeat. A worker that crashed stops renewing, and
 * after `staleMs` (default 60 s) the next one takes over.
 */
export function createInstanceLock(
  db: Db,
  me: { holder: string; pid: number; host: string },
  now: () => number = Date.now,
  staleMs = 60_000,
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
  const acquire = db.transaction((): { ok: true } | { ok: false; holder: LockHolder } => {
    const row = LockRow.safeParse(read.get());
    const at = now();
    if (row.success && row.data.holder !== me.holder && at - row.data.heartbeat_at < staleMs) {
      const { pid, host, started_at: startedAt, heartbeat_at: heartbeatAt } = row.data;
      return { ok: false, holder: { pid, host, startedAt, heartbeatAt } };
    }
    write.run(me.holder, me.pid, me.host, at, at);
    return { ok: true };
  });
  return {
    acquire: () => acquire.immediate(),
    heartbeat: () => beat.run(now(), me.holder).changes > 0,
    release: () => void drop.run(me.holder),
  };
}

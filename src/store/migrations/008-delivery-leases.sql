-- Delivery that cannot double: each outbox row is claimed under a lease before it is sent (two drains never
-- send the same row), and the start of each attempt is written before the call, so after a crash or an
-- unanswered request the next attempt looks for the post before making it again. One worker per database:
-- the instance lock, renewed by a heartbeat. Delivery as a whole can be paused (a refused bot token).
ALTER TABLE outbox ADD COLUMN lease_holder TEXT;
ALTER TABLE outbox ADD COLUMN lease_until INTEGER NOT NULL DEFAULT 0;
ALTER TABLE outbox ADD COLUMN attempt_started_at INTEGER;

CREATE TABLE instance_lock (
  id           INTEGER PRIMARY KEY CHECK (id = 1),
  holder       TEXT NOT NULL,
  pid          INTEGER NOT NULL,
  host         TEXT NOT NULL,
  started_at   INTEGER NOT NULL,
  heartbeat_at INTEGER NOT NULL
);

CREATE TABLE delivery_state (
  id            INTEGER PRIMARY KEY CHECK (id = 1),
  paused_reason TEXT,
  paused_at     INTEGER
);

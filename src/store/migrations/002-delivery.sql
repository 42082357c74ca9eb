-- Discord delivery: subscriptions, coordinator watchlists, the outbox (one row per notice release and subscription,
-- written in the same transaction as the match), per-user feedback, and daily-cap overflow notes.
CREATE TABLE subscriptions (
  id            INTEGER PRIMARY KEY,
  guild_id      TEXT NOT NULL,
  channel_id    TEXT NOT NULL,
  json          TEXT NOT NULL,
  paused_reason TEXT,
  created_by    TEXT,
  created_at    INTEGER NOT NULL,
  updated_at    INTEGER NOT NULL,
  UNIQUE (guild_id, channel_id)
);

CREATE TABLE watchlists (
  guild_id   TEXT NOT NULL,
  id         TEXT NOT NULL,
  json       TEXT NOT NULL,
  updated_at INTEGER NOT NULL,
  PRIMARY KEY (guild_id, id)
);

CREATE TABLE outbox (
  id              INTEGER PRIMARY KEY,
  subscription_id INTEGER NOT NULL REFERENCES subscriptions (id) ON DELETE CASCADE,
  source          TEXT NOT NULL,
  ocid            TEXT NOT NULL,
  release_id      TEXT NOT NULL,
  kind            TEXT NOT NULL CHECK (kind IN ('new', 'update')),
  status          TEXT NOT NULL CHECK (status IN ('pending', 'digest', 'sent', 'capped', 'failed')),
  nonce           TEXT NOT NULL,
  attempts        INTEGER NOT NULL DEFAULT 0,
  next_attempt_at INTEGER NOT NULL,
  last_error      TEXT,
  message_id      TEXT,
  thread_id       TEXT,
  created_at      INTEGER NOT NULL,
  sent_at         INTEGER,
  UNIQUE (subscription_id, source, release_id)
);
CREATE INDEX outbox_due ON outbox (status, next_attempt_at);
CREATE INDEX outbox_by_notice ON outbox (subscription_id, source, ocid);

CREATE TABLE feedback (
  guild_id   TEXT,
  user_id    TEXT NOT NULL,
  source     TEXT NOT NULL,
  ocid       TEXT NOT NULL,
  action     TEXT NOT NULL CHECK (action IN ('remind', 'interested', 'not-relevant')),
  created_at INTEGER NOT NULL,
  UNIQUE (user_id, source, ocid, action)
);

CREATE TABLE overflow_notes (
  subscription_id INTEGER NOT NULL,
  day             TEXT NOT NULL,
  PRIMARY KEY (subscription_id, day)
);

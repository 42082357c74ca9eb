-- First-time bidders: profiles, nudge opt-ins (per person or per channel), deadline reminders, and direct messages
-- waiting to be sent (guides, reminder changes, weekly digests), each with a nonce and a de-duplication key.
CREATE TABLE profiles (
  user_id    TEXT PRIMARY KEY,
  json       TEXT NOT NULL,
  updated_at INTEGER NOT NULL
);

CREATE TABLE nudge_prefs (
  scope            TEXT NOT NULL CHECK (scope IN ('user', 'channel')),
  target           TEXT NOT NULL,
  enabled          INTEGER NOT NULL,
  last_digest_week TEXT,
  updated_at       INTEGER NOT NULL,
  PRIMARY KEY (scope, target)
);

CREATE TABLE reminders (
  id         INTEGER PRIMARY KEY,
  user_id    TEXT NOT NULL,
  source     TEXT NOT NULL,
  ocid       TEXT NOT NULL,
  kind       TEXT NOT NULL,
  deadline   TEXT NOT NULL,
  due_at     INTEGER NOT NULL,
  status     TEXT NOT NULL CHECK (status IN ('pending', 'sent', 'cancelled', 'skipped', 'failed')),
  nonce      TEXT NOT NULL,
  created_at INTEGER NOT NULL,
  UNIQUE (user_id, source, ocid, kind, deadline)
);
CREATE INDEX reminders_due ON reminders (status, due_at);
CREATE INDEX reminders_by_notice ON reminders (source, ocid, status);

CREATE TABLE dm_outbox (
  id              INTEGER PRIMARY KEY,
  user_id         TEXT NOT NULL,
  kind            TEXT NOT NULL CHECK (kind IN ('guide', 'note', 'digest')),
  source          TEXT,
  ocid            TEXT,
  text            TEXT,
  dedupe          TEXT NOT NULL UNIQUE,
  status          TEXT NOT NULL CHECK (status IN ('pending', 'sent', 'failed', 'skipped')),
  nonce           TEXT NOT NULL,
  attempts        INTEGER NOT NULL DEFAULT 0,
  next_attempt_at INTEGER NOT NULL,
  last_error      TEXT,
  created_at      INTEGER NOT NULL,
  sent_at         INTEGER
);
CREATE INDEX dm_outbox_due ON dm_outbox (status, next_attempt_at);

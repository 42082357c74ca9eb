-- A release served again under an id already seen, with different content (a moved deadline), is an update
-- announced like any other. Outbox rows and notice events were unique per release id, which swallowed it: they
-- are now keyed by the notice's revision as well (the content hash of what the person is told; '' for rows
-- written before this migration), so each revision of a release is announced once and only once. SQLite
-- cannot change a UNIQUE constraint in place, so both tables are rebuilt, keeping every row and id.
CREATE TABLE outbox_revisions (
  id              INTEGER PRIMARY KEY,
  subscription_id INTEGER NOT NULL REFERENCES subscriptions (id) ON DELETE CASCADE,
  source          TEXT NOT NULL,
  ocid            TEXT NOT NULL,
  release_id      TEXT NOT NULL,
  revision        TEXT NOT NULL DEFAULT '',
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
  lease_holder    TEXT,
  lease_until     INTEGER NOT NULL DEFAULT 0,
  attempt_started_at INTEGER,
  UNIQUE (subscription_id, source, release_id, kind, revision)
);
INSERT INTO outbox_revisions (id, subscription_id, source, ocid, release_id, kind, status, nonce, attempts,
  next_attempt_at, last_error, message_id, thread_id, created_at, sent_at, lease_holder, lease_until,
  attempt_started_at)
SELECT id, subscription_id, source, ocid, release_id, kind, status, nonce, attempts, next_attempt_at, last_error,
  message_id, thread_id, created_at, sent_at, lease_holder, lease_until, attempt_started_at
FROM outbox;
DROP TABLE outbox;
ALTER TABLE outbox_revisions RENAME TO outbox;
CREATE INDEX outbox_due ON outbox (status, next_attempt_at);
CREATE INDEX outbox_by_notice ON outbox (subscription_id, source, ocid);

CREATE TABLE notice_events_revisions (
  id         INTEGER PRIMARY KEY,
  source     TEXT NOT NULL,
  ocid       TEXT NOT NULL,
  release_id TEXT NOT NULL,
  revision   TEXT NOT NULL DEFAULT '',
  kind       TEXT NOT NULL CHECK (kind IN ('new', 'updated')),
  changes    TEXT NOT NULL DEFAULT '[]',
  baseline   INTEGER NOT NULL DEFAULT 0,
  created_at INTEGER NOT NULL,
  UNIQUE (source, release_id, kind, revision)
);
INSERT INTO notice_events_revisions (id, source, ocid, release_id, kind, changes, baseline, created_at)
SELECT id, source, ocid, release_id, kind, changes, baseline, created_at FROM notice_events;
DROP TABLE notice_events;
ALTER TABLE notice_events_revisions RENAME TO notice_events;

-- Text is bounded at ingestion (a 10 MB description is matched and shown cut, with a note): the release as
-- published is kept here, whole, when anything in it was cut (NULL otherwise).
ALTER TABLE releases ADD COLUMN raw_json TEXT;

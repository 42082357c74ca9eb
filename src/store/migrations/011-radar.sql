-- The re-procurement radar and buyer intelligence (issue 15). The contracts, buyers, buyer notices and links are
-- derived from the stored notices by the radar index (pipeline/radar.ts), which walks notices in the order they
-- were last updated from the mark in radar_index; deleting them and the mark rebuilds them. The reminders are
-- what people asked for and are kept.

-- One contract per procurement process that has an award or contract notice; record_json is its ContractRecord.
-- end_at / extent_at are its end and extension limit in ms, for the radar's range queries; relevant is 1 when
-- it is in a service area, matched a watchlist or was reserved (the only contracts the radar announces).
CREATE TABLE contracts (
  source      TEXT NOT NULL,
  ocid        TEXT NOT NULL,
  buyer_key   TEXT NOT NULL,
  buyer_id    TEXT,
  end_at      INTEGER,
  extent_at   INTEGER,
  relevant    INTEGER NOT NULL DEFAULT 0,
  record_json TEXT NOT NULL,
  indexed_at  INTEGER NOT NULL,
  updated_at  INTEGER NOT NULL,
  PRIMARY KEY (source, ocid)
);
CREATE INDEX contracts_by_end ON contracts (end_at);
CREATE INDEX contracts_by_extent ON contracts (extent_at);
CREATE INDEX contracts_by_buyer ON contracts (buyer_key);

-- A few facts about every stored notice that names a buyer (BuyerNotice), for /buyer and for linking.
CREATE TABLE buyer_notices (
  source     TEXT NOT NULL,
  ocid       TEXT NOT NULL,
  buyer_key  TEXT NOT NULL,
  stage      TEXT NOT NULL,
  facts_json TEXT NOT NULL,
  updated_at INTEGER NOT NULL,
  PRIMARY KEY (source, ocid)
);
CREATE INDEX buyer_notices_by_buyer ON buyer_notices (buyer_key, stage);

-- Buyers by folded name (radar/contract.ts buyerKey), with the latest name seen, for /buyer's autocomplete.
CREATE TABLE buyers (
  key        TEXT PRIMARY KEY,
  name       TEXT NOT NULL,
  notices    INTEGER NOT NULL,
  updated_at INTEGER NOT NULL
);
CREATE INDEX buyers_by_notices ON buyers (notices DESC);

-- The contract an engagement, pipeline or tender notice probably re-procures (radar/link.ts).
CREATE TABLE contract_links (
  source          TEXT NOT NULL,
  ocid            TEXT NOT NULL,
  contract_source TEXT NOT NULL,
  contract_ocid   TEXT NOT NULL,
  linked_at       INTEGER NOT NULL,
  PRIMARY KEY (source, ocid)
);
CREATE INDEX contract_links_by_contract ON contract_links (contract_source, contract_ocid);

-- How far the radar index has read: every notice updated before (updated_at, notice_rowid) is indexed.
CREATE TABLE radar_index (
  id           INTEGER PRIMARY KEY CHECK (id = 1),
  updated_at   INTEGER NOT NULL,
  notice_rowid INTEGER NOT NULL
);

-- "Remind me" on a radar announcement: a direct message 12 and 6 months before the contract ends. `end_date` is
-- the end counted back from, so a moved end is noticed when the reminder comes due.
CREATE TABLE radar_reminders (
  id         INTEGER PRIMARY KEY,
  user_id    TEXT NOT NULL,
  source     TEXT NOT NULL,
  ocid       TEXT NOT NULL,
  months     INTEGER NOT NULL CHECK (months IN (12, 6)),
  end_date   TEXT NOT NULL,
  due_at     INTEGER NOT NULL,
  status     TEXT NOT NULL CHECK (status IN ('pending', 'queued', 'cancelled')),
  created_at INTEGER NOT NULL,
  UNIQUE (user_id, source, ocid, months)
);
CREATE INDEX radar_reminders_due ON radar_reminders (status, due_at);

-- The index walks notices by last update, and reads a procurement's releases for its contract's history.
CREATE INDEX notices_by_update ON notices (updated_at);
CREATE INDEX releases_by_ocid ON releases (source, ocid);

-- Radar announcements go through the outbox as rows of kind 'radar' whose release_id is 'radar:<ocid>' (and
-- revision ''), so the outbox's UNIQUE (subscription_id, source, release_id, kind, revision) keeps each contract
-- to one announcement per subscription, and they are claimed under leases and looked for after an unknown
-- outcome like any alert. SQLite cannot change a CHECK constraint in place, so the table is rebuilt with every
-- column, constraint and index of 010 (only the kind list widened), keeping every row and id.
CREATE TABLE outbox_radar (
  id              INTEGER PRIMARY KEY,
  subscription_id INTEGER NOT NULL REFERENCES subscriptions (id) ON DELETE CASCADE,
  source          TEXT NOT NULL,
  ocid            TEXT NOT NULL,
  release_id      TEXT NOT NULL,
  revision        TEXT NOT NULL DEFAULT '',
  kind            TEXT NOT NULL CHECK (kind IN ('new', 'update', 'radar')),
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
INSERT INTO outbox_radar (id, subscription_id, source, ocid, release_id, revision, kind, status, nonce, attempts,
  next_attempt_at, last_error, message_id, thread_id, created_at, sent_at, lease_holder, lease_until,
  attempt_started_at)
SELECT id, subscription_id, source, ocid, release_id, revision, kind, status, nonce, attempts, next_attempt_at,
  last_error, message_id, thread_id, created_at, sent_at, lease_holder, lease_until, attempt_started_at
FROM outbox;
DROP TABLE outbox;
ALTER TABLE outbox_radar RENAME TO outbox;
CREATE INDEX outbox_due ON outbox (status, next_attempt_at);
CREATE INDEX outbox_by_notice ON outbox (subscription_id, source, ocid);

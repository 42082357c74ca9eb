-- Current state of each procurement process, keyed by (source, ocid). Its Notice is the latest release's
-- (releases.notice_json), or merged_json when earlier releases filled gaps in a delta release (FTS UK10/UK15), so a
-- notice is stored once, not twice. match_json is the matcher's verdict, stored so alerts and /explain never
-- recompute it differently.
CREATE TABLE notices (
  source        TEXT NOT NULL,
  ocid          TEXT NOT NULL,
  release_id    TEXT NOT NULL,
  release_date  TEXT,
  content_hash  TEXT NOT NULL,
  merged_json   TEXT,
  match_json    TEXT,
  first_seen_at INTEGER NOT NULL,
  updated_at    INTEGER NOT NULL,
  UNIQUE (source, ocid)
);

-- Every release ever seen, as history. (Rowid tables: rows of a few KB are a poor fit for WITHOUT ROWID.)
CREATE TABLE releases (
  source       TEXT NOT NULL,
  release_id   TEXT NOT NULL,
  ocid         TEXT NOT NULL,
  release_date TEXT,
  content_hash TEXT NOT NULL,
  notice_json  TEXT NOT NULL,
  fetched_at   INTEGER NOT NULL,
  UNIQUE (source, release_id)
);

-- What happened to a notice, for alerting: one row per (release, kind); baseline rows never alert.
CREATE TABLE notice_events (
  id         INTEGER PRIMARY KEY,
  source     TEXT NOT NULL,
  ocid       TEXT NOT NULL,
  release_id TEXT NOT NULL,
  kind       TEXT NOT NULL CHECK (kind IN ('new', 'updated')),
  changes    TEXT NOT NULL DEFAULT '[]',
  baseline   INTEGER NOT NULL DEFAULT 0,
  created_at INTEGER NOT NULL,
  UNIQUE (source, release_id, kind)
);

CREATE TABLE poll_state (
  source     TEXT PRIMARY KEY,
  high_water INTEGER NOT NULL,
  updated_at INTEGER NOT NULL
);

CREATE TABLE poll_runs (
  id         INTEGER PRIMARY KEY AUTOINCREMENT,
  source     TEXT NOT NULL,
  kind       TEXT NOT NULL,
  started_at INTEGER NOT NULL,
  ended_at   INTEGER NOT NULL,
  requests   INTEGER NOT NULL,
  seen       INTEGER NOT NULL,
  new        INTEGER NOT NULL,
  updated    INTEGER NOT NULL,
  unchanged  INTEGER NOT NULL,
  skipped    INTEGER NOT NULL,
  errors     TEXT NOT NULL DEFAULT '[]'
);

CREATE TABLE backfill_progress (
  key        TEXT PRIMARY KEY,
  done_until INTEGER NOT NULL,
  updated_at INTEGER NOT NULL
);

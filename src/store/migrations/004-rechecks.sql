-- When each open, matched notice was last read again by its process id (to catch an amendment that a poll
-- window missed, e.g. a moved deadline).
CREATE TABLE rechecks (
  source     TEXT NOT NULL,
  ocid       TEXT NOT NULL,
  checked_at INTEGER NOT NULL,
  PRIMARY KEY (source, ocid)
);

-- Corrections people make to the matcher, per server (issue 17): a "Not relevant" press on an alert, or a notice
-- reported with /report-missed for one area ('' when none was named). `matched` is the areas the matcher gave the
-- notice at the time. They are replayed as labels (npm run eval -- --corrections) and feed /watchlist suggestions.
CREATE TABLE corrections (
  id         INTEGER PRIMARY KEY,
  guild_id   TEXT NOT NULL,
  user_id    TEXT NOT NULL,
  source     TEXT NOT NULL,
  ocid       TEXT NOT NULL,
  kind       TEXT NOT NULL CHECK (kind IN ('not-relevant', 'missed')),
  area       TEXT NOT NULL DEFAULT '',
  matched    TEXT NOT NULL DEFAULT '[]',
  created_at INTEGER NOT NULL,
  UNIQUE (guild_id, user_id, source, ocid, kind, area)
);
CREATE INDEX corrections_by_guild ON corrections (guild_id, created_at);
CREATE INDEX corrections_by_notice ON corrections (source, ocid);

-- The suggestions /watchlist suggestions last showed on each server, numbered as shown, so /watchlist accept takes
-- exactly what the coordinator read. `notices` is the JSON list of the notices each would change.
CREATE TABLE correction_suggestions (
  guild_id   TEXT NOT NULL,
  number     INTEGER NOT NULL,
  kind       TEXT NOT NULL CHECK (kind IN ('phrase', 'exclusion')),
  phrase     TEXT NOT NULL,
  notices    TEXT NOT NULL DEFAULT '[]',
  created_at INTEGER NOT NULL,
  PRIMARY KEY (guild_id, number)
);

-- Operations: each server's coordinators' alerts channel (/status alerts here), and what each server was already
-- told (a feed failing, a subscription paused), so each matter is reported once and its recovery once.
CREATE TABLE alert_channels (
  guild_id   TEXT PRIMARY KEY,
  channel_id TEXT NOT NULL,
  set_by     TEXT,
  set_at     INTEGER NOT NULL
);

CREATE TABLE ops_told (
  key      TEXT NOT NULL,
  guild_id TEXT NOT NULL,
  told_at  INTEGER NOT NULL,
  PRIMARY KEY (key, guild_id)
);

-- The health check, /status and the feed alerts read the latest runs of each source.
CREATE INDEX poll_runs_by_source ON poll_runs (source, kind, id);

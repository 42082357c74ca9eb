-- Every query a person or the sender triggers stays an index look-up at a million stored notices (issue 14):
-- no full scans. (Numbered 012: 011 is taken by a parallel branch.)

-- /explain finds a notice by ocid or release id alone; a release id names its process through releases.
CREATE INDEX notices_by_ocid ON notices (ocid);
CREATE INDEX notices_by_release ON notices (release_id);
CREATE INDEX releases_by_release_id ON releases (release_id);

-- /recent without an area: the matched notices by time, and only those (the query repeats this WHERE).
CREATE INDEX notices_matched_by_time ON notices (updated_at)
  WHERE match_json IS NOT NULL AND json_array_length(match_json, '$.areas') > 0;

-- /recent for one area: each matched notice under each of its areas, by time, kept by triggers so that every
-- writer (the poll, a recheck, the demo, retention) keeps it exact without knowing it exists.
CREATE TABLE notice_areas (
  area         TEXT NOT NULL,
  updated_at   INTEGER NOT NULL,
  notice_rowid INTEGER NOT NULL,
  PRIMARY KEY (area, updated_at, notice_rowid)
) WITHOUT ROWID;
CREATE INDEX notice_areas_by_notice ON notice_areas (notice_rowid);

CREATE TRIGGER notice_areas_insert AFTER INSERT ON notices WHEN NEW.match_json IS NOT NULL
BEGIN
  INSERT OR IGNORE INTO notice_areas (area, updated_at, notice_rowid)
  SELECT json_extract(a.value, '$.rule'), NEW.updated_at, NEW.rowid FROM json_each(NEW.match_json, '$.areas') a
  WHERE json_extract(a.value, '$.rule') IS NOT NULL;
END;

CREATE TRIGGER notice_areas_update AFTER UPDATE OF match_json, updated_at ON notices
BEGIN
  DELETE FROM notice_areas WHERE notice_rowid = OLD.rowid;
  INSERT OR IGNORE INTO notice_areas (area, updated_at, notice_rowid)
  SELECT json_extract(a.value, '$.rule'), NEW.updated_at, NEW.rowid FROM json_each(NEW.match_json, '$.areas') a
  WHERE NEW.match_json IS NOT NULL AND json_extract(a.value, '$.rule') IS NOT NULL;
END;

CREATE TRIGGER notice_areas_delete AFTER DELETE ON notices
BEGIN
  DELETE FROM notice_areas WHERE notice_rowid = OLD.rowid;
END;

INSERT OR IGNORE INTO notice_areas (area, updated_at, notice_rowid)
SELECT json_extract(a.value, '$.rule'), n.updated_at, n.rowid FROM notices n, json_each(n.match_json, '$.areas') a
WHERE n.match_json IS NOT NULL AND json_extract(a.value, '$.rule') IS NOT NULL;

-- The sender's daily cap counts one subscription's messages sent today: a range of this index, at most the
-- cap's length, however many rows were ever sent.
CREATE INDEX outbox_sent ON outbox (subscription_id, status, sent_at);
-- Planning a notice's alerts asks which subscriptions were already told about its process.
CREATE INDEX outbox_by_process ON outbox (source, ocid, status);

-- /status: a day's failures and the last success of each feed.
CREATE INDEX poll_runs_by_start ON poll_runs (source, kind, started_at);
CREATE INDEX poll_runs_success ON poll_runs (source, kind, errors, ended_at);

-- /status's relevance report reads one server's feedback over the last days.
CREATE INDEX feedback_by_guild ON feedback (guild_id, created_at);

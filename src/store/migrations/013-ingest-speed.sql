-- Ingest speed (issue 14).
--
-- The notice_areas triggers cost more than the rest of a notice's insert together (an insert into notices took
-- 24 µs with them and 6 µs without, measured 2026-12-02, even when the WHEN clause is false). The notice store is
-- the only writer of notices, so it keeps notice_areas itself, in the same statement order as the triggers did.
DROP TRIGGER IF EXISTS notice_areas_insert;
DROP TRIGGER IF EXISTS notice_areas_update;
DROP TRIGGER IF EXISTS notice_areas_delete;

-- A fingerprint of the release's bytes as the feed served them (SHA-1 of the release's slice of the page,
-- salted with the normaliser's version): a release read again with the same bytes is known to be stored,
-- unchanged, before it is normalised. NULL when the page's layout gave no slice (the release is then normalised
-- and compared by content_hash, as before).
ALTER TABLE releases ADD COLUMN raw_hash TEXT;

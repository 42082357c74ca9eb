-- The radar links a buyer's planning and tender notices to its contracts by the buyer's folded name or its
-- organisation id (014). When a contract arrived after such a notice, the notice was looked up by name only,
-- so one that named the buyer differently but gave the same id was never linked (third outside review).
ALTER TABLE buyer_notices ADD COLUMN buyer_id TEXT;
-- The notices already indexed, from their stored JSON (only the stages the link reads).
UPDATE buyer_notices SET buyer_id = (
  SELECT json_extract(COALESCE(n.merged_json, r.notice_json), '$.buyer.id')
  FROM notices n JOIN releases r ON r.source = n.source AND r.release_id = n.release_id
  WHERE n.source = buyer_notices.source AND n.ocid = buyer_notices.ocid
)
WHERE stage IN ('planning', 'tender');
CREATE INDEX buyer_notices_by_buyer_id ON buyer_notices (buyer_id, stage);

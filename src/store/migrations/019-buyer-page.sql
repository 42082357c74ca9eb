-- /buyer read its buyer's contracts in a service area (up to 500) and its notices in one whole to count them,
-- find the earliest award, and choose its open opportunities and early engagement: 17.3 ms for a large buyer
-- at a million stored notices (issue 14: every user-facing query <= 10 ms). It now counts and pages on
-- indexes and reads whole only what it shows. Each contract keeps its award date (as text, '' when it has
-- none), and each buyer notice the instants its choice compares with now (instant_ms() is Date.parse,
-- registered by db.ts; NULL when the text is not a date). Filled from the JSON already stored.
ALTER TABLE contracts ADD COLUMN awarded_on TEXT NOT NULL DEFAULT '';
UPDATE contracts SET awarded_on = COALESCE(json_extract(record_json, '$.awardedOn'), '');
CREATE INDEX contracts_buyer_in_area ON contracts (buyer_key, awarded_on)
  WHERE relevant = 1 AND areas_json != '[]';
ALTER TABLE buyer_notices ADD COLUMN deadline_at INTEGER;
ALTER TABLE buyer_notices ADD COLUMN engagement_at INTEGER;
ALTER TABLE buyer_notices ADD COLUMN expected_at INTEGER;
ALTER TABLE buyer_notices ADD COLUMN published_at INTEGER;
UPDATE buyer_notices SET
  deadline_at = instant_ms(json_extract(facts_json, '$.deadline')),
  engagement_at = instant_ms(json_extract(facts_json, '$.engagementDeadline')),
  expected_at = instant_ms(json_extract(facts_json, '$.expectedTender')),
  published_at = instant_ms(published);
-- Open opportunities (a tender in an area whose deadline is ahead) and early engagement (a planning notice
-- in an area: radar/buyer.ts isOpen, isEarly).
CREATE INDEX buyer_notices_open ON buyer_notices (buyer_key, deadline_at)
  WHERE relevant = 1 AND stage = 'tender';
CREATE INDEX buyer_notices_early ON buyer_notices (buyer_key, published, engagement_at, expected_at, published_at)
  WHERE relevant = 1 AND stage = 'planning';

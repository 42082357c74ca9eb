-- /radar still chose its page in JS over every relevant contract in its window (migration 017's columns, read
-- and parsed row by row, about 5 us each): 188 ms at a million stored notices, where 25,000 contracts fall in
-- an 18-month window (issue 14: every user-facing query <= 10 ms). It now counts and pages inside SQLite:
-- each contract keeps its copy key (radar/contract.ts copyKey: the same for one contract published on two
-- feeds; copy_key() is that function, registered by db.ts) and whether another relevant contract shares it
-- (has_copy, kept by the radar store as it writes). The count counts each copy key once among those with a
-- copy and every other contract, on the index; the page is read in the index's order (store/radar-page.ts).
ALTER TABLE contracts ADD COLUMN copy_key TEXT;
ALTER TABLE contracts ADD COLUMN has_copy INTEGER NOT NULL DEFAULT 0;
UPDATE contracts SET copy_key = copy_key(buyer_key, title, end_on);
CREATE INDEX contracts_by_copy ON contracts (copy_key) WHERE relevant = 1 AND copy_key IS NOT NULL;
UPDATE contracts SET has_copy = 1 WHERE relevant = 1 AND copy_key IN (
  SELECT copy_key FROM contracts WHERE relevant = 1 AND copy_key IS NOT NULL
  GROUP BY copy_key HAVING COUNT(*) > 1
);
-- The two indexes /radar reads now hold what it counts and pages on, those with a copy apart (so that counting
-- each copy key once reads only them); 017's title, end and extension-limit columns were there only for the
-- choice in JS, and go.
DROP INDEX contracts_radar_by_end;
DROP INDEX contracts_radar_by_extent;
ALTER TABLE contracts DROP COLUMN title;
ALTER TABLE contracts DROP COLUMN end_on;
ALTER TABLE contracts DROP COLUMN extent_on;
CREATE INDEX contracts_radar_by_end ON contracts (has_copy, end_at, areas_json, regions_json, copy_key)
  WHERE relevant = 1;
CREATE INDEX contracts_radar_by_extent ON contracts
  (has_copy, extent_at, end_at, areas_json, regions_json, copy_key) WHERE relevant = 1;

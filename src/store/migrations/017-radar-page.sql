-- /radar read every contract in a service area ending within its months whole (record_json, parsed one by
-- one) to count them and show one page: 86 ms at 100,000 stored notices in the store-scale bench (issue 14).
-- Each contract now keeps in columns what choosing and ordering them reads (radar/plan.ts upcoming: its end
-- and extension limit, areas, regions, title), in two indexes of the contracts in an area, a watchlist or a
-- reservation that hold those columns, so that /radar chooses on the indexes and reads only the page it
-- shows. Filled from the records already stored.
ALTER TABLE contracts ADD COLUMN title TEXT NOT NULL DEFAULT '';
ALTER TABLE contracts ADD COLUMN end_on TEXT;
ALTER TABLE contracts ADD COLUMN extent_on TEXT;
ALTER TABLE contracts ADD COLUMN areas_json TEXT NOT NULL DEFAULT '[]';
ALTER TABLE contracts ADD COLUMN regions_json TEXT NOT NULL DEFAULT '[]';
UPDATE contracts SET
  title = COALESCE(json_extract(record_json, '$.title'), ''),
  end_on = json_extract(record_json, '$.end'),
  extent_on = json_extract(record_json, '$.maxExtent'),
  areas_json = COALESCE(json_extract(record_json, '$.areas'), '[]'),
  regions_json = COALESCE(json_extract(record_json, '$.regions'), '[]');
CREATE INDEX contracts_radar_by_end ON contracts
  (end_at, buyer_key, title, end_on, extent_on, areas_json, regions_json) WHERE relevant = 1;
CREATE INDEX contracts_radar_by_extent ON contracts
  (extent_at, end_at, buyer_key, title, end_on, extent_on, areas_json, regions_json) WHERE relevant = 1;

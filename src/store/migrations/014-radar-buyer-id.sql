-- The radar index looks a buyer's contracts up by its key or, when the notice names one, by its organisation
-- id. Only the key had an index, so every look-up read the whole contracts table (EXPLAIN QUERY PLAN: SCAN c),
-- once per buyer per batch of 500 notices indexed: the poll's radar step grew with the database (issue 14).
CREATE INDEX contracts_by_buyer_id ON contracts (buyer_id);

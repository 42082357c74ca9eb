-- A contract's end written as a last second in UTC (…T23:59:59Z) means that UTC day, but in summer it is
-- 00:59 on the next UK day, and the radar, which keeps a contract until its end's UK day is over, kept it one
-- day too long. The store now writes end_at and extent_at as the radar compares them (radar/contract.ts
-- radarEndMs: such an end taken back by the UK offset); the contracts already stored are moved the same way.
-- Only ends at 23:59 UTC can change (86,340,000 ms into a UTC day or later), so the rest are not rewritten.
UPDATE contracts SET end_at = radar_end_ms(end_at) WHERE end_at % 86400000 >= 86340000;
UPDATE contracts SET extent_at = radar_end_ms(extent_at) WHERE extent_at % 86400000 >= 86340000;

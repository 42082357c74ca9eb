import { z } from 'zod';
import { NATIONWIDE } from '../notices/regions.js';
import { firstOfEachCopy, inRadarOrder, type RadarCandidate } from '../radar/plan.js';
import type { Db } from './db.js';

// /radar's count and page, inside SQLite (migration 018), on the two partial indexes of relevant contracts.
// They choose as radar/plan.ts upcoming does over whole records (the test compares every page with it):
// - in the window: the end within [from, to], or else the extension limit within it;
// - soonest first by the next end (nextEnd: the end while it is ahead, else the extension limit), ties in the
//   order first indexed (rowid);
// - in the area asked for (else in any area), and in the region asked for unless the contract names none or
//   is nationwide;
// - one contract on two feeds once (the first, in that order): the count counts each copy key once among the
//   contracts whose key another relevant contract shares (has_copy), and every other contract.
// Areas and regions are matched in their JSON arrays by the quoted id ("advocacy"), which is exact for ids
// with no double quote in them (service-area ids and region names).

/** The area (else any) and region (else any) /radar asks for. */
export interface RadarPageFilter {
  area: string | null;
  region: string | null;
}

const CHOSEN = `relevant = 1 AND
  CASE WHEN @area IS NULL THEN areas_json != '[]' ELSE instr(areas_json, @area) > 0 END AND
  (@region IS NULL OR regions_json = '[]' OR instr(regions_json, @nationwide) > 0
    OR instr(regions_json, @region) > 0)`;
// By its end (soonest: the end), or by its extension limit when the end is not in the window (soonest: the
// extension limit when the end has passed or is unknown, else the end, after the window).
const BY_END = `FROM contracts INDEXED BY contracts_radar_by_end
  WHERE end_at BETWEEN @from AND @to AND ${CHOSEN}`;
const BY_EXTENT = `FROM contracts INDEXED BY contracts_radar_by_extent WHERE extent_at BETWEEN @from AND @to
  AND (end_at IS NULL OR end_at NOT BETWEEN @from AND @to) AND ${CHOSEN}`;
const COLUMNS = 'rowid, copy_key, has_copy';

const CandidateRow = z.object({
  rowid: z.number(),
  soonest: z.number(),
  copy_key: z.string().nullable(),
  has_copy: z.number(),
});
const toCandidate = (raw: unknown): RadarCandidate => {
  const row = CandidateRow.parse(raw);
  return { rowId: row.rowid, soonest: row.soonest, copyKey: row.has_copy === 1 ? row.copy_key : null };
};

/** /radar's count and page reads on `db`. */
export function createRadarPageReads(db: Db) {
  const stmt = {
    // Those with no copy, and one for each copy key among the rest (one contract once, whichever is first);
    // each a range of the index, those with a copy apart.
    count: db
      .prepare(
        `SELECT (SELECT COUNT(*) ${BY_END} AND has_copy = 0) + (SELECT COUNT(*) ${BY_EXTENT} AND has_copy = 0)
        + (SELECT COUNT(DISTINCT copy_key) FROM (SELECT copy_key ${BY_END} AND has_copy = 1
          UNION ALL SELECT copy_key ${BY_EXTENT} AND has_copy = 1))`,
      )
      .pluck(),
    // Each in its index's order, those with a copy and those without apart (by end, by extension limit; the
    // end after the window is few and sorted).
    byEnd: db.prepare(`
      SELECT ${COLUMNS}, end_at AS soonest ${BY_END} AND has_copy = @copied
      ORDER BY end_at, rowid LIMIT @limit
    `),
    byExtent: db.prepare(`
      SELECT ${COLUMNS}, extent_at AS soonest ${BY_EXTENT} AND has_copy = @copied
      AND (end_at IS NULL OR end_at < @from) ORDER BY extent_at, rowid LIMIT @limit
    `),
    endAfter: db.prepare(`
      SELECT ${COLUMNS}, end_at AS soonest ${BY_EXTENT} AND has_copy = @copied AND end_at > @to
      ORDER BY end_at, rowid LIMIT @limit
    `),
  };
  const params = (filter: RadarPageFilter, from: number, to: number) => ({
    from,
    to,
    area: filter.area === null ? null : JSON.stringify(filter.area),
    region: filter.region === null ? null : JSON.stringify(filter.region),
    nationwide: JSON.stringify(NATIONWIDE),
  });

  return {
    /** How many contracts /radar lists for this filter and window, each once. */
    count: (filter: RadarPageFilter, from: number, to: number): number =>
      Number(stmt.count.get(params(filter, from, to))),
    /**
     * The row ids of the contracts at [offset, offset + limit) in /radar's order. Reads that many from the
     * start of each index's order (more when copies were left out), never the whole window.
     */
    rows(filter: RadarPageFilter, from: number, to: number, offset: number, limit: number): number[] {
      const p = params(filter, from, to);
      for (let take = offset + limit; ; take *= 2) {
        const read = [stmt.byEnd, stmt.byExtent, stmt.endAfter].flatMap((s) =>
          [0, 1].map((copied) => s.all({ ...p, copied, limit: take }).map(toCandidate)),
        );
        // The first `take` of the six in order are the first `take` of the whole (all of it once each has
        // fewer), and a copy comes after the one kept, so leaving copies out of them gives a true prefix.
        const whole = read.every((r) => r.length < take);
        const ordered = inRadarOrder(read.flat());
        const chosen = firstOfEachCopy(whole ? ordered : ordered.slice(0, take));
        if (whole || chosen.length >= offset + limit)
          return chosen.slice(offset, offset + limit).map((c) => c.rowId);
      }
    },
  };
}

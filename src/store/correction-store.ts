import { z } from 'zod';
import type { StoredNoticeView } from '../alerts/stored-notice.js';
import {
  CORRECTION_KINDS,
  Suggestion,
  type Correction,
  type CorrectionWithNotice,
} from '../matching/corrections.js';
import type { Db } from './db.js';

const CorrectionRow = z.object({
  guild_id: z.string(),
  user_id: z.string(),
  source: z.string(),
  ocid: z.string(),
  kind: z.enum(CORRECTION_KINDS),
  area: z.string(),
  matched: z.string(),
  created_at: z.number(),
});
const KeyRow = z.object({ source: z.string(), ocid: z.string() });
const SuggestionRow = z.object({
  kind: z.enum(['exclusion', 'phrase']),
  phrase: z.string(),
  notices: z.string(),
});
const InterestedRow = z.object({ guild_id: z.string(), source: z.string(), ocid: z.string() });

/** Outbox states of an alert a server received or will receive in a digest. */
const RECEIVED_SQL = "o.status IN ('sent', 'digest', 'pending')";

/**
 * Corrections per server ("Not relevant" presses and reported misses), the notices a server kept, and the
 * suggestions last shown. Notices are read back through `byKey` (the query store), never by cast.
 */
export function createSqliteCorrectionStore(
  db: Db,
  queries: { byKey(source: string, ocid: string): StoredNoticeView | null },
  now: () => number = Date.now,
) {
  const stmt = {
    record: db.prepare(`
      INSERT OR IGNORE INTO corrections (guild_id, user_id, source, ocid, kind, area, matched, created_at)
      VALUES (@guildId, @userId, @source, @ocid, @kind, @area, @matched, @at)
    `),
    forGuild: db.prepare(`
      SELECT guild_id, user_id, source, ocid, kind, area, matched, created_at
      FROM corrections
      WHERE guild_id = ? AND created_at >= ?
      ORDER BY created_at DESC, id DESC
      LIMIT ?
    `),
    all: db.prepare(`
      SELECT guild_id, user_id, source, ocid, kind, area, matched, created_at
      FROM corrections
      ORDER BY guild_id, source, ocid, id
    `),
    kept: db.prepare(`
      SELECT o.source, o.ocid, MAX(o.created_at) AS at
      FROM outbox o JOIN subscriptions s ON s.id = o.subscription_id
      WHERE s.guild_id = ? AND ${RECEIVED_SQL} AND o.created_at >= ?
        AND NOT EXISTS (
          SELECT 1 FROM corrections c
          WHERE c.guild_id = s.guild_id AND c.source = o.source AND c.ocid = o.ocid
            AND c.kind = 'not-relevant'
        )
      GROUP BY o.source, o.ocid
      ORDER BY at DESC
      LIMIT ?
    `),
    interested: db.prepare(`
      SELECT DISTINCT f.guild_id, f.source, f.ocid
      FROM feedback f
      WHERE f.action = 'interested' AND f.guild_id IS NOT NULL
    `),
    clearSuggestions: db.prepare('DELETE FROM correction_suggestions WHERE guild_id = ?'),
    addSuggestion: db.prepare(`
      INSERT INTO correction_suggestions (guild_id, number, kind, phrase, notices, created_at)
      VALUES (?, ?, ?, ?, ?, ?)
    `),
    suggestion: db.prepare(
      'SELECT kind, phrase, notices FROM correction_suggestions WHERE guild_id = ? AND number = ?',
    ),
  };

  const toCorrection = (raw: unknown): CorrectionWithNotice => {
    const row = CorrectionRow.parse(raw);
    return {
      guildId: row.guild_id,
      userId: row.user_id,
      source: row.source,
      ocid: row.ocid,
      kind: row.kind,
      area: row.area === '' ? null : row.area,
      matched: z.array(z.string()).parse(JSON.parse(row.matched)),
      createdAt: row.created_at,
      notice: queries.byKey(row.source, row.ocid)?.notice ?? null,
    };
  };

  const saveSuggestions = db.transaction((guildId: string, suggestions: Suggestion[]) => {
    stmt.clearSuggestions.run(guildId);
    suggestions.forEach((s, i) =>
      stmt.addSuggestion.run(guildId, i + 1, s.kind, s.phrase, JSON.stringify(s.notices), now()),
    );
  });

  return {
    /** Stores one person's correction; false when they had already made the same one. */
    record: (c: Correction) =>
      stmt.record.run({
        guildId: c.guildId,
        userId: c.userId,
        source: c.source,
        ocid: c.ocid,
        kind: c.kind,
        area: c.area ?? '',
        matched: JSON.stringify(c.matched),
        at: now(),
      }).changes > 0,
    forGuild: (guildId: string, sinceMs: number, limit = 500) =>
      stmt.forGuild.all(guildId, now() - sinceMs, limit).map(toCorrection),
    /** Every correction of every server (for `npm run eval -- --corrections`). */
    all: () => stmt.all.all().map(toCorrection),
    /** Notices "Interested" was pressed for, by server: kept, and relevant in the areas they matched. */
    interested: () => stmt.interested.all().map((raw) => InterestedRow.parse(raw)),
    /** Notices the server received (or will, in a digest) and did not mark not relevant, newest first. */
    keptNotices(guildId: string, sinceMs: number, limit: number): StoredNoticeView[] {
      return stmt.kept
        .all(guildId, now() - sinceMs, limit)
        .map((raw) => KeyRow.parse(raw))
        .map((k) => queries.byKey(k.source, k.ocid))
        .filter((v): v is StoredNoticeView => v !== null);
    },
    saveSuggestions: (guildId: string, suggestions: Suggestion[]) => saveSuggestions(guildId, suggestions),
    suggestion(guildId: string, number: number): Suggestion | null {
      const row = SuggestionRow.safeParse(stmt.suggestion.get(guildId, number));
      if (!row.success) return null;
      const notices: unknown = JSON.parse(row.data.notices);
      return Suggestion.parse({ ...row.data, notices });
    },
  };
}

export type SqliteCorrectionStore = ReturnType<typeof createSqliteCorrectionStore>;

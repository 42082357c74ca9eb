import { existsSync } from 'node:fs';
import type { ClassifyLine } from '../matching/classify.js';
import { labelAreas, type CorrectionWithNotice } from '../matching/corrections.js';
import { correctionsSummary, noDatabase } from '../matching/eval-text.js';
import type { Label } from '../matching/evaluate.js';
import type { MatchResult } from '../matching/match-result.js';
import type { Notice } from '../notices/notice.js';
import { createSqliteCorrectionStore } from '../store/correction-store.js';
import { openDb } from '../store/db.js';
import { createSqliteQueries } from '../store/query-store.js';

export interface CorrectionReplay {
  summary: string;
  labels: Label[];
  lines: ClassifyLine[];
}

/**
 * A database's corrections as labels, one per (server, notice): a notice marked "Not relevant" is labelled
 * with no area; one reported missed with the area(s) named (or "(any)"); one a person was "Interested" in,
 * and nobody corrected, with the areas it matched then. Each is matched again with today's rules.
 */
export function correctionsAsLabels(path: string, match: (n: Notice) => MatchResult): CorrectionReplay {
  if (!existsSync(path)) throw new Error(noDatabase(path));
  const db = openDb(path);
  try {
    const queries = createSqliteQueries(db);
    const store = createSqliteCorrectionStore(db, queries);
    const byNotice = new Map<string, CorrectionWithNotice[]>();
    const corrections = store.all();
    for (const c of corrections) {
      const key = `${c.guildId}:${c.source}:${c.ocid}`;
      byNotice.set(key, [...(byNotice.get(key) ?? []), c]);
    }
    const labels: Label[] = [];
    const lines: ClassifyLine[] = [];
    let gone = 0;
    const add = (key: string, notice: Notice | null, areas: string[]) => {
      if (!notice) {
        gone++;
        return;
      }
      const verdict = match(notice);
      labels.push({ id: key, areas, ambiguous: false, reserved: 'none' });
      lines.push({
        id: key,
        ocid: notice.ocid,
        areas: verdict.areas.map((a) => ({ area: a.rule, band: a.band, score: a.score, reasons: a.reasons })),
        reserved: null,
      });
    };
    for (const [key, list] of byNotice) add(key, list[0]?.notice ?? null, labelAreas(list));
    const interested = store.interested().filter((i) => !byNotice.has(`${i.guild_id}:${i.source}:${i.ocid}`));
    for (const i of interested) {
      const view = queries.byKey(i.source, i.ocid);
      add(
        `${i.guild_id}:${i.source}:${i.ocid}`,
        view?.notice ?? null,
        (view?.match?.areas ?? []).map((a) => a.rule),
      );
    }
    const count = (kind: string) => corrections.filter((c) => c.kind === kind).length;
    const servers = new Set(
      [...byNotice.keys(), ...interested.map((i) => i.guild_id)].map((k) => k.split(':')[0]),
    );
    return {
      summary: correctionsSummary({
        path,
        notRelevant: count('not-relevant'),
        missed: count('missed'),
        interested: interested.length,
        notices: labels.length,
        servers: servers.size,
        gone,
      }),
      labels,
      lines,
    };
  } finally {
    db.close();
  }
}

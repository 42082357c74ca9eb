import type { Notice } from '../notices/notice.js';
import type { CompiledMatcher } from './compile.js';
import { newNoticeAcc } from './evidence.js';
import type { Band, MatchResult, RuleMatch } from './match-result.js';
import { scanNotice } from './scan.js';
import { noticeFacts, scoreArea, scoreWatchlist, type NoticeFacts, type Scored } from './score.js';

function bandOf(score: number, s: CompiledMatcher['scoring']): Band | null {
  if (score >= s.bands.strong) return 'strong';
  return score >= s.bands.possible ? 'possible' : null;
}

/** Watchlist rules that follow one of the notice's CPV codes (or an ancestor). */
function cpvWatchlists(notice: Notice, m: CompiledMatcher): Set<number> {
  const out = new Set<number>();
  if (m.watchCpv.size === 0) return out;
  for (const code of notice.cpv)
    for (let len = 2; len <= 8; len++)
      for (const rule of m.watchCpv.get(code.slice(0, len)) ?? []) out.add(rule);
  return out;
}

/**
 * Decides which service areas and watchlists a notice belongs to, with reasons a person can check. Pure: the
 * same notice and rules always give the same result, which is stored with the notice. One walk over the
 * text finds every rule's evidence; only the rules it touched (and watchlists following the notice's CPV
 * codes) are scored, each in time proportional to its own evidence.
 */
export function matchNotice(notice: Notice, m: CompiledMatcher): MatchResult {
  const acc = newNoticeAcc();
  scanNotice(notice, m, acc);
  const cpvWatch = cpvWatchlists(notice, m);
  // Area and watchlist rules are numbered apart; a CPV-followed watchlist may have phrase hits too.
  const touched = [...acc.areas.keys(), ...acc.watch.keys()];
  for (const rule of cpvWatch) if (!acc.watch.has(rule)) touched.push(rule);
  touched.sort((a, b) => a - b);
  const result: MatchResult = { areas: [], watchlists: [], rejected: [] };
  let facts: NoticeFacts | null = null;
  for (const index of touched) {
    const rule = m.rules[index];
    if (!rule) continue;
    let scored: Scored;
    let id: string;
    if (rule.type === 'area') {
      const area = acc.areas.get(index);
      if (!area) continue;
      scored = scoreArea(rule, area, acc, m, notice);
      id = rule.area.id;
    } else {
      facts ??= noticeFacts(notice);
      scored = scoreWatchlist(rule, acc.watch.get(index), cpvWatch.has(index), notice, facts);
      id = rule.id;
    }
    const band = bandOf(scored.score, m.scoring);
    if (band) {
      const match: RuleMatch = {
        rule: id,
        band,
        score: Math.round(scored.score * 100) / 100,
        reasons: scored.reasons,
      };
      (rule.type === 'area' ? result.areas : result.watchlists).push(match);
    } else if (scored.rejected.length > 0 || scored.reasons.length > 0) {
      const weak =
        scored.reasons.length > 0
          ? [`too weak (score ${scored.score.toFixed(2)}): ${scored.reasons.join('; ')}`]
          : [];
      result.rejected.push({ rule: id, reasons: [...scored.rejected, ...weak] });
    }
  }
  return result;
}

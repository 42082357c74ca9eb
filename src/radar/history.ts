import { mergeNotice } from '../notices/changes.js';
import type { Notice } from '../notices/notice.js';
import { contractDates, isContractNotice, isTermination, type ContractEvent } from './contract.js';

// What later notices of one procurement did to its contract: a change notice (UK10, a Contracts Finder award
// update) that moved the end or the extension limit, or a termination (UK11, `contractTermination`) that
// ended it. The releases are folded in publication order the way the store folds them (`mergeNotice`), so a
// delta release that carries only the changed contract is read against what was known before it.

const published = (n: Notice) => n.dates.published ?? '';

/** The changes and terminations, oldest first, that the releases of one procurement record. */
export function contractHistory(releases: Notice[]): ContractEvent[] {
  const ordered = [...releases].sort((a, b) => published(a).localeCompare(published(b)));
  const [first, ...rest] = ordered;
  if (!first) return [];
  const events: ContractEvent[] = [];
  let state = first;
  let terminated = isTermination(first);
  for (const next of rest) {
    const merged = mergeNotice(state, next);
    const before = contractDates(state);
    const after = contractDates(merged);
    const moved = {
      endFrom: before.end,
      endTo: after.end,
      maxExtentFrom: before.maxExtent,
      maxExtentTo: after.maxExtent,
    };
    const changed = before.end !== after.end || before.maxExtent !== after.maxExtent;
    const base = { releaseId: next.releaseId, noticeType: next.noticeType, date: next.dates.published };
    if (!terminated && isTermination(next)) {
      terminated = true;
      events.push({ ...base, kind: 'terminated', ...(changed ? moved : noMove) });
    } else if (changed && isContractNotice(state)) {
      events.push({ ...base, kind: 'modified', ...moved });
    }
    state = merged;
  }
  return events;
}

const noMove = { endFrom: null, endTo: null, maxExtentFrom: null, maxExtentTo: null };

/**
 * Releases read from files (not from the store), grouped by procurement and folded in publication order as
 * the store folds them: each procurement's current notice and its contract history.
 */
export function foldProcurements(releases: Notice[]): { notice: Notice; history: ContractEvent[] }[] {
  const groups = new Map<string, Notice[]>();
  for (const release of releases) {
    const key = `${release.source}\u0000${release.ocid}`;
    groups.set(key, [...(groups.get(key) ?? []), release]);
  }
  return [...groups.values()].map((group) => {
    const ordered = [...group].sort((a, b) => published(a).localeCompare(published(b)));
    const [first, ...rest] = ordered;
    // A group always has one release; the fold keeps a delta release from blanking what came before it.
    const notice = rest.reduce((state, next) => mergeNotice(state, next), first ?? group[0]!);
    return { notice, history: contractHistory(ordered) };
  });
}

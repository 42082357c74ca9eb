import { toBuyerNotice } from '../radar/buyer.js';
import { buyerKey, isContractNotice, toContractRecord, type ContractRecord } from '../radar/contract.js';
import { contractHistory } from '../radar/history.js';
import { canReplace, findReplacedContract } from '../radar/link.js';
import type { Logger } from '../shared/logger.js';
import type { IndexedLinkWrite, IndexedNotice, IndexedWrite, RadarIndexStore } from './ports.js';

// The radar index: after notices are stored (by a poll, a backfill, a recheck or any other path that saves),
// it reads every notice changed since it last looked, in the order they changed, and keeps the contract
// records, the buyers' facts and the re-procurement links. Each batch and the read mark move together in one
// transaction, so an interrupted run resumes where it stopped and nothing is indexed twice or skipped.

export interface RadarIndexDeps {
  store: RadarIndexStore;
  log: Logger;
  /** Notices read per transaction (default 500). */
  batchSize?: number;
  onProgress?: (indexed: number) => void;
  /** Stops between batches once aborted (each batch and its mark are one transaction: nothing half done). */
  signal?: AbortSignal;
}

export interface IndexSummary {
  notices: number;
  contracts: number;
  links: number;
}

/** A notice's releases, oldest first: read from the store unless the notice is its only one. */
const releasesOf = (item: IndexedNotice, store: RadarIndexStore) =>
  item.onlyRelease ? [item.notice] : store.releasesOf(item.source, item.ocid);

function toWrite(item: IndexedNotice, store: RadarIndexStore): IndexedWrite {
  const { notice, match } = item;
  const key = buyerKey(notice.buyer.name);
  const buyer = key && notice.buyer.name ? { key, name: notice.buyer.name, id: notice.buyer.id } : null;
  const contract = isContractNotice(notice)
    ? toContractRecord(notice, match, contractHistory(releasesOf(item, store)))
    : null;
  return {
    source: item.source,
    ocid: item.ocid,
    buyer,
    buyerNotice: buyer ? toBuyerNotice(notice, match) : null,
    contract,
  };
}

const keyOf = (c: { source: string; ocid: string }) => `${c.source}\u0000${c.ocid}`;
const buyerOf = (key: string, id: string | null) => `${key}\u0000${id ?? ''}`;

/**
 * The links a batch changes: each of its engagement, pipeline and tender notices against its buyer's
 * contracts, and each of its buyers' earlier such notices against a contract this batch added or changed.
 */
function linksFor(
  batch: IndexedNotice[],
  writes: IndexedWrite[],
  store: RadarIndexStore,
): IndexedLinkWrite[] {
  const fresh = new Map<string, ContractRecord>();
  for (const w of writes) if (w.contract) fresh.set(keyOf(w), w.contract);
  // By name key and identifier, as the store looks them up: a notice giving an identifier sees the buyer's
  // contracts filed under another name, though one of the same name before it gave none.
  const candidatesCache = new Map<string, ContractRecord[]>();
  const candidates = (key: string, id: string | null) => {
    const cacheKey = buyerOf(key, id);
    const cached = candidatesCache.get(cacheKey);
    if (cached) return cached;
    const stored = store.contractsOfBuyer(key, id).filter((c) => !fresh.has(keyOf(c)));
    const ofBuyer = (c: ContractRecord) => c.buyer.key === key || (id !== null && c.buyer.id === id);
    const all = [...stored, ...[...fresh.values()].filter(ofBuyer)];
    candidatesCache.set(cacheKey, all);
    return all;
  };
  const links = new Map<string, IndexedLinkWrite>();
  const link = (item: IndexedNotice) => {
    const key = buyerKey(item.notice.buyer.name);
    if (!canReplace(item.notice) || !key) return;
    const found = findReplacedContract(item.notice, item.match, candidates(key, item.notice.buyer.id));
    const contract = found ? { source: found.contract.source, ocid: found.contract.ocid } : null;
    links.set(keyOf(item), { source: item.source, ocid: item.ocid, contract });
  };
  for (const item of batch) link(item);
  // The buyers of the contracts this batch added or changed, by name key and identifier.
  const changedBuyers = new Map<string, { key: string; id: string | null }>();
  for (const c of fresh.values())
    if (c.buyer.key !== '') changedBuyers.set(buyerOf(c.buyer.key, c.buyer.id), c.buyer);
  for (const { key, id } of changedBuyers.values())
    for (const early of store.earlyNoticesOfBuyer(key, id)) if (!links.has(keyOf(early))) link(early);
  return [...links.values()];
}

/**
 * Brings the radar index up to date with the stored notices, batch by batch (yielding to the event loop
 * between batches, so a worker catching up after a large backfill keeps answering Discord).
 */
export async function indexContracts(deps: RadarIndexDeps): Promise<IndexSummary> {
  const summary: IndexSummary = { notices: 0, contracts: 0, links: 0 };
  const size = deps.batchSize ?? 500;
  while (!deps.signal?.aborted) {
    const batch = deps.store.changedNotices(size);
    const last = batch[batch.length - 1];
    if (!last) break;
    const writes = batch.map((item) => toWrite(item, deps.store));
    const links = linksFor(batch, writes, deps.store);
    deps.store.saveIndexed(writes, links, { updatedAt: last.updatedAt, rowId: last.rowId });
    summary.notices += batch.length;
    summary.contracts += writes.filter((w) => w.contract).length;
    summary.links += links.filter((l) => l.contract).length;
    deps.onProgress?.(summary.notices);
    if (batch.length < size) break;
    await new Promise<void>((resolve) => setImmediate(resolve));
  }
  if (summary.notices > 0) deps.log.debug({ ...summary }, 'Radar index brought up to date');
  return summary;
}

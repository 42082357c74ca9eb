import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { startReplayServer, type ReplayServer } from '../../src/replay/replay-server.js';
import { openDbReadOnly, type Db } from '../../src/store/db.js';
import { dorsetAdvocacyAwardRaw, dorsetPinRaw } from '../support/radar.js';
import { startWorker, type RunningWorker } from '../support/worker.js';

// The real worker runs the radar after each source's poll: what the poll stored becomes contracts, buyers
// and re-procurement links without a recheck or a restart (the merge of the radar had dropped this).

let worker: RunningWorker | null = null;
let replay: ReplayServer | null = null;
afterEach(async () => {
  if (worker?.child.exitCode === null) await worker.stop();
  await replay?.close();
  worker = null;
  replay = null;
});

/** Reads the worker's database (read-only, beside it) until `test` holds or `ms` pass. */
async function eventually<T>(path: string, read: (db: Db) => T, test: (v: T) => boolean, ms: number) {
  const started = Date.now();
  for (;;) {
    const db = openDbReadOnly(path);
    const value = read(db);
    db.close();
    if (test(value) || Date.now() - started > ms) return value;
    await new Promise((resolve) => setTimeout(resolve, 200));
  }
}

describe('the worker keeps the radar index after each poll', () => {
  it("a polled award becomes a contract and the buyer's later PIN links to it", async () => {
    replay = await startReplayServer({ fts: [dorsetAdvocacyAwardRaw(), dorsetPinRaw()], cf: [] });
    const path = join(mkdtempSync(join(tmpdir(), 'tn-worker-radar-')), 'db.sqlite');
    worker = startWorker({
      DATABASE_PATH: path,
      FTS_BASE_URL: replay.url,
      CF_ENABLED: 'false',
      PCS_ENABLED: 'false',
      S2W_ENABLED: 'false',
      REQUEST_INTERVAL_MS: '0',
    });
    await worker.waitFor((out) => out.includes('"msg":"fts: '), 20_000, 'the first poll');
    const indexed = await eventually(
      path,
      (db) => ({
        contracts: db.prepare('SELECT ocid FROM contracts').pluck().all(),
        links: db.prepare('SELECT ocid, contract_ocid FROM contract_links').all(),
        marked: db.prepare('SELECT COUNT(*) FROM radar_index').pluck().get(),
      }),
      (v) => v.contracts.length > 0 && v.links.length > 0,
      10_000,
    );
    expect(indexed.contracts).toEqual(['ocds-h6vhtk-test-dorset-advocacy']);
    expect(indexed.links).toEqual([
      { ocid: 'ocds-h6vhtk-03e4e0', contract_ocid: 'ocds-h6vhtk-test-dorset-advocacy' },
    ]);
    expect(indexed.marked).toBe(1);
  }, 40_000);
});

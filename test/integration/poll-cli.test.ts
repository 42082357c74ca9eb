import { execFile } from 'node:child_process';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startReplayServer, type ReplayServer } from '../../src/replay/replay-server.js';
import { fixtureJson } from '../support/fixtures.js';

const run = promisify(execFile);
let replay: ReplayServer;

beforeAll(async () => {
  const fts = [
    ...fixtureJson('fts/fts-page-2026-09-03-p001.json').releases,
    ...fixtureJson('fts/fts-page-2026-09-03-p002.json').releases,
  ];
  const cf = [
    'cf-release-tender-martock-ocds-b5fd17-2fa4ddab.json',
    'cf-release-tender-minvalue-ocds-b5fd17-f3393cc3.json',
  ].map((f) => fixtureJson(`cf/${f}`));
  const pcs = [fixtureJson('pcs/pcs-tender-ocds-r6ebe6-0000581665.json')];
  const s2w = [fixtureJson('s2w/s2w-tender-ocds-kuma6s-148402.json')];
  replay = await startReplayServer({ fts, cf, pcs, s2w }, 3);
});
afterAll(() => replay.close());

describe('npm run poll (one cycle, real worker, local replay of recorded feeds)', () => {
  it('stores a baseline on the first run, then reports nothing new on the second', async () => {
    const env = {
      ...process.env,
      DATABASE_PATH: join(mkdtempSync(join(tmpdir(), 'tn-poll-')), 'test.db'),
      FTS_BASE_URL: replay.url,
      CF_BASE_URL: replay.url,
      PCS_BASE_URL: `${replay.url}/pcs`,
      S2W_BASE_URL: `${replay.url}/s2w`,
      REQUEST_INTERVAL_MS: '0',
      LOG_LEVEL: 'warn',
      FIRST_RUN_LOOKBACK_HOURS: '6',
    };
    const first = await run(process.execPath, ['--import', 'tsx', 'src/cli/poll-once.ts'], { env });
    expect(first.stdout).toContain(
      'fts: 3 requests, 8 seen, 8 new, 0 updated, 0 unchanged, 0 skipped, 0 errors (stored as a baseline: no alerts)',
    );
    expect(first.stdout).toContain('cf: 1 request, 2 seen, 2 new');
    // Scotland and Wales: one request per notice type and month; only contract notices (type 2) hold any
    // here.
    expect(first.stdout).toMatch(/pcs: \d+ requests?, 1 seen, 1 new/);
    expect(first.stdout).toMatch(/s2w: \d+ requests?, 1 seen, 1 new/);
    const second = await run(process.execPath, ['--import', 'tsx', 'src/cli/poll-once.ts'], { env });
    expect(second.stdout).toMatch(/fts: 3 requests, \d+ seen, 0 new, 0 updated/);
    expect(second.stdout).not.toContain('baseline');
    // Scotland and Wales are read at most hourly: the second run says so, and when, not leaving them out.
    for (const id of ['pcs', 's2w']) {
      expect(second.stdout).not.toMatch(new RegExp(`^${id}: \\d+ requests?`, 'm'));
      expect(second.stdout).toMatch(
        new RegExp(
          `^${id}: not due yet \\(read at most every 60 minutes, sources\\.${id}\\.pollEveryMinutes\\); ` +
            'a poll from \\d\\d:\\d\\d UK time (today|on \\w+ \\d+ \\w+) \\(in \\d+ minutes?\\) reads it$',
          'm',
        ),
      );
    }
  }, 60_000);

  it('stops with one clear message when the configuration is bad', async () => {
    const env = { ...process.env, FTS_BASE_URL: 'nope', POLL_OVERLAP_MINUTES: '-1' };
    const failed = await run(process.execPath, ['--import', 'tsx', 'src/cli/poll-once.ts'], { env }).catch(
      (err: { code: number; stderr: string }) => err,
    );
    expect('code' in failed && failed.code).toBe(2);
    expect(failed.stderr).toContain('Configuration is not valid');
    expect(failed.stderr).toContain('sources.fts.baseUrl (from FTS_BASE_URL)');
    expect(failed.stderr).toContain('poll.overlapMinutes (from POLL_OVERLAP_MINUTES)');
  }, 60_000);
});

import { execFile } from 'node:child_process';
import { copyFileSync, mkdirSync, mkdtempSync, readdirSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { promisify } from 'node:util';
import { describe, expect, it } from 'vitest';
import { startWorker } from '../support/worker.js';

const run = promisify(execFile);

describe('npm run replay (the recorded feeds on 127.0.0.1, for npm run poll offline)', () => {
  it('serves test/fixtures, prints the command that polls it, and the poll it prints reads all four feeds', async () => {
    const replay = startWorker({}, ['--import', 'tsx', 'src/cli/replay.ts', '--port', '0']);
    try {
      await replay.waitFor((out) => out.includes('npm run poll'), 30_000, 'the poll command');
      expect(replay.output()).toMatch(
        /^Serving the releases recorded in test\/fixtures at http:\/\/127\.0\.0\.1:\d+: \d+ as Find a Tender, \d+ as Contracts Finder, \d+ as Public Contracts Scotland and \d+ as Sell2Wales\. Ctrl\+C stops it\./,
      );
      // The printed line, variable by variable, with the throwaway database moved to this test's folder.
      const command =
        replay
          .output()
          .split('\n')
          .find((l) => l.endsWith(' npm run poll')) ?? '';
      const env = Object.fromEntries(
        command
          .replace(/ npm run poll$/, '')
          .split(' ')
          .map((pair) => pair.split('=') as [string, string]),
      );
      expect(Object.keys(env)).toEqual([
        'FTS_BASE_URL',
        'CF_BASE_URL',
        'PCS_BASE_URL',
        'S2W_BASE_URL',
        'REQUEST_INTERVAL_MS',
        'DATABASE_PATH',
      ]);
      env.DATABASE_PATH = join(mkdtempSync(join(tmpdir(), 'tn-replay-')), 'replay.db');
      const poll = await run(process.execPath, ['--import', 'tsx', 'src/cli/poll-once.ts'], {
        env: { PATH: process.env.PATH ?? '', LOG_LEVEL: 'warn', ...env },
      });
      for (const id of ['fts', 'cf', 'pcs', 's2w'])
        expect(poll.stdout).toMatch(
          new RegExp(
            `^${id}: \\d+ requests?, \\d+ seen, [1-9]\\d* new, .* 0 errors \\(stored as a baseline`,
            'm',
          ),
        );
    } finally {
      expect((await replay.stop('SIGINT')).code).toBe(0);
    }
  }, 90_000);

  it('a port that is not a number, or too large, is said in words with the usage line', async () => {
    for (const given of ['x', '99999']) {
      const refused = await run(process.execPath, ['--import', 'tsx', 'src/cli/replay.ts', '--port', given], {
        env: { PATH: process.env.PATH ?? '' },
      }).catch((err: { code: number; stderr: string }) => err);
      expect('code' in refused && refused.code).toBe(2);
      expect(refused.stderr).toContain(
        `--port must be a whole number from 0 to 65535 (0 picks a free one); "${given}"`,
      );
      expect(refused.stderr).toContain('Usage: npm run replay [-- --port N] [--fixtures <folder>]');
    }
  }, 60_000);

  // Found by an outside walkthrough: a mistyped folder said only that it "holds no recorded releases".
  it('a --fixtures folder that does not exist is named as missing, with the usage line', async () => {
    const args = ['--import', 'tsx', 'src/cli/replay.ts', '--fixtures', 'no-such-folder'];
    const refused = await run(process.execPath, args, { env: { PATH: process.env.PATH ?? '' } }).catch(
      (err: { code: number; stderr: string }) => err,
    );
    expect('code' in refused && refused.code).toBe(2);
    expect(refused.stderr).toContain(`There is no folder no-such-folder (${resolve('no-such-folder')}).`);
    expect(refused.stderr).toContain('Usage: npm run replay');
  }, 60_000);

  it('serves a folder laid out as ../shared/fixtures (contracts-finder/, reserved-other-portals/)', async () => {
    // Found by an outside walkthrough: --fixtures ../shared/fixtures served no Contracts Finder release.
    const folder = mkdtempSync(join(tmpdir(), 'tn-shared-layout-'));
    mkdirSync(join(folder, 'contracts-finder'));
    for (const file of readdirSync('test/fixtures/cf').filter((f) => f.endsWith('.json')))
      copyFileSync(join('test/fixtures/cf', file), join(folder, 'contracts-finder', file));
    const replay = startWorker({}, [
      '--import',
      'tsx',
      'src/cli/replay.ts',
      '--port',
      '0',
      '--fixtures',
      folder,
    ]);
    try {
      await replay.waitFor((out) => out.includes('npm run poll'), 30_000, 'the poll command');
      expect(replay.output()).toMatch(
        /: 0 as Find a Tender, [1-9]\d* as Contracts Finder, 0 as Public Contracts/,
      );
    } finally {
      expect((await replay.stop('SIGINT')).code).toBe(0);
    }
  }, 60_000);

  it('a port in use is named, with what to do', async () => {
    const taken = createServer();
    await new Promise<void>((listening) => taken.listen(0, '127.0.0.1', listening));
    const address = taken.address();
    const port = typeof address === 'object' && address ? address.port : 0;
    try {
      const refused = await run(
        process.execPath,
        ['--import', 'tsx', 'src/cli/replay.ts', '--port', String(port)],
        { env: { PATH: process.env.PATH ?? '' } },
      ).catch((err: { code: number; stderr: string }) => err);
      expect('code' in refused && refused.code).toBe(2);
      expect(refused.stderr).toContain(
        `Port ${port} on 127.0.0.1 is already in use (another replay?); stop it or give another with --port N.`,
      );
    } finally {
      await new Promise((closed) => taken.close(closed));
    }
  }, 60_000);
});

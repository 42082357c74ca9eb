import { execFile } from 'node:child_process';
import { mkdirSync, mkdtempSync, readdirSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { afterAll, describe, expect, it } from 'vitest';
import { startReplayServer, type ReplayServer } from '../../src/replay/replay-server.js';
import { openDb, openDbReadOnly } from '../../src/store/db.js';
import { fixtureJson } from '../support/fixtures.js';
import { startWorker } from '../support/worker.js';

const run = promisify(execFile);
let replay: ReplayServer | null = null;
afterAll(() => replay?.close());

const cli = (script: string, args: string[], env: Record<string, string>) =>
  run(process.execPath, ['--import', 'tsx', `src/cli/${script}.ts`, ...args], {
    env: { PATH: process.env.PATH ?? '', ...env },
  }).catch((err: { code: number; stdout: string; stderr: string }) => err);

describe('npm run backup -- <file>', () => {
  it('copies the database while the worker runs: mode 0600, checked, and says how to restore', async () => {
    replay = await startReplayServer({
      fts: [
        ...fixtureJson('fts/fts-page-2026-09-03-p001.json').releases,
        ...fixtureJson('fts/fts-page-2026-09-03-p002.json').releases,
      ],
      cf: [],
    });
    const dir = mkdtempSync(join(tmpdir(), 'tn-backup-'));
    const env = {
      DATABASE_PATH: join(dir, 'live.db'),
      FTS_BASE_URL: replay.url,
      CF_ENABLED: 'false',
      PCS_ENABLED: 'false',
      S2W_ENABLED: 'false',
      REQUEST_INTERVAL_MS: '0',
      LOG_LEVEL: 'warn',
    };
    const worker = startWorker({ ...env, LOG_LEVEL: 'info' });
    try {
      await worker.waitFor((out) => out.includes('"msg":"fts: '), 30_000, 'the first poll');
      const file = join(dir, 'copy.db');
      const result = await cli('backup', [file], env);
      expect('stdout' in result ? result.stdout : '').toMatch(
        /^Backed up .*live\.db to .*copy\.db: [\d.]+ MB, schema version \d+, [\d,]+ notices, in [\d.]+ s; integrity check: ok\.\nTo restore: stop the worker/,
      );
      expect(statSync(file).mode & 0o777).toBe(0o600);
      // One self-contained file: no -wal or -shm beside it, not even after it has been opened and read.
      const besideCopy = () => readdirSync(dir).filter((f) => f.startsWith('copy.db'));
      expect(besideCopy()).toEqual(['copy.db']);
      const count = (path: string) => {
        const db = openDbReadOnly(path);
        try {
          return Number(db.prepare('SELECT COUNT(*) FROM notices').pluck().get());
        } finally {
          db.close();
        }
      };
      const copied = count(file);
      expect(copied).toBeGreaterThan(0);
      expect(copied).toBe(count(env.DATABASE_PATH));
      expect(besideCopy()).toEqual(['copy.db']);

      const again = await cli('backup', [file], env);
      expect('code' in again && again.code).toBe(2);
      expect(again.stderr).toContain('already exists; choose another name, or add --force to replace it.');
      expect('code' in (await cli('backup', [file, '--force'], env)) ? 1 : 0).toBe(0);
      expect(besideCopy()).toEqual(['copy.db']);
    } finally {
      await worker.stop();
    }
  }, 60_000);

  it('without a file, says how to use it; a database that is not there is named', async () => {
    const usage = await cli('backup', [], {});
    expect(usage.stderr).toContain('Usage: npm run backup -- <file>');
    const dir = mkdtempSync(join(tmpdir(), 'tn-backup-'));
    writeFileSync(join(dir, 'placeholder'), '');
    const missing = await cli('backup', [join(dir, 'b.db')], { DATABASE_PATH: join(dir, 'none.db') });
    expect((missing as { code?: number }).code).toBe(2);
    expect(missing.stderr).toContain(`There is no database at ${join(dir, 'none.db')}, so there is nothing`);
    expect(readdirSync(dir)).toEqual(['placeholder']);
  }, 30_000);

  // Found by an outside walkthrough (2026-12-03): a folder as the target gave a raw EISDIR and left a whole
  // copy of the database (webhook tokens included) behind as a hidden .partial file.
  it('a folder as the target is refused in words, with or without --force, and leaves no copy behind', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'tn-backup-'));
    const database = join(dir, 'tn.db');
    openDb(database).close();
    mkdirSync(join(dir, 'backups'));
    for (const args of [[join(dir, 'backups')], [join(dir, 'backups'), '--force']]) {
      const refused = await cli('backup', args, { DATABASE_PATH: database });
      expect((refused as { code?: number }).code).toBe(2);
      expect(refused.stderr).toContain('is a folder; give the backup a file name inside it');
      expect(readdirSync(join(dir, 'backups'))).toEqual([]);
      expect(readdirSync(dir).some((f) => f.endsWith('.partial'))).toBe(false);
    }
  }, 30_000);
});

describe('npm run prune', () => {
  it('says retention is off by default, and counts with --dry-run', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'tn-prune-'));
    const env = { DATABASE_PATH: join(dir, 'db.sqlite') };
    const off = await cli('prune', [], env);
    expect('stdout' in off ? off.stdout : '').toContain('Release history is kept for ever');
    // A path with no database is named (found by an outside walkthrough: a dry run made one, and said
    // "nothing to prune" from it).
    const none = await cli('prune', ['--years', '3', '--dry-run'], env);
    expect((none as { code?: number }).code).toBe(2);
    expect(none.stderr).toContain(
      `There is no database at ${env.DATABASE_PATH}, so there is nothing to prune`,
    );
    expect(readdirSync(dir)).toEqual([]);
    openDb(env.DATABASE_PATH).close();
    const dry = await cli('prune', ['--years', '3', '--dry-run'], env);
    expect('stdout' in dry ? dry.stdout : '').toContain(
      '0 releases of release history older than 3 years would be pruned (nothing changed).',
    );
  }, 30_000);
});

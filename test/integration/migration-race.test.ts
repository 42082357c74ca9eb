import { spawn } from 'node:child_process';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { latestSchemaVersion, openDb } from '../../src/store/db.js';

// Issue 13: two workers starting together on a fresh database, the second exited in 17 of 20 trials
// ("table notices already exists"). Each migration now runs in an immediate transaction that reads
// user_version again inside it.

/** One child process opening each file at its instant; the outcome of each, in order. */
function openInChild(trials: { file: string; at: number }[]): Promise<string[]> {
  return new Promise((resolve) => {
    const args = trials.flatMap((t) => [t.file, String(t.at)]);
    const child = spawn(process.execPath, ['--import', 'tsx', 'test/support/open-db-child.ts', ...args]);
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (d) => (stdout += String(d)));
    child.stderr.on('data', (d) => (stderr += String(d)));
    child.on('exit', (code) => {
      const lines = stdout.trim().split('\n');
      resolve(code === 0 ? lines : [...lines, `exit ${code}: ${stderr.split('\n').slice(0, 3).join(' ')}`]);
    });
  });
}

describe('two processes migrating one fresh database at the same moment', () => {
  it('both succeed, every time, and the schema is applied once (20 trials)', async () => {
    // Far enough ahead for both children to have loaded tsx and better-sqlite3 on a loaded machine, then one
    // trial every 400 ms (a fresh database's migrations take ~20 ms here).
    const first = Date.now() + 4_000;
    const trials = Array.from({ length: 20 }, (_, i) => ({
      file: join(mkdtempSync(join(tmpdir(), 'tn-race-')), 'tender.db'),
      at: first + i * 400,
    }));
    const [a, b] = await Promise.all([openInChild(trials), openInChild(trials)]);
    const failures = [...(a ?? []), ...(b ?? [])].filter((line) => line !== 'ok');
    expect(failures).toEqual([]);
    expect([a?.length, b?.length]).toEqual([20, 20]);
    for (const { file } of trials) {
      const db = openDb(file);
      expect(Number(db.pragma('user_version', { simple: true }))).toBe(latestSchemaVersion());
      db.close();
    }
  }, 60_000);
});

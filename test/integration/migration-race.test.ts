import { spawn } from 'node:child_process';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { latestSchemaVersion, openDb } from '../../src/store/db.js';

// Issue 13: two workers starting together on a fresh database, the second exited in 17 of 20 trials
// ("table notices already exists"). Each migration now runs in an immediate transaction that reads
// user_version again inside it.

function openInChild(file: string, at: number): Promise<{ code: number | null; stderr: string }> {
  return new Promise((resolve) => {
    const child = spawn(process.execPath, [
      '--import',
      'tsx',
      'test/support/open-db-child.ts',
      file,
      String(at),
    ]);
    let stderr = '';
    child.stderr.on('data', (d) => (stderr += String(d)));
    child.on('exit', (code) => resolve({ code, stderr }));
  });
}

describe('two processes migrating one fresh database at the same moment', () => {
  it('both succeed, every time, and the schema is applied once (20 trials)', async () => {
    const failures: string[] = [];
    for (let batch = 0; batch < 5; batch++) {
      const trials = Array.from({ length: 4 }, async () => {
        const file = join(mkdtempSync(join(tmpdir(), 'tn-race-')), 'tender.db');
        // Far enough ahead for both children to have loaded tsx and better-sqlite3.
        const at = Date.now() + 2_500;
        const results = await Promise.all([openInChild(file, at), openInChild(file, at)]);
        for (const r of results) if (r.code !== 0) failures.push(r.stderr.split('\n').slice(0, 3).join(' '));
        const db = openDb(file);
        expect(Number(db.pragma('user_version', { simple: true }))).toBe(latestSchemaVersion());
        db.close();
      });
      await Promise.all(trials);
    }
    expect(failures).toEqual([]);
  }, 120_000);
});

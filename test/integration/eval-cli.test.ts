import { execFile } from 'node:child_process';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { describe, expect, it } from 'vitest';

// Issue 17: `npm run eval` given files that do not pair reported 1.000 over 0 notices and exited 0.
const run = promisify(execFile);
const LABELS = 'test/fixtures/labels/dev-labels.jsonl';
const RELEASES = 'test/fixtures/labels/dev-releases.jsonl';
const evalWith = (...args: string[]) =>
  run(process.execPath, ['--import', 'tsx', 'src/cli/eval.ts', ...args]).then(
    ({ stdout, stderr }) => ({ code: 0, stdout, stderr }),
    (err: { code: number; stdout: string; stderr: string }) => err,
  );

describe('npm run eval', () => {
  it('gives every figure with the number of notices it counts, and the false alerts per 10,000', async () => {
    const { code, stdout } = await evalWith(RELEASES, LABELS);
    expect(code).toBe(0);
    expect(stdout).toContain('== strong or possible counts as a match (50 notices) ==');
    expect(stdout).toMatch(
      /any area +P \d\.\d{3} +R \d\.\d{3} +F1 \d\.\d{3} +\(tp \d+, fp \d+, fn \d+; 50 notices\)/,
    );
    expect(stdout).toMatch(/macro-F1 +\d\.\d{3} +\(mean over \d areas\)/);
    expect(stdout).toMatch(
      /false alerts +\d+ false alerts in 50 notices = [\d.]+ per 10,000 \(95% upper bound/,
    );
  }, 30_000);

  // Found by an outside walkthrough (2026-12-03): with nothing flagged or labelled explicitly reserved, the
  // section said "precision 1.000, recall 1.000", which reads as perfect.
  it('says n/a, not 1.000, for a reservation figure with nothing to count', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'tn-eval-'));
    const releases = join(dir, 'releases.jsonl');
    const labels = join(dir, 'labels.jsonl');
    const lines = readFileSync(RELEASES, 'utf8').trim().split('\n').slice(0, 5);
    writeFileSync(releases, lines.join('\n'));
    const ids = lines.map((l) => String((JSON.parse(l) as { id: unknown }).id));
    writeFileSync(labels, ids.map((id) => JSON.stringify({ id, areas: [], reserved: 'none' })).join('\n'));
    const { code, stdout } = await evalWith(releases, labels);
    expect(code).toBe(0);
    expect(stdout).toContain(
      'flagged 0, labelled 0, both 0; precision n/a (nothing flagged), recall n/a (nothing labelled)',
    );
  }, 30_000);

  it('refuses swapped arguments and labels for other notices instead of scoring nothing', async () => {
    const swapped = await evalWith(LABELS, RELEASES);
    expect(swapped.code).toBe(1);
    expect(swapped.stderr).toContain(`${RELEASES} holds no labels. Is it a labels file?`);
    expect(swapped.stdout).not.toContain('1.000');
    const otherLabels = join(mkdtempSync(join(tmpdir(), 'tn-eval-')), 'other-labels.jsonl');
    writeFileSync(
      otherLabels,
      ['a', 'b', 'c'].map((id) => JSON.stringify({ id, areas: ['advocacy'] })).join('\n'),
    );
    const other = await evalWith(RELEASES, otherLabels);
    expect(other.code).toBe(1);
    expect(other.stderr).toContain(`Only 0 of the 3 labels in ${otherLabels} are for notices in ${RELEASES}`);
  }, 30_000);

  it('names a misspelt option and a missing file before reading anything (found by an outside walkthrough)', async () => {
    const misspelt = await evalWith('--correction', '/tmp/x.db');
    expect(misspelt.code).toBe(2);
    expect(misspelt.stderr).toMatch(/^Unknown option '--correction'\.\nUsage: npm run eval/);
    const missing = await evalWith(RELEASES, '/tmp/tn-no-such-labels.jsonl');
    expect(missing.code).toBe(2);
    expect(missing.stderr).toBe('Cannot read /tmp/tn-no-such-labels.jsonl: there is no such file.\n');
    expect(missing.stdout).toBe('');
  }, 30_000);
});

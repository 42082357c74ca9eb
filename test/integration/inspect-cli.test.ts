import { execFile } from 'node:child_process';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { describe, expect, it } from 'vitest';

const run = promisify(execFile);

describe('npm run inspect', () => {
  it('prints, per release, the notice as read and the alert a person would read; offline, no token', async () => {
    const { stdout } = await run(process.execPath, [
      '--import',
      'tsx',
      'src/cli/inspect.ts',
      'test/fixtures/fts/fts-uk7-contract-028961-2025.json',
      'test/fixtures/pcs/pcs-tender-ocds-r6ebe6-0000581665.json',
    ]);
    const lines = stdout
      .trim()
      .split('\n')
      .map((l) => JSON.parse(l) as Record<string, any>);
    expect(lines.map((l) => [l.source, l.notice.releaseId])).toEqual([
      ['Find a Tender', '028961-2025'],
      ['Public Contracts Scotland', 'ocds-r6ebe6-0000581665@2019-04-24T00:00:00Z'],
    ]);
    expect(lines[0]?.alert).toBe(
      'Contract awarded: Route optimisation software, Lancaster City Council. Awarded to Integrated Skills ' +
        'Limited. Runs from 19 May 2025 to 18 May 2028. Value £54,394 (£67,992 including VAT).',
    );
    expect(lines[1]?.notice.dates.tenderDeadline).toBe('2019-05-28T11:00:00Z');
  }, 30_000);

  // Found by an outside walkthrough (2026-12-03): a folder gave "EISDIR: illegal operation on a directory"
  // without its path, and --help was read as a file name.
  it('a folder, a missing or an empty file is named in words; --help prints the usage', async () => {
    const fail = (args: string[]) =>
      run(process.execPath, ['--import', 'tsx', 'src/cli/inspect.ts', ...args]).then(
        () => ({ code: 0, stderr: '' }),
        (err: { code: number; stderr: string }) => err,
      );
    const folder = await fail(['test/fixtures']);
    expect(folder.code).toBe(2);
    expect(folder.stderr).toContain(
      'Cannot read test/fixtures: it is a folder; give the files in it (for example folder/*.json).',
    );
    expect((await fail(['no-such.json'])).stderr).toContain(
      'Cannot read no-such.json: there is no such file.',
    );
    expect((await fail(['--help'])).stderr).toContain('Usage: npm run inspect');
    const empty = join(mkdtempSync(join(tmpdir(), 'tn-inspect-')), 'empty.json');
    writeFileSync(empty, '\n');
    const nothing = await fail([empty]);
    expect(nothing.code).toBe(2);
    expect(nothing.stderr).toContain(`${empty} is empty: it holds no releases.`);
    // Four tsx starts in a row: 5–8 s each on a loaded 2-core machine (30 s timed out in CI).
  }, 90_000);
});

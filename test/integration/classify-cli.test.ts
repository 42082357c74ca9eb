import { execFile } from 'node:child_process';
import { promisify } from 'node:util';
import { describe, expect, it } from 'vitest';

const run = promisify(execFile);
const classify = (file: string) =>
  run(process.execPath, ['--import', 'tsx', 'src/cli/classify.ts', file], {
    env: { PATH: process.env.PATH ?? '' },
    maxBuffer: 16 * 1048576,
  }).then(
    ({ stdout, stderr }) => ({ code: 0, stdout, stderr }),
    (err: { code: number; stdout: string; stderr: string }) => err,
  );

describe('npm run classify -- <file>', () => {
  it('a file with no release in it is a failure in words (found by an outside walkthrough: it exited 0)', async () => {
    const notReleases = await classify('test/fixtures/SOURCES.md');
    expect(notReleases.code).toBe(1);
    expect(notReleases.stderr).toMatch(
      /^None of the \d+ items in test\/fixtures\/SOURCES\.md is a release: nothing was classified\.\n$/,
    );
    const releases = await classify('test/fixtures/labels/dev-releases.jsonl');
    expect(releases.code).toBe(0);
    expect(releases.stderr).toBe('');
    expect(releases.stdout.trim().split('\n')).toHaveLength(52);
  }, 30_000);
});

import { execFile } from 'node:child_process';
import { promisify } from 'node:util';
import { describe, expect, it } from 'vitest';

const run = promisify(execFile);

describe('npm run demo', () => {
  it('replays the recordings through the real worker offline and ends with the summary line', async () => {
    const started = Date.now();
    const { stdout } = await run(process.execPath, ['--import', 'tsx', 'src/cli/demo.ts'], {
      env: { ...process.env, DISCORD_TOKEN: '' },
      maxBuffer: 10_000_000,
    });
    const summary = stdout.trim().split('\n').pop() ?? '';
    const [, notices, matched, alerts] = /^(\d+) notices, (\d+) matched, (\d+) alerts/.exec(summary) ?? [];
    expect(Number(notices)).toBeGreaterThan(20);
    expect(Number(matched)).toBeGreaterThan(0);
    expect(Number(alerts)).toBeGreaterThanOrEqual(Number(matched));
    expect(stdout).toContain('Could be reserved for supported employment providers');
    expect(stdout).toContain('Reserved for supported employment providers');
    expect(stdout).toContain('Sample first-time bidder guide');
    expect(stdout).toContain('A message you could send to the commissioner');
    expect(Date.now() - started).toBeLessThan(60_000);
  }, 60_000);

  // Found by an outside walkthrough: `npm run demo -- --fast` ran the whole demo as if nothing was given.
  it('an option is said to be one it does not take, with the usage line; --help prints the usage', async () => {
    const demo = (arg: string) =>
      run(process.execPath, ['--import', 'tsx', 'src/cli/demo.ts', arg]).then(
        ({ stdout }) => ({ code: 0, stdout, stderr: '' }),
        (err: { code: number; stdout: string; stderr: string }) => err,
      );
    const refused = await demo('--fast');
    expect(refused.code).toBe(2);
    expect(refused.stderr).toContain('npm run demo takes no options, not "--fast". Usage: npm run demo');
    const help = await demo('--help');
    expect(help.code).toBe(0);
    expect(help.stdout).toContain('Usage: npm run demo   (no options');
  }, 60_000);
});

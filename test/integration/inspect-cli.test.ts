import { execFile } from 'node:child_process';
import { promisify } from 'node:util';
import { describe, expect, it } from 'vitest';

const run = promisify(execFile);

describe('npm run inspect', () => {
  it('prints, per release, the notice as read and the alert a person would read; offline, no token', async () => {
    const { stdout } = await run('npx', [
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
});

import { execFileSync } from 'node:child_process';
import { describe, expect, it } from 'vitest';

// Issue 13: one release with a ~10 MB description crashed the worker out of memory on every restart. The
// worker runs with a 96 MB heap (npm start), so that is where 10 MB of matching text must be read.
const SCRIPT = `
import { loadServiceAreas } from './src/config.ts';
import { compileMatcher } from './src/matching/compile.ts';
import { matchNotice } from './src/matching/match.ts';
import { buildNotice } from './test/support/builders.ts';
const unit = 'Independent advocacy service, information and advice for carers, peer support workers and ' +
  'co-production with disabled people; legal advocacy and signposting to advocacy. ';
const description = unit.repeat(Math.ceil(10_000_000 / unit.length));
const result = matchNotice(buildNotice({ title: 'Services', description }), compileMatcher(loadServiceAreas({})));
process.stdout.write(JSON.stringify({ areas: result.areas.map((a) => a.rule), heapMb: process.memoryUsage().heapUsed / 1e6 }));
`;

describe('matching huge text under the worker heap limit', () => {
  it('reads 10 MB of matching text with a 96 MB heap without crashing', () => {
    const out = execFileSync(
      process.execPath,
      ['--max-old-space-size=96', '--import', 'tsx', '--input-type=module', '-e', SCRIPT],
      { cwd: new URL('../..', import.meta.url).pathname, encoding: 'utf8', timeout: 60_000 },
    );
    const result = JSON.parse(out) as { areas: string[]; heapMb: number };
    expect(result.areas).toEqual(['advocacy', 'information-advice', 'peer-support']);
    expect(result.heapMb).toBeLessThan(96);
  }, 90_000);
});

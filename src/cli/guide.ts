import { readFileSync } from 'node:fs';
import { runCli } from './run.js';
import { createAreaMatcher } from '../app.js';
import { buildGuide, guideSections } from '../guide/guide.js';
import { rawId, readReleases, sourceOf } from '../matching/input.js';
import { toNotice } from '../notices/normalise.js';

const USAGE = 'Usage: npm run guide -- <file>   (an OCDS release package, a single release, or JSON Lines; "-" reads stdin)';

/** Prints the first-time bidder's guide for every release in a file, as plain text, offline. */
function main(): number {
  const file = process.argv[2];
  if (!file || process.argv.length > 3) {
    console.error(USAGE);
    return 2;
  }
  const matcher = createAreaMatcher();
  const now = Date.now();
  for (const input of readReleases(readFileSync(file === '-' ? 0 : file, 'utf8'))) {
    if ('error' in input) {
      console.log(`== Could not read this release: ${input.error}\n`);
      continue;
    }
    const result = toNotice(input.raw, sourceOf(input.raw));
    if (!result.ok) {
      console.log(`== ${rawId(input.raw) ?? 'A release'} could not be read: ${result.reason}\n`);
      continue;
    }
    const guide = buildGuide(result.notice, matcher.match(result.notice), now);
    console.log(`== ${result.notice.releaseId}\n${guideSections(guide, now, 'plain').join('\n\n')}\n`);
  }
  return 0;
}

runCli(main);

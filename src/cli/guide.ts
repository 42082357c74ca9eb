import { createAreaMatcher, startCommand } from '../app.js';
import { buildGuide } from '../guide/guide.js';
import { guideSections } from '../guide/guide-text.js';
import { rawId, readReleases } from '../notices/ocds-input.js';
import { profileOfRaw } from '../sources/registry.js';
import { toNotice } from '../notices/normalise.js';
import { readFileArgument, runCli } from './run.js';

/** Prints the first-time bidder's guide for every release in a file, as plain text, offline. */
function main(): number {
  const text = readFileArgument('guide');
  if (text === null) return 2;
  const matcher = createAreaMatcher(startCommand().settings.rules);
  const now = Date.now();
  for (const input of readReleases(text)) {
    if ('error' in input) {
      console.log(`== Could not read this release: ${input.error}\n`);
      continue;
    }
    const result = toNotice(input.raw, profileOfRaw(input.raw));
    if (!result.ok) {
      console.log(`== ${rawId(input.raw) ?? 'A release'} could not be read: ${result.reason}\n`);
      continue;
    }
    const guide = buildGuide(result.notice, matcher.match(result.notice), now);
    console.log(`== ${result.notice.releaseId}\n${guideSections(guide, now).join('\n\n')}\n`);
  }
  return 0;
}

runCli(main);

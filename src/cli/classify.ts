import { profileOfRaw } from '../sources/registry.js';
import { createAreaMatcher, startCommand } from '../app.js';
import { classifyRelease } from '../matching/classify.js';
import { readReleases } from '../notices/ocds-input.js';
import { readFileArgument, runCli } from './run.js';

/**
 * One JSON line per release: matched areas (and watchlists) with band, score and reasons, and the reserved
 * verdict.
 */
function main(): number {
  const text = readFileArgument('classify');
  if (text === null) return 2;
  const { match } = createAreaMatcher(startCommand().settings.rules);
  for (const input of readReleases(text))
    process.stdout.write(`${JSON.stringify(classifyRelease(input, match, profileOfRaw))}\n`);
  return 0;
}

runCli(main);

import { createAreaMatcher, startCommand } from '../app.js';
import { classifyRelease } from '../matching/classify.js';
import { readReleases } from '../matching/input.js';
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
    process.stdout.write(`${JSON.stringify(classifyRelease(input, match))}\n`);
  return 0;
}

runCli(main);

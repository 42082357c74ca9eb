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
  let read = 0;
  let items = 0;
  for (const input of readReleases(text)) {
    const line = classifyRelease(input, match, profileOfRaw);
    items++;
    if (!line.error) read++;
    process.stdout.write(`${JSON.stringify(line)}\n`);
  }
  // A file with no release in it (README.md, say) printed an error line per line and exited 0.
  if (read === 0) {
    console.error(
      `None of the ${items} items in ${process.argv[2] ?? 'the input'} is a release: nothing was classified.`,
    );
    return 1;
  }
  return 0;
}

runCli(main);

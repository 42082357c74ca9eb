import { readFileSync } from 'node:fs';
import { ConfigError } from '../config.js';

/**
 * Runs a command-line entry point: its return value is the exit code; a configuration or input problem prints
 * one clear message (no stack trace) and exits 2.
 */
export function runCli(main: () => number | Promise<number>): void {
  Promise.resolve()
    .then(main)
    .then(
      (code) => process.exit(code),
      (err: unknown) => {
        console.error(err instanceof ConfigError || err instanceof Error ? err.message : err);
        process.exit(2);
      },
    );
}

/**
 * The one file argument of `classify` and `guide` (an OCDS package, a single release or JSON Lines; "-" reads
 * stdin), read as text; null after printing the usage when it is missing or there are extra arguments.
 */
export function readFileArgument(command: string): string | null {
  const file = process.argv[2];
  if (!file || process.argv.length > 3) {
    console.error(
      `Usage: npm run ${command} -- <file>   (an OCDS release package, a single release, or JSON Lines; ` +
        `"-" reads stdin)`,
    );
    return null;
  }
  return readFileSync(file === '-' ? 0 : file, 'utf8');
}

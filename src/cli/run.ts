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
 * An input file's text ("-" reads stdin), or an error in words naming the file: a folder, a missing file, an
 * empty one or one the process may not read says so (readFileSync said only "EISDIR: illegal operation on a
 * directory").
 */
export function readInputFile(file: string): string {
  let text: string;
  try {
    text = readFileSync(file === '-' ? 0 : file, 'utf8');
  } catch (err) {
    const code = (err as NodeJS.ErrnoException).code ?? '';
    const why = UNREADABLE[code] ?? (err instanceof Error ? err.message : String(err));
    throw new Error(`Cannot read ${file}: ${why}.`, { cause: err });
  }
  // Nothing to read is said, not printed as nothing (a command that exits 0 in silence looks like success).
  if (text.trim().length === 0)
    throw new Error(`${file === '-' ? 'The input' : file} is empty: it holds no releases.`);
  return text;
}

const UNREADABLE: Record<string, string> = {
  EISDIR: 'it is a folder; give the files in it (for example folder/*.json)',
  ENOENT: 'there is no such file',
  EACCES: 'this user may not read it',
};

/** Whether the arguments ask for help (`--help` or `-h`) rather than naming a file. */
export const asksForHelp = (args: string[]) => args.some((a) => a === '--help' || a === '-h');

/**
 * The one file argument of `classify` and `guide` (an OCDS package, a single release or JSON Lines; "-" reads
 * stdin), read as text; null after printing the usage when it is missing or there are extra arguments.
 */
export function readFileArgument(command: string): string | null {
  const file = process.argv[2];
  if (!file || process.argv.length > 3 || asksForHelp([file])) {
    console.error(
      `Usage: npm run ${command} -- <file>   (an OCDS release package, a single release, or JSON Lines; ` +
        `"-" reads stdin)`,
    );
    return null;
  }
  return readInputFile(file);
}

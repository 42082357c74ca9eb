import { ConfigError } from '../config.js';

/**
 * Runs a command-line entry point: its return value is the exit code; a configuration or input problem prints one
 * clear message (no stack trace) and exits 2.
 */
export function runCli(main: () => number | Promise<number>): void {
  Promise.resolve()
    .then(main)
    .then((code) => process.exit(code), (err: unknown) => {
      console.error(err instanceof ConfigError || err instanceof Error ? err.message : err);
      process.exit(2);
    });
}

import pino from 'pino';
import { createRequire } from 'node:module';
import type pretty from 'pino-pretty';
import type { Logger } from './shared/logger.js';

/** Paths that may hold secrets; pino replaces them before anything is written. */
export const REDACT_PATHS = [
  'token',
  '*.token',
  'discord.token',
  'webhookUrl',
  '*.webhookUrl',
  'headers.authorization',
  '*.headers.authorization',
  'config.discord.token',
];

/**
 * Logs to stderr (stdout is kept for the notices and summaries people read): readable lines on a terminal,
 * JSON lines otherwise. Pass `destination` to capture output in tests.
 */
export function createLogger(level: string, destination?: NodeJS.WritableStream): Logger & { level: string } {
  const options = { level, redact: { paths: REDACT_PATHS, censor: '[redacted]' } };
  if (destination) return pino(options, destination);
  if (process.stderr.isTTY) {
    // Only on a terminal: a worker under Docker or systemd never loads the formatter (its idle RSS is less).
    const format = createRequire(import.meta.url)('pino-pretty') as typeof pretty;
    return pino(options, format({ destination: 2, sync: true, colorize: true, ignore: 'pid,hostname' }));
  }
  return pino(options, pino.destination(2));
}

import type { Logger } from '../../src/shared/logger.js';

export interface LogEntry {
  level: 'debug' | 'info' | 'warn' | 'error';
  meta: object;
  message: string;
}

/** A logger that keeps every entry, for asserting what the app reported. */
export function createCapturingLogger(): Logger & { entries: LogEntry[] } {
  const entries: LogEntry[] = [];
  const at = (level: LogEntry['level']) => (meta: object, message: string) =>
    void entries.push({ level, meta, message });
  return { entries, debug: at('debug'), info: at('info'), warn: at('warn'), error: at('error') };
}

import { readFileSync } from 'node:fs';

/** One `NAME=value` line of a .env file, with its line number (for messages). */
export interface DotenvEntry {
  name: string;
  value: string;
  line: number;
}

export interface DotenvFile {
  entries: DotenvEntry[];
  /** Line numbers that are not `NAME=value` (the text is never repeated: it may hold a secret). */
  badLines: number[];
}

/** Reads one value: quoted ('…' literally, "…" with \n escapes), or bare up to a ` #` comment. */
function readValue(raw: string): string | null {
  const text = raw.trim();
  const quote = text.charAt(0);
  if (quote === '"' || quote === "'") {
    const end = text.indexOf(quote, 1);
    if (end < 0) return null;
    const rest = text.slice(end + 1).trim();
    if (rest !== '' && !rest.startsWith('#')) return null;
    const inner = text.slice(1, end);
    return quote === '"' ? inner.replace(/\\n/g, '\n') : inner;
  }
  return text.replace(/\s+#.*$/, '').trim();
}

/**
 * Parses .env text: `NAME=value` lines (an optional `export ` in front), blank lines and `#` comments.
 * Values are not interpolated.
 */
export function parseDotenv(text: string): DotenvFile {
  const entries: DotenvEntry[] = [];
  const badLines: number[] = [];
  text.split(/\r?\n/).forEach((raw, index) => {
    const line = raw.replace(/^\uFEFF/, '').trim();
    if (line === '' || line.startsWith('#')) return;
    const match = /^(?:export\s+)?([A-Za-z_][A-Za-z0-9_]*)\s*=(.*)$/.exec(line);
    const value = match ? readValue(match[2] ?? '') : null;
    if (!match?.[1] || value === null) badLines.push(index + 1);
    else entries.push({ name: match[1], value, line: index + 1 });
  });
  return { entries, badLines };
}

/** Reads a .env file; null when there is none. */
export function readDotenv(path: string): DotenvFile | null {
  try {
    return parseDotenv(readFileSync(path, 'utf8'));
  } catch (err) {
    if (err instanceof Error && 'code' in err && err.code === 'ENOENT') return null;
    throw err;
  }
}

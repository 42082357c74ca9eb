import { readFileSync } from 'node:fs';

// JSON.parse's own messages quote the text around the error ("Unexpected token 'x', "{"token": "abc"... is
// not valid JSON" on Node 22+), which would print part of a secret from a config file. These helpers read a
// file and report where it is broken, by line and column, without repeating any of it.

/** Offset of the first syntax error in `text`, or null when it is valid JSON. */
export function jsonErrorOffset(text: string): number | null {
  let i = 0;
  const ws = () => {
    while (i < text.length && ' \t\r\n'.includes(text.charAt(i))) i++;
  };
  const fail = (): never => {
    throw new JsonSyntax(i);
  };
  const literal = (word: string) => {
    if (text.startsWith(word, i)) i += word.length;
    else fail();
  };
  const string = () => {
    i++;
    while (i < text.length) {
      const c = text.charAt(i);
      if (c === '"') return void i++;
      if (c < ' ') fail();
      if (c === '\\') {
        i++;
        const e = text.charAt(i);
        if (e === 'u' && /^[0-9a-fA-F]{4}$/.test(text.slice(i + 1, i + 5))) i += 4;
        else if (!'"\\/bfnrt'.includes(e) || e === '') fail();
      }
      i++;
    }
    fail();
  };
  const number = () => {
    const m = /^-?(?:0|[1-9]\d*)(?:\.\d+)?(?:[eE][+-]?\d+)?/.exec(text.slice(i));
    if (!m) fail();
    i += m?.[0].length ?? 0;
  };
  const value = (): void => {
    ws();
    const c = text.charAt(i);
    if (c === '{')
      return members('}', () => {
        ws();
        if (text.charAt(i) !== '"') fail();
        string();
        ws();
        if (text.charAt(i) !== ':') fail();
        i++;
        value();
      });
    if (c === '[') return members(']', value);
    if (c === '"') return string();
    if (c === 't') return literal('true');
    if (c === 'f') return literal('false');
    if (c === 'n') return literal('null');
    return number();
  };
  const members = (close: string, item: () => void) => {
    i++;
    ws();
    if (text.charAt(i) === close) return void i++;
    for (;;) {
      item();
      ws();
      const c = text.charAt(i);
      if (c === close) return void i++;
      if (c !== ',') fail();
      i++;
    }
  };
  try {
    value();
    ws();
    if (i < text.length) fail();
    return null;
  } catch (err) {
    if (err instanceof JsonSyntax) return err.offset;
    throw err;
  }
}

class JsonSyntax extends Error {
  constructor(readonly offset: number) {
    super('JSON syntax');
  }
}

/** Line and column (from 1) of an offset. */
export function lineAndColumn(text: string, offset: number): { line: number; column: number } {
  const before = text.slice(0, offset).split('\n');
  return { line: before.length, column: (before[before.length - 1] ?? '').length + 1 };
}

export type JsonRead =
  | { ok: true; value: unknown }
  | {
      ok: false;
      problem: 'missing' | 'unreadable' | 'syntax';
      line?: number;
      column?: number;
      code?: string;
    };

/** Reads and parses a JSON file; a problem says what is wrong and where, never what the file says. */
export function readJsonFile(path: string): JsonRead {
  let text: string;
  try {
    text = readFileSync(path, 'utf8');
  } catch (err) {
    const code = err instanceof Error && 'code' in err ? String(err.code) : 'EIO';
    return { ok: false, problem: code === 'ENOENT' ? 'missing' : 'unreadable', code };
  }
  try {
    return { ok: true, value: JSON.parse(text.replace(/^\uFEFF/, '')) };
  } catch {
    const offset = jsonErrorOffset(text) ?? 0;
    return { ok: false, problem: 'syntax', ...lineAndColumn(text, offset) };
  }
}

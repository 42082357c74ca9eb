/**
 * Finds the line each value of a JSON text starts on, keyed by its path ("phrases.3"), so an import error can
 * say "line 12: …" about the file the person uploaded. Assumes the text already parsed as JSON.
 */
export function jsonValueLines(text: string): Map<string, number> {
  const lines = new Map<string, number>();
  const stack: { kind: 'object' | 'array'; key: string | number; expectKey: boolean }[] = [];
  let line = 1;
  const path = () => stack.map((s) => s.key).join('.');
  const startValue = () => {
    const top = stack[stack.length - 1];
    if (top && !top.expectKey) lines.set(path(), line);
    else if (!top) lines.set('', line);
  };
  for (let i = 0; i < text.length; i++) {
    const c = text[i];
    if (c === '\n') line++;
    else if (c === '"') {
      let j = i + 1;
      let value = '';
      for (; j < text.length && text[j] !== '"'; j++) {
        if (text[j] === '\\') j++;
        else value += text[j];
      }
      const top = stack[stack.length - 1];
      if (top?.kind === 'object' && top.expectKey) {
        top.key = value;
        top.expectKey = false;
      } else startValue();
      i = j;
    } else if (c === '{' || c === '[') {
      startValue();
      stack.push({ kind: c === '{' ? 'object' : 'array', key: c === '{' ? '' : 0, expectKey: c === '{' });
    } else if (c === '}' || c === ']') stack.pop();
    else if (c === ',') {
      const top = stack[stack.length - 1];
      if (top?.kind === 'array' && typeof top.key === 'number') top.key++;
      if (top?.kind === 'object') top.expectKey = true;
    } else if (c && /[-0-9tfn]/.test(c)) {
      startValue();
      while (i + 1 < text.length && /[^,\]}\s]/.test(text[i + 1] ?? '')) i++;
    }
  }
  return lines;
}

/** The line of a path, or of its nearest parent that has one. */
export function lineOf(lines: Map<string, number>, path: (string | number)[]): number {
  for (let n = path.length; n >= 0; n--) {
    const found = lines.get(path.slice(0, n).join('.'));
    if (found !== undefined) return found;
  }
  return 1;
}

/** The line of a JSON.parse syntax error ("… at position 123"). */
export function syntaxErrorLine(text: string, error: unknown): number {
  const position = Number(/position (\d+)/.exec(error instanceof Error ? error.message : '')?.[1] ?? NaN);
  return Number.isNaN(position) ? 1 : text.slice(0, position).split('\n').length;
}

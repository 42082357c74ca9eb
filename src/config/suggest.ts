import { z } from 'zod';

/** Edit distance (insertions, deletions, substitutions, swaps of two neighbours), case-insensitive. */
export function editDistance(a: string, b: string): number {
  const s = a.toLowerCase();
  const t = b.toLowerCase();
  // d[i][j]: distance between the first i letters of s and the first j of t.
  const d: number[][] = Array.from({ length: s.length + 1 }, (_, i) =>
    Array.from({ length: t.length + 1 }, (_, j) => Math.max(i, j) * Number(i === 0 || j === 0)),
  );
  const at = (i: number, j: number) => d[i]?.[j] ?? 0;
  for (let i = 1; i <= s.length; i++)
    for (let j = 1; j <= t.length; j++) {
      const cost = s[i - 1] === t[j - 1] ? 0 : 1;
      let best = Math.min(at(i - 1, j) + 1, at(i, j - 1) + 1, at(i - 1, j - 1) + cost);
      if (i > 1 && j > 1 && s[i - 1] === t[j - 2] && s[i - 2] === t[j - 1])
        best = Math.min(best, at(i - 2, j - 2) + 1);
      (d[i] ?? [])[j] = best;
    }
  return at(s.length, t.length);
}

/** Letters and digits only, lower-case: `DATABASE_PATH`, `databasePath` and `database-path` compare equal. */
const folded = (name: string) => name.toLowerCase().replace(/[^a-z0-9]/g, '');

const words = (name: string) =>
  name
    .replace(/([a-z])([A-Z])/g, '$1_$2')
    .toLowerCase()
    .split(/[^a-z0-9]+/)
    .filter(Boolean);

/**
 * True when the longer name is the shorter one with one word added, starting with the same word
 * (DISCORD_BOT_TOKEN for DISCORD_TOKEN; not TF_CLI_CONFIG_FILE for CONFIG_FILE).
 */
function sameWords(a: string, b: string): boolean {
  const [short, long] = words(a).length <= words(b).length ? [words(a), words(b)] : [words(b), words(a)];
  return (
    short.length >= 2 &&
    long.length === short.length + 1 &&
    short[0] === long[0] &&
    short.every((w) => long.includes(w))
  );
}

/**
 * The known name closest to `name` when it is a near miss (a typo, a plural, another case or separator, an
 * extra word); null when nothing is close.
 */
export function nearestName(name: string, known: readonly string[]): string | null {
  let best: { name: string; distance: number } | null = null;
  for (const candidate of known) {
    if (candidate === name) return null;
    const distance = folded(candidate) === folded(name) ? 0 : editDistance(name, candidate);
    if (!best || distance < best.distance) best = { name: candidate, distance };
  }
  if (!best) return null;
  const allowed = Math.max(1, Math.min(3, Math.floor(Math.max(name.length, best.name.length) / 4)));
  if (best.distance <= allowed) return best.name;
  return known.find((candidate) => sameWords(name, candidate)) ?? null;
}

/** Unwraps defaults, optionals, nullables and pipes down to the schema that has the shape. */
function unwrap(schema: z.ZodType): z.ZodType {
  let current: z.ZodType = schema;
  for (let i = 0; i < 10; i++) {
    if (
      current instanceof z.ZodDefault ||
      current instanceof z.ZodOptional ||
      current instanceof z.ZodNullable
    )
      current = current.unwrap() as z.ZodType;
    else if (current instanceof z.ZodPipe) current = current.in as z.ZodType;
    else return current;
  }
  return current;
}

/** The keys the schema knows at `path` (array indexes step into the element), for "did you mean". */
export function knownKeysAt(schema: z.ZodType, path: readonly PropertyKey[]): string[] {
  let node = unwrap(schema);
  for (const step of path) {
    if (node instanceof z.ZodArray && typeof step === 'number') node = unwrap(node.element as z.ZodType);
    else if (node instanceof z.ZodObject && typeof step === 'string') {
      const next = (node.shape as Record<string, z.ZodType | undefined>)[step];
      if (!next) return [];
      node = unwrap(next);
    } else return [];
  }
  return node instanceof z.ZodObject ? Object.keys(node.shape) : [];
}

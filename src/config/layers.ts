import type { Origin } from './config-text.js';

// Building the raw configuration from its layers (defaults, CONFIG_FILE, variables) while remembering where
// each key came from, so a problem can name the file or the variable.

export type Json = Record<string, unknown>;
export const isObject = (v: unknown): v is Json => typeof v === 'object' && v !== null && !Array.isArray(v);

/** Merges `over` into `base` (objects deeply; arrays and values replace), noting `origin` for each leaf. */
export function mergeLayer(
  base: Json,
  over: Json,
  origin: Origin,
  origins: Map<string, Origin>,
  prefix: string[] = [],
): Json {
  const out: Json = { ...base };
  for (const [key, value] of Object.entries(over)) {
    const path = [...prefix, key];
    const current = out[key];
    if (isObject(current) && isObject(value)) out[key] = mergeLayer(current, value, origin, origins, path);
    else {
      out[key] = value;
      for (const known of [...origins.keys()])
        if (known.startsWith(`${path.join('.')}.`)) origins.delete(known);
      recordLeaves(value, origin, origins, path);
    }
  }
  return out;
}

function recordLeaves(value: unknown, origin: Origin, origins: Map<string, Origin>, path: string[]): void {
  origins.set(path.join('.'), origin);
  if (isObject(value))
    for (const [key, inner] of Object.entries(value)) recordLeaves(inner, origin, origins, [...path, key]);
}

/** Sets one key (creating the objects on the way) and records where it came from. */
export function setKey(
  target: Json,
  path: string[],
  value: unknown,
  origin: Origin,
  origins: Map<string, Origin>,
) {
  let node = target;
  for (const key of path.slice(0, -1)) {
    const next = node[key];
    node = isObject(next) ? next : (node[key] = {});
  }
  node[path[path.length - 1] ?? ''] = value;
  origins.set(path.join('.'), origin);
}

/** The value at a path, if every step is an object. */
export function getKey(source: unknown, path: string[]): unknown {
  let node = source;
  for (const key of path) {
    if (!isObject(node)) return undefined;
    node = node[key];
  }
  return node;
}

/** Where the value at `path` (or the nearest enclosing key) came from. */
export function originOf(origins: Map<string, Origin>, path: readonly PropertyKey[]): Origin | undefined {
  for (let n = path.length; n >= 0; n--) {
    const found = origins.get(path.slice(0, n).map(String).join('.'));
    if (found) return found;
  }
  return undefined;
}

import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join, relative } from 'node:path';
import { describe, expect, it } from 'vitest';

// STYLE.md §6.2 as a test: the core has no I/O, adapters do not import each other or the pipeline's
// functions.
const SRC = new URL('../../src/', import.meta.url).pathname;

function files(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const path = join(dir, name);
    if (statSync(path).isDirectory()) return files(path);
    return path.endsWith('.ts') && !path.endsWith('.test.ts') ? [path] : [];
  });
}

function imports(path: string): string[] {
  return [...readFileSync(path, 'utf8').matchAll(/^import (?!type\b)[^'"]*from '([^']+)'/gm)].map(
    (m) => m[1] ?? '',
  );
}

const RULES: { module: string; forbidden: RegExp }[] = [
  {
    module: 'notices',
    forbidden:
      /^(axios|better-sqlite3|discord\.js|node-cron|node:fs|node:http|node:net)$|\/(store|sources|discord|schedule|pipeline|cli)\//,
  },
  {
    module: 'matching',
    forbidden:
      /^(axios|better-sqlite3|discord\.js|node-cron|node:fs|node:http|node:net)$|\/(store|sources|discord|schedule|pipeline|cli)\//,
  },
  {
    module: 'reserved',
    forbidden:
      /^(axios|better-sqlite3|discord\.js|node-cron|node:fs|node:http|node:net)$|\/(store|sources|discord|schedule|pipeline|cli)\//,
  },
  {
    module: 'pipeline',
    forbidden: /^(axios|better-sqlite3|discord\.js)$|\/(store|sources|discord|schedule|cli)\//,
  },
  {
    module: 'sources',
    forbidden: /^(better-sqlite3|discord\.js)$|\/(store|discord|schedule|cli)\/|pipeline\/(?!ports)/,
  },
  {
    module: 'discord',
    forbidden: /^(axios|better-sqlite3)$|\/(store|sources|schedule|cli)\/|pipeline\/(?!ports)/,
  },
  {
    module: 'alerts',
    forbidden:
      /^(axios|better-sqlite3|discord\.js|node-cron|node:fs|node:http|node:net)$|\/(store|sources|discord|schedule|pipeline|cli)\//,
  },
  {
    module: 'store',
    forbidden: /^(axios|discord\.js)$|\/(sources|discord|schedule|cli)\/|pipeline\/(?!ports)/,
  },
];

describe('module boundaries (STYLE.md §6.2)', () => {
  for (const rule of RULES) {
    it(`${rule.module}/ imports nothing it must not`, () => {
      const offending = files(join(SRC, rule.module)).flatMap((path) =>
        imports(path)
          .filter((spec) => rule.forbidden.test(spec))
          .map((spec) => `${relative(SRC, path)} → ${spec}`),
      );
      expect(offending).toEqual([]);
    });
  }

  it('keeps every source file at 400 lines or fewer', () => {
    const long = files(SRC)
      .filter((path) => readFileSync(path, 'utf8').split('\n').length > 400)
      .map((path) => relative(SRC, path));
    expect(long).toEqual([]);
  });

  it('reads process.env only in config.ts', () => {
    const readers = files(SRC)
      .filter((path) =>
        /process\.env\b/.test(readFileSync(path, 'utf8').replace(/\/\/.*$|\/\*[\s\S]*?\*\//gm, '')),
      )
      .map((path) => relative(SRC, path));
    expect(readers).toEqual(['config.ts']);
  });
});

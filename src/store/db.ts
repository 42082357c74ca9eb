import { mkdirSync, readdirSync, readFileSync } from 'node:fs';
import { dirname } from 'node:path';
import { createRequire } from 'node:module';
import type BetterSqlite3 from 'better-sqlite3';

export type Db = BetterSqlite3.Database;

// better-sqlite3 12 builds on node::ObjectWrap, which on Node >= 24.19 aborts the process when a statement is
// garbage-collected outside a JS context (WiseLibs/better-sqlite3#1515). 13 moved to N-API and fixes that,
// but needs Node >= 22 (it crashes on 20). Same API, so load whichever works on this runtime.
const NODE_MAJOR = Number(process.versions.node.split('.')[0]);
export const SQLITE_DRIVER = NODE_MAJOR >= 22 ? 'better-sqlite3-napi' : 'better-sqlite3';
// eslint-disable-next-line @typescript-eslint/no-unsafe-assignment -- require() returns any; one API
const Database: typeof BetterSqlite3 = createRequire(import.meta.url)(SQLITE_DRIVER);

const MIGRATIONS_DIR = new URL('./migrations/', import.meta.url);

/** The numbered migrations, in order; the number is the schema version it brings the database to. */
function loadMigrations(): { version: number; name: string; sql: string }[] {
  return readdirSync(MIGRATIONS_DIR)
    .filter((file) => /^\d{3}-.*\.sql$/.test(file))
    .sort()
    .map((file) => ({
      version: Number(file.slice(0, 3)),
      name: file,
      sql: readFileSync(new URL(file, MIGRATIONS_DIR), 'utf8'),
    }));
}

/**
 * Opens (creating if needed) the SQLite database, sets the pragmas, and applies any migration newer than
 * `user_version`, each in its own transaction. `:memory:` gives a private in-memory database for tests.
 */
export function openDb(path: string): Db {
  if (path !== ':memory:') mkdirSync(dirname(path), { recursive: true });
  const db = new Database(path);
  // 16 KiB pages hold a whole notice (a few KB of JSON) without overflow chains; only takes effect on a new
  // file.
  db.pragma('page_size = 16384');
  db.pragma('journal_mode = WAL');
  db.pragma('synchronous = NORMAL');
  db.pragma('foreign_keys = ON');
  db.pragma('busy_timeout = 5000');
  const current = Number(db.pragma('user_version', { simple: true }));
  for (const migration of loadMigrations()) {
    if (migration.version <= current) continue;
    db.transaction(() => {
      db.exec(migration.sql);
      db.pragma(`user_version = ${migration.version}`);
    })();
  }
  return db;
}

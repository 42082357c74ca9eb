import { mkdtempSync } from 'node:fs';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type BetterSqlite3 from 'better-sqlite3';
import { loadMigrations, registerFunctions, SQLITE_DRIVER } from '../../src/store/db.js';

const Database: typeof BetterSqlite3 = createRequire(import.meta.url)(SQLITE_DRIVER);

/**
 * A database file as an older Tender Nudge left it: the migrations up to `version` applied, raw (not through
 * openDb, which would migrate it to the latest). Write what that version held, close it, then openDb(file).
 */
export function databaseAtVersion(version: number): { file: string; old: BetterSqlite3.Database } {
  const file = join(mkdtempSync(join(tmpdir(), `tn-v${version}-`)), 'old.db');
  const old = new Database(file);
  registerFunctions(old);
  for (const m of loadMigrations().filter((m) => m.version <= version)) old.exec(m.sql);
  old.pragma(`user_version = ${version}`);
  return { file, old };
}

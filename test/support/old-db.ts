import { mkdtempSync } from 'node:fs';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type BetterSqlite3 from 'better-sqlite3';
import { isRelevant, type ContractRecord } from '../../src/radar/contract.js';
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

/**
 * Stores contract records in an older database as its radar index did: the columns every version since 011
 * has (migration 011, with 014's buyer id left NULL), and `extra` ones, each a column and its value for a
 * record. Rows are inserted in the order given, so row i + 1 is list[i].
 */
export function insertOldContracts(
  old: BetterSqlite3.Database,
  list: ContractRecord[],
  extra: Record<string, (c: ContractRecord) => unknown> = {},
): void {
  const names = Object.keys(extra);
  const insert = old.prepare(`INSERT INTO contracts (source, ocid, buyer_key, buyer_id, end_at, extent_at,
    relevant, record_json, indexed_at, updated_at${names.map((n) => `, ${n}`).join('')})
    VALUES (?, ?, ?, NULL, ?, ?, ?, ?, 1, 1${names.map(() => ', ?').join('')})`);
  const ms = (d: string | null) => (d ? Date.parse(d) : null);
  for (const c of list) {
    const values = Object.values(extra).map((value) => value(c));
    insert.run(
      c.source,
      c.ocid,
      c.buyer.key,
      ms(c.end),
      ms(c.maxExtent),
      isRelevant(c) ? 1 : 0,
      JSON.stringify(c),
      ...values,
    );
  }
}

import { accessSync, constants, existsSync, statSync } from 'node:fs';
import type { Config } from '../../config.js';
import { databaseBytes } from '../../operations.js';
import { DatabaseOpenError, latestSchemaVersion, openDbReadOnly, type Db } from '../../store/db.js';
import { T, type Check } from './doctor-text.js';

/**
 * The database: writable (or creatable), its mode, its schema version against this code's, its size. Returns
 * the checks and, when it exists, a read-only connection for the Discord checks (subscriptions, webhooks).
 */
export function checkDatabase(config: Config): { checks: Check[]; db: Db | null } {
  const path = config.databasePath;
  if (path === ':memory:')
    return { checks: [{ status: 'warn', what: 'database', detail: T.memoryDb }], db: null };
  if (!existsSync(path))
    return { checks: [{ status: 'ok', what: 'database', detail: T.dbWillBeCreated(path) }], db: null };
  const checks: Check[] = [];
  try {
    accessSync(path, constants.R_OK | constants.W_OK);
    checks.push({ status: 'ok', what: 'database', detail: T.dbWritable(path) });
  } catch {
    checks.push({ status: 'fix', what: 'database', detail: T.dbNotWritable(path) });
  }
  const mode = statSync(path).mode & 0o777;
  if ((mode & 0o077) !== 0)
    checks.push({ status: 'warn', what: 'database mode', detail: T.dbOpenToOthers(path, mode.toString(8)) });
  let db: Db;
  try {
    db = openDbReadOnly(path);
    db.pragma('schema_version');
  } catch (err) {
    const reason = err instanceof DatabaseOpenError ? err.reason : String(err);
    checks.push({ status: 'fix', what: 'database', detail: T.dbUnreadable(path, reason) });
    return { checks, db: null };
  }
  const version = Number(db.pragma('user_version', { simple: true }));
  const latest = latestSchemaVersion();
  if (version === latest) checks.push({ status: 'ok', what: 'schema', detail: T.schemaCurrent(version) });
  else if (version < latest)
    checks.push({ status: 'warn', what: 'schema', detail: T.schemaBehind(version, latest) });
  else checks.push({ status: 'fix', what: 'schema', detail: T.schemaAhead(version, latest) });
  const count = (sql: string) => {
    try {
      return Number(db.prepare(sql).pluck().get());
    } catch {
      return 0;
    }
  };
  const releases = count('SELECT COUNT(*) FROM releases');
  const notices = count('SELECT COUNT(*) FROM notices');
  const size = T.size(databaseBytes(path), releases, notices, config.retention.releaseHistoryYears);
  checks.push({ status: 'ok', what: 'database size', detail: size });
  return { checks, db };
}

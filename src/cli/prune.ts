import { existsSync } from 'node:fs';
import { parseArgs } from 'node:util';
import { openConfiguredDb, startCommand } from '../app.js';
import { createSqliteRetention } from '../store/retention-store.js';
import { noDatabaseAt, pruneDone, PRUNE_USAGE, retentionOff } from './ops-text.js';
import { runCli } from './run.js';

const YEAR_MS = 365.25 * 86_400_000;

/** `npm run prune`: release history older than N years, now (the worker also prunes daily when it is set). */
async function main(): Promise<number> {
  const { values } = parseArgs({
    args: process.argv.slice(2),
    options: { years: { type: 'string' }, 'dry-run': { type: 'boolean', default: false } },
    strict: true,
  });
  const { config } = startCommand();
  const years = values.years === undefined ? config.retention.releaseHistoryYears : Number(values.years);
  if (years === null) {
    console.log(retentionOff);
    return 0;
  }
  if (!Number.isFinite(years) || years <= 0) {
    console.error(`--years must be a number of years above 0, not "${values.years}". ${PRUNE_USAGE}`);
    return 2;
  }
  // Opening a path where there is no database would create one, and report "nothing to prune" from it.
  if (config.databasePath !== ':memory:' && !existsSync(config.databasePath)) {
    console.error(noDatabaseAt(config.databasePath, 'there is nothing to prune (none was created)'));
    return 2;
  }
  const db = openConfiguredDb(config);
  try {
    const retention = createSqliteRetention(db);
    const cutoff = Date.now() - years * YEAR_MS;
    if (values['dry-run']) {
      console.log(pruneDone(years, true, retention.countPrunable(cutoff)));
      return 0;
    }
    const result = await retention.prune(cutoff);
    console.log(pruneDone(years, false, result.releases, result.events, result.runs));
    return 0;
  } finally {
    db.close();
  }
}

runCli(main);

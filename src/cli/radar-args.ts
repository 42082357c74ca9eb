import { parseArgs } from 'node:util';
import { DateTime } from 'luxon';
import { UK_ZONE } from '../notices/dates.js';

// The arguments of `npm run radar`, apart from the command so they can be tested without running it.

const USAGE =
  'Usage: npm run radar -- <file> [<file> …] [--as-of YYYY-MM-DD] [--months N] [--all]   (OCDS release or ' +
  'record packages, single releases, or JSON Lines, as for classify; "-" reads stdin)';

/** Reads the radar's arguments: files, the day to look from (UK), the months ahead, and --all. */
export function parseRadarArgs(argv: string[], now: number, defaultMonths: number) {
  const { values, positionals } = parseArgs({
    args: argv,
    options: {
      'as-of': { type: 'string' },
      months: { type: 'string' },
      all: { type: 'boolean' },
      help: { type: 'boolean', short: 'h' },
    },
    allowPositionals: true,
    strict: true,
  });
  if (positionals.length === 0 || values.help) throw new Error(USAGE);
  const asOf = values['as-of'] ? DateTime.fromISO(values['as-of'], { zone: UK_ZONE }) : null;
  if (asOf && (!asOf.isValid || !/^\d{4}-\d{2}-\d{2}$/.test(values['as-of'] ?? '')))
    throw new Error(`--as-of "${values['as-of']}" is not a date (use YYYY-MM-DD). ${USAGE}`);
  const months = values.months === undefined ? defaultMonths : Number(values.months);
  if (!Number.isInteger(months) || months < 1 || months > 600)
    throw new Error(`--months must be a whole number of months from 1 to 600. ${USAGE}`);
  return { files: positionals, asOf: asOf ? asOf.toMillis() : now, months, all: values.all ?? false };
}

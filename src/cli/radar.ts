import { DateTime } from 'luxon';
import { createAreaMatcher, startCommand } from '../app.js';
import { UK_ZONE } from '../notices/dates.js';
import { toNotice } from '../notices/normalise.js';
import type { Notice } from '../notices/notice.js';
import { readReleases } from '../notices/ocds-input.js';
import { toContractRecord, type ContractRecord } from '../radar/contract.js';
import { foldProcurements } from '../radar/history.js';
import { findReplacedContract } from '../radar/link.js';
import { upcoming } from '../radar/plan.js';
import { radarCliLine } from '../radar/radar-text.js';
import { plural } from '../shared/plural.js';
import { profileOfRaw } from '../sources/registry.js';
import { parseRadarArgs } from './radar-args.js';
import { readInputFile, runCli } from './run.js';

/**
 * One line per contract in the files ending (or extendable to) within `--months` of `--as-of` (default
 * today), soonest first: buyer | title | supplier | end date | value | areas, and the notice in the files
 * that may re-procure it. Offline: no token, no network, no database.
 */
function main(): number {
  // The one loader (.env, the environment, the config file, the rules), as classify and guide read them.
  const { settings, config } = startCommand();
  const args = parseRadarArgs(process.argv.slice(2), Date.now(), config.radar.leadMonths);
  const matcher = createAreaMatcher(settings.rules);
  const notices: Notice[] = [];
  let unreadable = 0;
  for (const file of args.files) {
    for (const input of readReleases(readInputFile(file))) {
      const result = 'error' in input ? null : toNotice(input.raw, profileOfRaw(input.raw));
      if (result?.ok) notices.push(result.notice);
      else unreadable++;
    }
  }
  const folded = foldProcurements(notices).map(({ notice, history }) => ({
    notice,
    match: matcher.match(notice),
    history,
  }));
  const records = folded.map(({ notice, match, history }) => toContractRecord(notice, match, history));
  const contracts = records.filter((c): c is ContractRecord => c !== null);
  // Award and contract notices that record no contract (no standing award or contract in them).
  const unrecorded = folded.filter(
    ({ notice }, i) => records[i] === null && (notice.stage === 'award' || notice.stage === 'contract'),
  ).length;
  const successors = new Map<string, string>();
  for (const { notice, match } of folded) {
    const found = findReplacedContract(notice, match, contracts);
    if (found)
      successors.set(
        `${found.contract.source}:${found.contract.ocid}`,
        `${notice.title} ` + `(${notice.releaseId})`,
      );
  }
  const listed = upcoming(contracts, {
    areas: [],
    regions: [],
    months: args.months,
    now: args.asOf,
    all: args.all,
  });
  for (const contract of listed) {
    const next = successors.get(`${contract.source}:${contract.ocid}`);
    const line = radarCliLine(contract, args.asOf, matcher.labelOf);
    process.stdout.write(`${line}${next ? ` | may be re-procured by: ${next}` : ''}\n`);
  }
  console.error(summaryLine(args, listed.length, contracts, unrecorded, unreadable));
  return 0;
}

/**
 * "6 of 17 contracts in any field end within 18 months of 3 Sep 2026; 2 give no end date, so the radar
 * cannot place them." What was left out, and why, is said: nothing is dropped without a word.
 */
function summaryLine(
  args: { asOf: number; months: number; all: boolean },
  listedCount: number,
  contracts: ContractRecord[],
  unrecorded: number,
  unreadable: number,
): string {
  const day = DateTime.fromMillis(args.asOf, { zone: UK_ZONE }).toFormat('d LLL yyyy');
  const scope = args.all ? 'in any field' : 'in the service areas (--all for every field)';
  const undated = contracts.filter((c) => !c.end && !c.maxExtent).length;
  const left = [
    undated > 0 ? `${undated} of the contracts give no end date, so the radar cannot place them` : null,
    unrecorded > 0
      ? `${plural(unrecorded, 'award or contract notice')} list${unrecorded === 1 ? 's' : ''} no award or ` +
        'contract, or only cancelled or unsuccessful ones'
      : null,
    unreadable > 0 ? `${plural(unreadable, 'item')} could not be read` : null,
  ].filter((part): part is string => part !== null);
  const listed = `${listedCount} of ${contracts.length} contracts ${scope}`;
  return `${[`${listed} end within ${args.months} months of ${day}`, ...left].join('; ')}.`;
}

runCli(main);

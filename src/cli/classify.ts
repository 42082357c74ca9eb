import { readFileSync } from 'node:fs';
import { runCli } from './run.js';
import { loadReservationTables, loadServiceAreas } from '../config.js';
import { classifyRelease } from '../matching/classify.js';
import { compileMatcher } from '../matching/compile.js';
import { readReleases } from '../matching/input.js';
import { classifyReservation } from '../reserved/reservation.js';

const USAGE = 'Usage: npm run classify -- <file>   (an OCDS release package, a single release, or JSON Lines; "-" reads stdin)';

function main(): number {
  const file = process.argv[2];
  if (!file || process.argv.length > 3) {
    console.error(USAGE);
    return 2;
  }
  const text = readFileSync(file === '-' ? 0 : file, 'utf8');
  const matcher = compileMatcher(loadServiceAreas());
  const tables = loadReservationTables();
  const reserved = (notice: Parameters<typeof classifyReservation>[0], areas: string[]) => classifyReservation(notice, areas, tables);
  for (const input of readReleases(text)) process.stdout.write(`${JSON.stringify(classifyRelease(input, matcher, reserved))}\n`);
  return 0;
}

runCli(main);

import type { AlertRate, PairingProblem } from './evaluate.js';

// The sentences `npm run eval` prints about its inputs and its rates.

const ORDER = 'the order is releases file, then its labels file';

/** Why a releases file and a labels file were refused as a pair. */
export function pairingSentence(problem: PairingProblem, releasesFile: string, labelsFile: string): string {
  if (problem.kind === 'no-labels') return `${labelsFile} holds no labels. Is it a labels file? (${ORDER})`;
  if (problem.kind === 'no-releases')
    return `${releasesFile} holds no readable releases. Is it a releases file? (${ORDER})`;
  return (
    `Only ${problem.paired} of the ${problem.labels} labels in ${labelsFile} are for notices in ` +
    `${releasesFile}: these files do not pair (${ORDER}).`
  );
}

export const NOTHING_COUNTED =
  'No labelled notice was counted, so there is no figure to give (every label was ambiguous or unpaired).';

/** False alerts per 10,000 notices, with what a sample this size cannot rule out. */
export function alertRateLine(rate: AlertRate): string {
  return (
    `${rate.falseAlerts} false alerts in ${rate.notices} notices = ${rate.per10k.toFixed(1)} per 10,000 ` +
    `(95% upper bound ${rate.upper95Per10k.toFixed(1)} per 10,000)`
  );
}

export const noDatabase = (path: string) =>
  `There is no database at ${path}. Give the path of the worker's SQLite file (DATABASE_PATH).`;

/** What `npm run eval -- --corrections` is about to count. */
export function correctionsSummary(facts: {
  path: string;
  notRelevant: number;
  missed: number;
  interested: number;
  notices: number;
  servers: number;
  gone: number;
}): string {
  const gone = facts.gone > 0 ? `; ${facts.gone} no longer stored, left out` : '';
  return (
    `Corrections in ${facts.path}: ${facts.notRelevant} "not relevant", ${facts.missed} reported missed, ` +
    `${facts.interested} "interested" (uncorrected) — ${facts.notices} notices from ${facts.servers} ` +
    `servers, each labelled per server and matched again with today's rules${gone}.`
  );
}

import { readInputFile, runCli } from './run.js';
import { profileOfRaw } from '../sources/registry.js';
import { createAreaMatcher, startCommand } from '../app.js';
import { classifyRelease, type ClassifyLine } from '../matching/classify.js';
import { alertRateLine, NOTHING_COUNTED, pairingSentence } from '../matching/eval-text.js';
import {
  evaluate,
  falseAlertRate,
  Label,
  pairingProblem,
  type EvalReport,
  type Figures,
  type Prediction,
} from '../matching/evaluate.js';
import { readReleases } from '../notices/ocds-input.js';
import { correctionsAsLabels } from './eval-corrections.js';

const USAGE =
  'Usage: npm run eval -- <releases.jsonl> <labels.jsonl> [<releases2.jsonl> <labels2.jsonl> …]\n' +
  '       npm run eval -- --corrections [database path]   (replays the stored corrections as labels)';

const pct = (n: number) => n.toFixed(3);
const row = (name: string, f: Figures) =>
  `${name.padEnd(28)} P ${pct(f.precision)}  R ${pct(f.recall)}  F1 ${pct(f.f1)}   (tp ${f.tp}, fp ` +
  `${f.fp}, fn ${f.fn}; ${f.notices} notices)`;

function printFigures(title: string, report: EvalReport): void {
  console.log(`\n== ${title} (${report.counted} notices) ==`);
  console.log(row('any area', report.anyArea));
  for (const [area, f] of Object.entries(report.perArea)) console.log(row(area, f));
  const areas = Object.keys(report.perArea).length;
  console.log(`${'macro-F1'.padEnd(28)} ${pct(report.macroF1)}   (mean over ${areas} areas)`);
  console.log(`${'false alerts'.padEnd(28)} ${alertRateLine(falseAlertRate(report))}`);
}

interface Predicted {
  predictions: Map<string, Prediction>;
  explicit: Set<string>;
}

/** Problems with single lines: the first few are shown (a swapped file has one on every line). */
let problems = 0;
function problem(text: string): void {
  problems++;
  if (problems <= 5) console.error(text);
  else if (problems === 6) console.error('… (more lines could not be read)');
}

function addPrediction(line: ClassifyLine, into: Predicted): void {
  if (line.error || !line.id) {
    problem(`Skipped ${line.id ?? 'a release'}: ${line.error ?? 'no id'}`);
    return;
  }
  const reserved = line.reserved;
  if (typeof reserved === 'object' && reserved !== null && 'kind' in reserved && reserved.kind === 'explicit')
    into.explicit.add(line.id);
  into.predictions.set(line.id, {
    id: line.id,
    areas: new Map((line.areas ?? []).map((a) => [a.area, a.band === 'strong' ? 'strong' : 'possible'])),
    reasons: new Map((line.areas ?? []).map((a) => [a.area, a.reasons])),
  });
}

function readLabels(text: string, path: string): Label[] {
  const labels: Label[] = [];
  text.split('\n').forEach((line, n) => {
    if (line.trim() === '') return;
    let json: unknown;
    try {
      json = JSON.parse(line);
    } catch {
      problem(`${path} line ${n + 1}: not JSON`);
      return;
    }
    const parsed = Label.safeParse(json);
    if (parsed.success) labels.push(parsed.data);
    else problem(`${path} line ${n + 1}: ${parsed.error.issues[0]?.message}`);
  });
  return labels;
}

function report(labels: Label[], into: Predicted, order: string[], reserved = true): number {
  const { predictions, explicit } = into;
  const result = evaluate(labels, predictions, false, order);
  if (result.counted === 0) {
    console.error(NOTHING_COUNTED);
    return 1;
  }
  const missing = result.missingPredictions;
  const unpredicted = missing.length > 0 ? `; no prediction for ${missing.join(', ')}` : '';
  const ambiguous = `${result.leftOutAmbiguous} ambiguous left out`;
  console.log(`${result.counted} labelled notices counted (${ambiguous})${unpredicted}`);
  printFigures('strong or possible counts as a match', result);
  printFigures('strong band only', evaluate(labels, predictions, true, order));
  const truth = new Set(labels.filter((l) => l.reserved === 'explicit').map((l) => l.id));
  const hit = [...explicit].filter((id) => truth.has(id)).length;
  if (reserved) printReserved(explicit, truth, hit);
  printLists(result);
  return 0;
}

/** A ratio, or "n/a" with why when there is nothing to count (not 1.000, which reads as perfect). */
const ratioOf = (hit: number, of: number, none: string) => (of > 0 ? pct(hit / of) : `n/a (${none})`);

function reservedLine(flagged: number, labelled: number, hit: number): string {
  return (
    `flagged ${flagged}, labelled ${labelled}, both ${hit}; precision ` +
    `${ratioOf(hit, flagged, 'nothing flagged')}, recall ${ratioOf(hit, labelled, 'nothing labelled')}`
  );
}

function printReserved(explicit: Set<string>, truth: Set<string>, hit: number): void {
  console.log(`\n== reserved (explicit) ==\n${reservedLine(explicit.size, truth.size, hit)}`);
  for (const id of explicit) if (!truth.has(id)) console.log(`false explicit: ${id}`);
  for (const id of truth) if (!explicit.has(id)) console.log(`missed explicit: ${id}`);
}

function printLists(result: EvalReport): void {
  console.log('\n== confusion (labelled → predicted) ==');
  for (const [labelled, guesses] of Object.entries(result.confusion))
    console.log(
      `${labelled.padEnd(28)} ${Object.entries(guesses)
        .map(([g, n]) => `${g}: ${n}`)
        .join(', ')}`,
    );
  console.log(`\n== false positives (${result.falsePositives.length}) ==`);
  for (const fp of result.falsePositives) console.log(`${fp.id}  ${fp.area}  ← ${fp.reasons.join('; ')}`);
  console.log(`\n== false negatives (${result.falseNegatives.length}) ==`);
  for (const fn of result.falseNegatives) console.log(`${fn.id}  ${fn.area}`);
}

function main(): number {
  const args = process.argv.slice(2);
  const { settings, config } = startCommand();
  const { match, areas } = createAreaMatcher(settings.rules);
  const order = areas.map((a) => a.id);
  const into: Predicted = { predictions: new Map(), explicit: new Set() };
  if (args[0] === '--corrections') {
    if (args.length > 2) {
      console.error(USAGE);
      return 2;
    }
    const replay = correctionsAsLabels(args[1] ?? config.databasePath, match);
    console.log(replay.summary);
    for (const line of replay.lines) addPrediction(line, into);
    return report(replay.labels, into, order, false);
  }
  // A misspelt option (--correction) was read as a file name; a file missing was a raw ENOENT, after the
  // releases before it had been read.
  const option = args.find((a) => a.startsWith('-') && a !== '-');
  if (option) {
    console.error(`Unknown option '${option}'.\n${USAGE}`);
    return 2;
  }
  if (args.length < 2 || args.length % 2 !== 0) {
    console.error(USAGE);
    return 2;
  }
  const texts = new Map(args.map((file) => [file, readInputFile(file)]));
  const labels: Label[] = [];
  for (let i = 0; i < args.length; i += 2) {
    const releasesFile = args[i] ?? '';
    const labelsFile = args[i + 1] ?? '';
    const ids = new Set<string>();
    for (const input of readReleases(texts.get(releasesFile) ?? '')) {
      const line = classifyRelease(input, match, profileOfRaw);
      if (line.id && !line.error) ids.add(line.id);
      addPrediction(line, into);
    }
    const pairLabels = readLabels(texts.get(labelsFile) ?? '', labelsFile);
    const problem = pairingProblem(pairLabels, ids);
    if (problem) {
      console.error(pairingSentence(problem, releasesFile, labelsFile));
      return 1;
    }
    labels.push(...pairLabels);
  }
  return report(labels, into, order);
}

runCli(main);

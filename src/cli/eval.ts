import { profileOfRaw } from '../sources/registry.js';
import { readFileSync } from 'node:fs';
import { runCli } from './run.js';
import { createAreaMatcher, startCommand } from '../app.js';
import { classifyRelease } from '../matching/classify.js';
import { evaluate, Label, type EvalReport, type Figures, type Prediction } from '../matching/evaluate.js';
import { readReleases } from '../notices/ocds-input.js';

const USAGE = 'Usage: npm run eval -- <releases.jsonl> <labels.jsonl> [<releases2.jsonl> <labels2.jsonl> …]';

const pct = (n: number) => n.toFixed(3);
const row = (name: string, f: Figures) =>
  `${name.padEnd(28)} P ${pct(f.precision)}  R ${pct(f.recall)}  F1 ${pct(f.f1)}   (tp ${f.tp}, fp ` +
  `${f.fp}, fn ${f.fn})`;

function printFigures(title: string, report: EvalReport): void {
  console.log(`\n== ${title} ==`);
  console.log(row('any area', report.anyArea));
  for (const [area, f] of Object.entries(report.perArea)) console.log(row(area, f));
  console.log(`${'macro-F1'.padEnd(28)} ${pct(report.macroF1)}`);
}

function main(): number {
  const args = process.argv.slice(2);
  if (args.length < 2 || args.length % 2 !== 0) {
    console.error(USAGE);
    return 2;
  }
  const { match, areas } = createAreaMatcher(startCommand().settings.rules);
  const order = areas.map((a) => a.id);
  const explicit = new Set<string>();
  const labels: Label[] = [];
  const predictions = new Map<string, Prediction>();
  for (let i = 0; i < args.length; i += 2) {
    for (const input of readReleases(readFileSync(args[i] ?? '', 'utf8'))) {
      const line = classifyRelease(input, match, profileOfRaw);
      if (line.error || !line.id) {
        console.error(`Skipped ${line.id ?? 'a release'}: ${line.error ?? 'no id'}`);
        continue;
      }
      if (
        typeof line.reserved === 'object' &&
        line.reserved !== null &&
        'kind' in line.reserved &&
        line.reserved.kind === 'explicit'
      )
        explicit.add(line.id);
      predictions.set(line.id, {
        id: line.id,
        areas: new Map((line.areas ?? []).map((a) => [a.area, a.band === 'strong' ? 'strong' : 'possible'])),
        reasons: new Map((line.areas ?? []).map((a) => [a.area, a.reasons])),
      });
    }
    readFileSync(args[i + 1] ?? '', 'utf8')
      .split('\n')
      .forEach((text, n) => {
        if (text.trim() === '') return;
        const parsed = Label.safeParse(JSON.parse(text));
        if (parsed.success) labels.push(parsed.data);
        else console.error(`${args[i + 1]} line ${n + 1}: ${parsed.error.issues[0]?.message}`);
      });
  }
  const report = evaluate(labels, predictions, false, order);
  const missing = report.missingPredictions;
  const unpredicted = missing.length > 0 ? `; no prediction for ${missing.join(', ')}` : '';
  const ambiguous = `${report.leftOutAmbiguous} ambiguous left out`;
  console.log(`${report.counted} labelled notices counted (${ambiguous})${unpredicted}`);
  printFigures('strong or possible counts as a match', report);
  printFigures('strong band only', evaluate(labels, predictions, true, order));
  const truth = new Set(labels.filter((l) => l.reserved === 'explicit').map((l) => l.id));
  const hit = [...explicit].filter((id) => truth.has(id)).length;
  console.log(
    `\n== reserved (explicit) ==\nflagged ${explicit.size}, labelled ${truth.size}, both ${hit}; precision ` +
      `${pct(explicit.size ? hit / explicit.size : 1)}, recall ${pct(truth.size ? hit / truth.size : 1)}`,
  );
  for (const id of explicit) if (!truth.has(id)) console.log(`false explicit: ${id}`);
  for (const id of truth) if (!explicit.has(id)) console.log(`missed explicit: ${id}`);
  console.log('\n== confusion (labelled → predicted) ==');
  for (const [truth, guesses] of Object.entries(report.confusion))
    console.log(
      `${truth.padEnd(28)} ${Object.entries(guesses)
        .map(([g, n]) => `${g}: ${n}`)
        .join(', ')}`,
    );
  console.log(`\n== false positives (${report.falsePositives.length}) ==`);
  for (const fp of report.falsePositives) console.log(`${fp.id}  ${fp.area}  ← ${fp.reasons.join('; ')}`);
  console.log(`\n== false negatives (${report.falseNegatives.length}) ==`);
  for (const fn of report.falseNegatives) console.log(`${fn.id}  ${fn.area}`);
  return 0;
}

runCli(main);

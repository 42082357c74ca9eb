import { z } from 'zod';

export const Label = z.object({
  id: z.string(),
  areas: z.array(z.string()),
  ambiguous: z.boolean().default(false),
  reserved: z.enum(['none', 'explicit']).default('none'),
});
export type Label = z.infer<typeof Label>;

export interface Prediction {
  id: string;
  /** area → band */
  areas: Map<string, 'strong' | 'possible'>;
  reasons: Map<string, string[]>;
}

export interface Figures {
  tp: number;
  fp: number;
  fn: number;
  /** How many notices the figure counts (every counted notice, relevant or not). */
  notices: number;
  precision: number;
  recall: number;
  f1: number;
}

export interface EvalReport {
  counted: number;
  leftOutAmbiguous: number;
  missingPredictions: string[];
  anyArea: Figures;
  perArea: Record<string, Figures>;
  macroF1: number;
  /** confusion[labelled][predicted]: how often a notice labelled with one area was given another. */
  confusion: Record<string, Record<string, number>>;
  falsePositives: { id: string; area: string; reasons: string[] }[];
  falseNegatives: { id: string; area: string }[];
}

function figures(tp: number, fp: number, fn: number, notices: number): Figures {
  const precision = tp + fp === 0 ? 1 : tp / (tp + fp);
  const recall = tp + fn === 0 ? 1 : tp / (tp + fn);
  const f1 = precision + recall === 0 ? 0 : (2 * precision * recall) / (precision + recall);
  return { tp, fp, fn, notices, precision, recall, f1 };
}

/**
 * Precision, recall and F1 as labels/README.md defines them: "relevant" = any area; per area separately;
 * macro-F1 over the areas that occur in labels or predictions. Ambiguous items are left out. `strongOnly`
 * counts only the strong band as a match. An area id in brackets, such as `(any)` for a reported miss that
 * named no area, counts for "any area" but has no per-area row.
 */
export function evaluate(
  labels: Label[],
  predictions: Map<string, Prediction>,
  strongOnly = false,
  areaOrder: string[] = [],
): EvalReport {
  const counted = labels.filter((l) => !l.ambiguous);
  const missingPredictions = counted.filter((l) => !predictions.has(l.id)).map((l) => l.id);
  const predicted = (id: string) => {
    const p = predictions.get(id);
    if (!p) return new Set<string>();
    return new Set([...p.areas].filter(([, band]) => !strongOnly || band === 'strong').map(([area]) => area));
  };
  let tp = 0,
    fp = 0,
    fn = 0;
  const per = new Map<string, { tp: number; fp: number; fn: number }>(
    areaOrder.map((a) => [a, { tp: 0, fp: 0, fn: 0 }]),
  );
  const confusion: Record<string, Record<string, number>> = {};
  const falsePositives: EvalReport['falsePositives'] = [];
  const falseNegatives: EvalReport['falseNegatives'] = [];
  for (const label of counted) {
    const truth = new Set(label.areas);
    const guess = predicted(label.id);
    if (truth.size > 0 && guess.size > 0) tp++;
    else if (guess.size > 0) fp++;
    else if (truth.size > 0) fn++;
    for (const area of new Set([...truth, ...guess])) {
      const counts = per.get(area) ?? { tp: 0, fp: 0, fn: 0 };
      per.set(area, counts);
      if (truth.has(area) && guess.has(area)) counts.tp++;
      else if (guess.has(area)) {
        counts.fp++;
        falsePositives.push({
          id: label.id,
          area,
          reasons: predictions.get(label.id)?.reasons.get(area) ?? [],
        });
      } else {
        counts.fn++;
        falseNegatives.push({ id: label.id, area });
      }
    }
    for (const t of truth.size > 0 ? truth : new Set(['(none)'])) {
      for (const g of guess.size > 0 ? guess : new Set(['(none)'])) {
        if (t === '(none)' && g === '(none)') continue;
        confusion[t] ??= {};
        const row = confusion[t];
        row[g] = (row[g] ?? 0) + 1;
      }
    }
  }
  const perArea: Record<string, Figures> = {};
  for (const [area, c] of per)
    if (c.tp + c.fp + c.fn > 0 && !area.startsWith('('))
      perArea[area] = figures(c.tp, c.fp, c.fn, counted.length);
  const occurring = Object.values(perArea);
  return {
    counted: counted.length,
    leftOutAmbiguous: labels.length - counted.length,
    missingPredictions,
    anyArea: figures(tp, fp, fn, counted.length),
    perArea,
    macroF1: occurring.length === 0 ? 0 : occurring.reduce((s, f) => s + f.f1, 0) / occurring.length,
    confusion,
    falsePositives,
    falseNegatives,
  };
}

/** False alerts (notices matched but labelled relevant to no area) per 10,000 notices counted. */
export interface AlertRate {
  falseAlerts: number;
  notices: number;
  per10k: number;
  /** One-sided 95% upper bound (Clopper–Pearson): what a sample this size cannot rule out. */
  upper95Per10k: number;
}

/** P(X ≤ k) for X ~ Binomial(n, p), summed in log space so n in the thousands stays exact enough. */
function binomialCdf(k: number, n: number, p: number): number {
  if (p <= 0) return 1;
  if (p >= 1) return k >= n ? 1 : 0;
  let logTerm = n * Math.log(1 - p);
  let sum = Math.exp(logTerm);
  for (let i = 1; i <= k; i++) {
    logTerm += Math.log((n - i + 1) / i) + Math.log(p / (1 - p));
    sum += Math.exp(logTerm);
  }
  return Math.min(1, sum);
}

export function falseAlertRate(report: EvalReport): AlertRate {
  const { fp } = report.anyArea;
  const n = report.counted;
  if (n === 0) return { falseAlerts: fp, notices: 0, per10k: 0, upper95Per10k: 10_000 };
  let lo = fp / n;
  let hi = 1;
  for (let i = 0; i < 60; i++) {
    const mid = (lo + hi) / 2;
    if (binomialCdf(fp, n, mid) > 0.05) lo = mid;
    else hi = mid;
  }
  return { falseAlerts: fp, notices: n, per10k: (fp / n) * 10_000, upper95Per10k: hi * 10_000 };
}

/** Why a releases file and a labels file do not belong together (eval-text.ts says it in words). */
export type PairingProblem =
  { kind: 'no-labels' } | { kind: 'no-releases' } | { kind: 'unpaired'; paired: number; labels: number };

/**
 * Null when the files pair; otherwise no labels at all (arguments swapped?), no releases, or fewer than half
 * of the labels naming a notice in the releases file (labels for other notices).
 */
export function pairingProblem(labels: Label[], releaseIds: Set<string>): PairingProblem | null {
  if (labels.length === 0) return { kind: 'no-labels' };
  if (releaseIds.size === 0) return { kind: 'no-releases' };
  const paired = labels.filter((l) => releaseIds.has(l.id)).length;
  return paired * 2 < labels.length ? { kind: 'unpaired', paired, labels: labels.length } : null;
}

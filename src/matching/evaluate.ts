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

function figures(tp: number, fp: number, fn: number): Figures {
  const precision = tp + fp === 0 ? 1 : tp / (tp + fp);
  const recall = tp + fn === 0 ? 1 : tp / (tp + fn);
  const f1 = precision + recall === 0 ? 0 : (2 * precision * recall) / (precision + recall);
  return { tp, fp, fn, precision, recall, f1 };
}

/**
 * Precision, recall and F1 as labels/README.md defines them: "relevant" = any area; per area separately;
 * macro-F1 over the areas that occur in labels or predictions. Ambiguous items are left out. `strongOnly`
 * counts only the strong band as a match.
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
  for (const [area, c] of per) if (c.tp + c.fp + c.fn > 0) perArea[area] = figures(c.tp, c.fp, c.fn);
  const occurring = Object.values(perArea);
  return {
    counted: counted.length,
    leftOutAmbiguous: labels.length - counted.length,
    missingPredictions,
    anyArea: figures(tp, fp, fn),
    perArea,
    macroF1: occurring.length === 0 ? 0 : occurring.reduce((s, f) => s + f.f1, 0) / occurring.length,
    confusion,
    falsePositives,
    falseNegatives,
  };
}

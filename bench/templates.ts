import { readFileSync, readdirSync } from 'node:fs';

const FIXTURES = new URL('../test/fixtures/', import.meta.url);

/** Real recorded releases (FTS and Contracts Finder) used as templates for generated load. */
export function loadTemplates(): Record<string, unknown>[] {
  const out: Record<string, unknown>[] = [];
  for (const dir of ['fts', 'cf']) {
    for (const file of readdirSync(new URL(`${dir}/`, FIXTURES))) {
      const data = JSON.parse(readFileSync(new URL(`${dir}/${file}`, FIXTURES), 'utf8'));
      out.push(...(Array.isArray(data.releases) ? data.releases : [data]));
    }
  }
  return out;
}

/** Release number i, shaped like template i mod n, with its own id, ocid and a varied title and value. */
export function generateRelease(templates: Record<string, unknown>[], i: number): Record<string, unknown> {
  const template = templates[i % templates.length] ?? {};
  const tender = (template.tender ?? {}) as Record<string, unknown>;
  return {
    ...template,
    id: `${String(i).padStart(6, '0')}-2026`,
    ocid: `ocds-h6vhtk-${i.toString(16).padStart(6, '0')}`,
    tender: {
      ...tender,
      title: `${String(tender.title ?? 'Notice')} (${i})`,
      value: { amount: 10_000 + (i % 997) * 1_000, currency: 'GBP' },
    },
  };
}

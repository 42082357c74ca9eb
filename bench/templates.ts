import { readFileSync, readdirSync } from 'node:fs';

const FIXTURES = new URL('../test/fixtures/', import.meta.url);

const isRecord = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null;

/** The releases of a package, or the file itself when it is one release. */
function releasesOf(data: unknown): Record<string, unknown>[] {
  if (isRecord(data) && Array.isArray(data.releases)) return data.releases.filter(isRecord);
  return isRecord(data) ? [data] : [];
}

/** Real recorded releases (FTS and Contracts Finder) used as templates for generated load. */
export function loadTemplates(): Record<string, unknown>[] {
  const out: Record<string, unknown>[] = [];
  for (const dir of ['fts', 'cf']) {
    for (const file of readdirSync(new URL(`${dir}/`, FIXTURES))) {
      const data: unknown = JSON.parse(readFileSync(new URL(`${dir}/${file}`, FIXTURES), 'utf8'));
      out.push(...releasesOf(data));
    }
  }
  return out;
}

/** Release number i, shaped like template i mod n, with its own id, ocid and a varied title and value. */
export function generateRelease(templates: Record<string, unknown>[], i: number): Record<string, unknown> {
  const template = templates[i % templates.length] ?? {};
  const tender = isRecord(template.tender) ? template.tender : {};
  return {
    ...template,
    id: `${String(i).padStart(6, '0')}-2026`,
    ocid: `ocds-h6vhtk-${i.toString(16).padStart(6, '0')}`,
    tender: {
      ...tender,
      title: `${typeof tender.title === 'string' ? tender.title : 'Notice'} (${i})`,
      value: { amount: 10_000 + (i % 997) * 1_000, currency: 'GBP' },
    },
  };
}

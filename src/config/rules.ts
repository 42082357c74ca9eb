import type { z } from 'zod';
import { ServiceAreasFile } from '../matching/rules.js';
import { ReservableCpvFile, ThresholdsFile, type ReservationTables } from '../reserved/tables.js';
import { jsonFileProblem, keyLabel, notAnObject, unknownArea, type Origin } from './config-text.js';
import { readJsonFile } from './json-file.js';
import { originOf } from './layers.js';

/** The matcher's rules and the reserved-contract tables, read and validated with the configuration. */
export interface MatcherRules {
  areas: ServiceAreasFile;
  tables: ReservationTables;
}

/** Reads one data file through its schema; problems name the file and the path inside it. */
function readData<T>(schema: z.ZodType<T>, path: string, what: string, problems: string[]): T | null {
  const read = readJsonFile(path);
  if (!read.ok) {
    problems.push(jsonFileProblem(what, path, read));
    return null;
  }
  if (typeof read.value !== 'object' || read.value === null) {
    problems.push(notAnObject(what, path));
    return null;
  }
  const parsed = schema.safeParse(read.value);
  if (parsed.success) return parsed.data;
  for (const issue of parsed.error.issues)
    problems.push(`${what}: ${path} ${issue.path.join('.')}: ${issue.message}`);
  return null;
}

/** Where the rules are (null: bundled), and the areas each configured webhook names (checked against them).
 */
export interface RulesLocation {
  serviceAreasFile: string | null;
  reservationTablesDir: string | null;
  webhookAreas: string[][];
}

/**
 * Reads the service areas (SERVICE_AREAS_FILE, else the bundled config/service-areas.json) and the
 * reservation tables (RESERVATION_TABLES_DIR, else the bundled config/), and checks that every webhook in
 * the configuration names areas that exist.
 */
export function loadMatcherRules(
  where: RulesLocation,
  bundledDir: string,
  origins: Map<string, Origin> = new Map(),
): { rules: MatcherRules | null; problems: string[] } {
  const problems: string[] = [];
  const areasPath = where.serviceAreasFile ?? `${bundledDir}/service-areas.json`;
  const tablesDir = where.reservationTablesDir ?? bundledDir;
  const label = (key: string) => keyLabel(`matching.${key}`, originOf(origins, ['matching', key]));
  const areas = readData(ServiceAreasFile, areasPath, label('serviceAreasFile'), problems);
  const thresholds = readData(
    ThresholdsFile,
    `${tablesDir}/thresholds.json`,
    label('reservationTablesDir'),
    problems,
  );
  const cpv = readData(
    ReservableCpvFile,
    `${tablesDir}/reservable-cpv.json`,
    label('reservationTablesDir'),
    problems,
  );
  if (areas) {
    const ids = areas.areas.map((a) => a.id);
    where.webhookAreas.forEach((hookAreas, index) => {
      for (const area of hookAreas.filter((a) => !ids.includes(a))) {
        const path = ['discord', 'webhooks', String(index), 'areas'];
        problems.push(`${keyLabel(path.join('.'), originOf(origins, path))}: ${unknownArea(area, ids)}`);
      }
    });
  }
  if (!areas || !thresholds || !cpv) return { rules: null, problems };
  return { rules: { areas, tables: { thresholds, cpv } }, problems };
}

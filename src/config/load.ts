import { Config } from './schema.js';
import { databasePathReason } from './checks.js';
import {
  badDotenvLine,
  configErrorMessage,
  databaseLabel,
  jsonFileProblem,
  keyLabel,
  nearMissVariable,
  notAnObject,
  unknownKey,
  unknownVariable,
  variableTwice,
  type Origin,
} from './config-text.js';
import { readDotenv } from './dotenv.js';
import { readJsonFile } from './json-file.js';
import { getKey, isObject, mergeLayer, originOf, setKey, type Json } from './layers.js';
import { loadMatcherRules, type MatcherRules, type RulesLocation } from './rules.js';
import { semanticProblems, semanticWarnings } from './semantic.js';
import { knownKeysAt, nearestName } from './suggest.js';
import { ALL_VARIABLES, OWN_PREFIXES, VARIABLES } from './variables.js';

/** One configuration problem list, thrown once with every problem (see configErrorMessage). */
export class ConfigError extends Error {
  override name = 'ConfigError';
  constructor(
    readonly problems: string[],
    readonly warnings: string[] = [],
  ) {
    super(configErrorMessage(problems, warnings));
  }
}

export interface LoadOptions {
  /** The process environment (it may hold anything; near misses of our names are warned about). */
  env: Record<string, string | undefined>;
  /** The .env file to read (null: none); every name in it must be one of ours. */
  dotenvPath: string | null;
  /** How the .env file is named in messages. */
  dotenvLabel?: string;
  /** config/default.json. */
  defaultsPath: string;
  defaultsLabel?: string;
  /** The bundled config/ folder (service areas and reservation tables unless moved). */
  bundledDir: string;
}

export interface LoadedConfig {
  config: Config;
  /**
   * Worth a warning, not a stop: near misses in the process environment, and settings that work but not as
   * meant (a cycle deadline not under the poll interval).
   */
  warnings: string[];
  /** The files read, in order (for doctor and the start-up log). */
  files: string[];
  /** The matcher's rules and the reservation tables, validated in the same pass. */
  rules: MatcherRules;
}

interface Variable {
  value: string;
  origin: Origin;
}

/** The variables from .env (checked strictly) and the process environment (which wins), non-empty only. */
function collectVariables(options: LoadOptions, problems: string[], warnings: string[], files: string[]) {
  const variables = new Map<string, Variable>();
  const label = options.dotenvLabel ?? '.env';
  const dotenv = options.dotenvPath ? readDotenv(options.dotenvPath) : null;
  if (dotenv) {
    files.push(label);
    for (const line of dotenv.badLines) problems.push(badDotenvLine(label, line));
    const seen = new Set<string>();
    for (const entry of dotenv.entries) {
      if (!ALL_VARIABLES.includes(entry.name)) {
        problems.push(unknownVariable(entry.name, label, entry.line, nearestName(entry.name, ALL_VARIABLES)));
        continue;
      }
      if (seen.has(entry.name)) problems.push(variableTwice(label, entry.name, entry.line));
      seen.add(entry.name);
      if (entry.value !== '')
        variables.set(entry.name, {
          value: entry.value,
          origin: { kind: 'env', variable: entry.name, file: label, line: entry.line },
        });
    }
  }
  for (const [name, value] of Object.entries(options.env)) {
    if (!ALL_VARIABLES.includes(name)) {
      const suggestion = nearestName(name, ALL_VARIABLES);
      if (suggestion || OWN_PREFIXES.some((p) => name.startsWith(p)))
        warnings.push(nearMissVariable(name, suggestion));
      continue;
    }
    if (value !== undefined && value !== '')
      variables.set(name, { value, origin: { kind: 'env', variable: name, file: null } });
  }
  return variables;
}

/** A JSON file that must hold an object; problems say where it is broken without quoting it. */
function readObject(what: string, path: string, label: string, problems: string[]): Json {
  const read = readJsonFile(path);
  if (!read.ok) {
    problems.push(jsonFileProblem(what, label, read));
    return {};
  }
  if (isObject(read.value)) return read.value;
  problems.push(notAnObject(what, label));
  return {};
}

/** The rules' locations and the webhooks' areas, read from the raw layers (the schema may have failed). */
function rulesLocation(raw: Json): RulesLocation {
  const text = (path: string[]) => {
    const value = getKey(raw, path);
    return typeof value === 'string' && value !== '' ? value : null;
  };
  const hooks = getKey(raw, ['discord', 'webhooks']);
  return {
    serviceAreasFile: text(['matching', 'serviceAreasFile']),
    reservationTablesDir: text(['matching', 'reservationTablesDir']),
    webhookAreas: (Array.isArray(hooks) ? hooks : []).map((hook) =>
      isObject(hook) && Array.isArray(hook.areas) ? hook.areas.filter((a) => typeof a === 'string') : [],
    ),
  };
}

const envValue = (raw: string): unknown => (raw === 'true' || raw === 'false' ? raw === 'true' : raw);

/**
 * Builds the raw configuration: config/default.json, then CONFIG_FILE merged over it, then each variable,
 * and REQUEST_INTERVAL_MS over every source's spacing.
 */
function buildRaw(
  options: LoadOptions,
  variables: Map<string, Variable>,
  problems: string[],
  files: string[],
) {
  const origins = new Map<string, Origin>();
  const defaultsLabel = options.defaultsLabel ?? 'config/default.json';
  let raw = mergeLayer(
    {},
    readObject('defaults', options.defaultsPath, defaultsLabel, problems),
    { kind: 'file', file: defaultsLabel },
    origins,
  );
  files.push(defaultsLabel);
  const configFile = variables.get('CONFIG_FILE');
  if (configFile) {
    const where =
      configFile.origin.kind === 'env' && configFile.origin.file ? ` in ${configFile.origin.file}` : '';
    const layer = readObject(`CONFIG_FILE${where}`, configFile.value, configFile.value, problems);
    raw = mergeLayer(raw, layer, { kind: 'file', file: configFile.value }, origins);
    files.push(configFile.value);
  }
  for (const [name, path] of Object.entries(VARIABLES)) {
    const variable = variables.get(name);
    if (variable) setKey(raw, path, envValue(variable.value), variable.origin, origins);
  }
  const interval = variables.get('REQUEST_INTERVAL_MS');
  if (interval) {
    // One knob for every source's spacing: 0 for a local replay, never for the live services.
    const sources = getKey(raw, ['sources']);
    for (const [id, slice] of Object.entries(isObject(sources) ? sources : {})) {
      if (isObject(slice))
        setKey(raw, ['sources', id, 'requestIntervalMs'], interval.value, interval.origin, origins);
      if (id === 'rss' && Array.isArray(slice))
        slice.forEach((feed, i) => {
          if (isObject(feed))
            setKey(
              raw,
              ['sources', 'rss', String(i), 'requestIntervalMs'],
              interval.value,
              interval.origin,
              origins,
            );
        });
    }
  }
  return { raw, origins };
}

/** zod's issues as sentences naming the key and where it came from; unknown keys get a "did you mean". */
function schemaProblems(
  raw: Json,
  origins: Map<string, Origin>,
): { config: Config | null; problems: string[] } {
  const parsed = Config.safeParse(raw);
  if (parsed.success) return { config: parsed.data, problems: [] };
  const problems: string[] = [];
  for (const issue of parsed.error.issues) {
    if (issue.code === 'unrecognized_keys') {
      const known = knownKeysAt(Config, issue.path);
      for (const key of issue.keys) {
        const path = [...issue.path, key];
        const name = path.map(String).join('.');
        problems.push(
          `${keyLabel(name, originOf(origins, path))}: ${unknownKey(key, nearestName(key, known), known)}`,
        );
      }
      continue;
    }
    problems.push(
      `${keyLabel(issue.path.map(String).join('.'), originOf(origins, issue.path))}: ${issue.message}`,
    );
  }
  return { config: null, problems };
}

/**
 * Loads and validates the whole configuration in one pass: the .env file, the process environment, the
 * defaults and CONFIG_FILE, the schema, and the checks on cron, time zones, paths and webhooks. Nothing is
 * opened or created. Throws one ConfigError listing every problem, each naming its key and the variable or
 * file it came from; secrets are never repeated.
 */
export function loadConfigFrom(options: LoadOptions): LoadedConfig {
  const problems: string[] = [];
  const warnings: string[] = [];
  const files: string[] = [];
  const variables = collectVariables(options, problems, warnings, files);
  const { raw, origins } = buildRaw(options, variables, problems, files);
  const schema = schemaProblems(raw, origins);
  problems.push(...schema.problems, ...semanticProblems(raw, origins));
  const rules = loadMatcherRules(rulesLocation(raw), options.bundledDir, origins);
  problems.push(...rules.problems);
  const dbPath = getKey(raw, ['databasePath']);
  const reason = typeof dbPath === 'string' && dbPath !== '' ? databasePathReason(dbPath) : null;
  if (reason) problems.push(`${databaseLabel(originOf(origins, ['databasePath']))}: ${reason}`);
  if (problems.length > 0 || !schema.config || !rules.rules) throw new ConfigError(problems, warnings);
  warnings.push(...semanticWarnings(schema.config, origins));
  return { config: schema.config, warnings, files, rules: rules.rules };
}

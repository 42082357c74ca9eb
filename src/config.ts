import { existsSync } from 'node:fs';
import { ConfigError, loadConfigFrom, type LoadedConfig } from './config/load.js';
import { loadMatcherRules, type MatcherRules } from './config/rules.js';
import type { ServiceAreasFile } from './matching/rules.js';
import type { ReservationTables } from './reserved/tables.js';

// The one loader every command uses (STYLE.md §6.4), and the only module that reads process.env: the
// pieces in config/ take the environment as a parameter.

export { Config } from './config/schema.js';
export { ConfigError } from './config/load.js';
export type { MatcherRules } from './config/rules.js';

const BUNDLED_DIR = new URL('../config/', import.meta.url).pathname.replace(/\/$/, '');
const DEFAULTS_PATH = `${BUNDLED_DIR}/default.json`;

export interface Settings extends LoadedConfig {
  /** The .env file that was read, if any. */
  dotenv: string | null;
}

/**
 * Loads everything a command needs, the same way for every command: `.env` in the current folder (when
 * there is one; every name in it must be a Tender Nudge variable), the process environment over it,
 * config/default.json with CONFIG_FILE merged over it, and the matcher's rules. One validation covers it all
 * before anything is opened or created; it throws one ConfigError listing every problem.
 */
export function loadSettings(
  options: { env?: NodeJS.ProcessEnv; dotenv?: string | null; defaultsPath?: string } = {},
): Settings {
  const candidate = options.dotenv === undefined ? '.env' : options.dotenv;
  const dotenv = candidate !== null && existsSync(candidate) ? candidate : null;
  const loaded = loadConfigFrom({
    env: options.env ?? process.env,
    dotenvPath: dotenv,
    dotenvLabel: dotenv ?? undefined,
    defaultsPath: options.defaultsPath ?? DEFAULTS_PATH,
    bundledDir: BUNDLED_DIR,
  });
  return { ...loaded, dotenv };
}

/** The configuration from an environment alone (no .env file): for tests and the demo. */
export function loadConfig(env: NodeJS.ProcessEnv = process.env, defaultsPath = DEFAULTS_PATH) {
  return loadSettings({ env, dotenv: null, defaultsPath }).config;
}

function rulesFrom(env: NodeJS.ProcessEnv): MatcherRules {
  const { rules, problems } = loadMatcherRules(
    {
      serviceAreasFile: env.SERVICE_AREAS_FILE || null,
      reservationTablesDir: env.RESERVATION_TABLES_DIR || null,
      webhookAreas: [],
    },
    BUNDLED_DIR,
  );
  if (!rules) throw new ConfigError(problems);
  return rules;
}

/** The matcher's rules alone (config/service-areas.json or SERVICE_AREAS_FILE), for tests and benchmarks. */
export function loadServiceAreas(env: NodeJS.ProcessEnv = process.env): ServiceAreasFile {
  return rulesFrom(env).areas;
}

/** The reservation tables alone (config/ or RESERVATION_TABLES_DIR), for tests. */
export function loadReservationTables(env: NodeJS.ProcessEnv = process.env): ReservationTables {
  return rulesFrom(env).tables;
}

/** The rules from the process environment, for callers that have no Settings (benchmarks). */
export function loadMatcherRulesFromEnv(env: NodeJS.ProcessEnv = process.env): MatcherRules {
  return rulesFrom(env);
}

import { plural } from '../shared/plural.js';

// The sentences of configuration problems and warnings. None repeats a value that could be a secret.

/** Where a key's value came from, as a person would look for it. */
export type Origin =
  { kind: 'file'; file: string } | { kind: 'env'; variable: string; file: string | null; line?: number };

/** "poll.cron (from POLL_CRON in .env)", "discord.webhooks.0.url (in config/local.json)". */
export function keyLabel(key: string, origin: Origin | undefined): string {
  const name = key === '' ? '(top level)' : key;
  if (!origin) return name;
  if (origin.kind === 'file') return `${name} (in ${origin.file})`;
  return `${name} (from ${origin.variable}${origin.file ? ` in ${origin.file}` : ''})`;
}

export function unknownKey(key: string, suggestion: string | null, known: string[]): string {
  if (suggestion) return `"${key}" is not a setting; did you mean "${suggestion}"?`;
  const list = known.length > 0 && known.length <= 14 ? ` Settings here: ${known.join(', ')}.` : '';
  return `"${key}" is not a setting.${list}`;
}

export function unknownVariable(name: string, file: string, line: number, suggestion: string | null): string {
  const hint = suggestion ? `; did you mean ${suggestion}?` : ' (.env.example lists every variable).';
  return `${file} line ${line}: ${name} is not a Tender Nudge variable${hint}`;
}

export function nearMissVariable(name: string, suggestion: string | null): string {
  const hint = suggestion ? `; did you mean ${suggestion}?` : ' and is ignored.';
  return `The environment has ${name}, which is not a Tender Nudge variable${hint}`;
}

export const badDotenvLine = (file: string, line: number) =>
  `${file} line ${line}: not a NAME=value line (a quoted value needs its closing quote).`;

export const variableTwice = (file: string, name: string, line: number) =>
  `${file} line ${line}: ${name} is set twice in the file; keep one.`;

export function jsonFileProblem(
  what: string,
  file: string,
  read: { problem: 'missing' | 'unreadable' | 'syntax'; line?: number; column?: number; code?: string },
): string {
  if (read.problem === 'missing') return `${what}: ${file} does not exist.`;
  if (read.problem === 'unreadable') return `${what}: ${file} cannot be read (${read.code ?? 'error'}).`;
  return (
    `${what}: ${file} is not valid JSON at line ${read.line}, column ${read.column} ` +
    '(look for a missing comma, quote or bracket there, or a comma before } or ]).'
  );
}

export const notAnObject = (what: string, file: string) =>
  `${what}: ${file} must hold one JSON object { … }.`;

export function badCron(expression: string, details: string[]): string {
  const why = details.length > 0 ? `: ${details.join('; ')}` : '';
  const fields = 'five fields: minute hour day month weekday; a sixth, seconds, may come first';
  return `"${expression}" is not a cron expression (${fields})${why}.`;
}

/** "10 minutes", "90 seconds". */
function duration(ms: number): string {
  const seconds = Math.round(ms / 1000);
  return seconds % 60 === 0 ? plural(seconds / 60, 'minute') : plural(seconds, 'second');
}

/** The cycle deadline is not shorter than the gap between two polls (a warning: the worker still runs). */
export function deadlineNotUnderInterval(facts: {
  deadlineKey: string;
  cronKey: string;
  expression: string;
  deadlineMs: number;
  gapMs: number;
}): string {
  return (
    `${facts.deadlineKey} is ${duration(facts.deadlineMs)}, but ${facts.cronKey} "${facts.expression}" ` +
    `polls as often as every ${duration(facts.gapMs)}. A source still reading when the next poll starts is ` +
    'left out of that poll (a source is never read twice at once) and read again at the first poll after ' +
    'its run ends, so a slow source is read less often than the schedule says. Set the deadline below ' +
    `${Math.round(facts.gapMs / 1000)} seconds so that each source's run ends before the next poll.`
  );
}

export const badTimezone = (zone: string) =>
  `"${zone}" is not a time zone (use a name such as Europe/London; see the IANA time zone list).`;

export const unknownArea = (area: string, areas: string[]) =>
  `"${area}" is not a service area (${areas.join(', ')}).`;

export const duplicateId = (what: string, id: string) =>
  `two ${what} are called "${id}"; each needs its own.`;

export const rssIdTaken = (id: string) => `"${id}" is the id of a built-in source; choose another.`;

export const backoffOrder = 'must not be smaller than http.backoffBaseMs.';

/** The database path's key, always naming DATABASE_PATH (the value may also come from a config file). */
export function databaseLabel(origin: Origin | undefined): string {
  if (origin?.kind === 'env') return keyLabel('databasePath', origin);
  if (!origin) return 'databasePath (DATABASE_PATH)';
  return `databasePath (in ${origin.file}; DATABASE_PATH overrides it)`;
}

export const DB_REASONS = {
  isFolder: 'is a folder; give a file name such as data/tender-nudge.db.',
  notWritable: 'exists but this user cannot write to it (check its owner and mode).',
  parentIsFile: (parent: string) => `${parent} is a file, so the folder for the database cannot be created.`,
  parentNotWritable: (parent: string) =>
    `the folder ${parent} cannot be written by this user, so the database cannot be created there.`,
  pseudoFs: (parent: string) => `${parent} is a system folder (/proc or /sys) where no file can be created.`,
  readOnly: (parent: string) => `${parent} is on a read-only file system.`,
} as const;

/** The one error message: every problem, one a line. */
export function configErrorMessage(problems: string[], warnings: string[] = []): string {
  const list = (items: string[]) => items.map((p) => `  - ${p}`).join('\n');
  const also = warnings.length > 0 ? `\nAlso worth a look:\n${list(warnings)}` : '';
  return `Configuration is not valid:\n${list(problems)}${also}`;
}

/** The health port could not be opened (in use, or a host this machine does not have). */
export function healthPortProblem(host: string, port: number, err: unknown): string {
  const code = err instanceof Error && 'code' in err ? String(err.code) : '';
  const why = code === 'EADDRINUSE' ? 'is already in use' : `cannot be opened (${code || 'error'})`;
  return (
    `health.port (HEALTH_PORT, HEALTH_HOST): ${host}:${port} ${why}; ` +
    'choose another port or leave it unset.'
  );
}

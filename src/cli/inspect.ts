import { createAreaMatcher, sourceLabels, startCommand } from '../app.js';
import { alertSummary } from '../alerts/alert-text.js';
import { toNotice } from '../notices/normalise.js';
import { rawId, readReleases } from '../notices/ocds-input.js';
import { profileOfRaw } from '../sources/registry.js';
import { asksForHelp, readInputFile, runCli } from './run.js';

const USAGE =
  'Usage: npm run inspect -- <file> [<file> …]   (OCDS release or record packages, single releases, or ' +
  'JSON Lines; "-" reads stdin)';

/**
 * One JSON line per release: the notice as Tender Nudge reads it, and the alert's plain-text lead a person
 * would read. Offline: no token, no network. An item that cannot be read gets a line with its reason.
 */
function main(): number {
  const files = process.argv.slice(2);
  if (files.length === 0 || asksForHelp(files)) {
    console.error(USAGE);
    return 2;
  }
  // The one loader (.env, the environment, the config file, the rules), as classify and guide read them.
  const { settings, config } = startCommand();
  const matcher = createAreaMatcher(settings.rules);
  const label = sourceLabels(config);
  const now = Date.now();
  for (const file of files) {
    for (const input of readReleases(readInputFile(file))) {
      const where = { file, item: input.line };
      if ('error' in input) {
        process.stdout.write(`${JSON.stringify({ ...where, error: input.error })}\n`);
        continue;
      }
      const result = toNotice(input.raw, profileOfRaw(input.raw));
      if (!result.ok) {
        process.stdout.write(`${JSON.stringify({ ...where, id: rawId(input.raw), error: result.reason })}\n`);
        continue;
      }
      const { notice } = result;
      const alert = `${alertSummary(notice, matcher.match(notice), 'new', [], now, matcher.labelOf)}`;
      const line = { ...where, source: label(notice.source), alert, notice };
      process.stdout.write(`${JSON.stringify(line)}\n`);
    }
  }
  return 0;
}

runCli(main);

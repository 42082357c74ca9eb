import { parseArgs } from 'node:util';
import { runDoctor } from './doctor/run.js';
import { runCli } from './run.js';

/** `npm run doctor [-- --offline]`: one line per check, with what to do; exit 1 when something is wrong. */
async function main(): Promise<number> {
  const { values } = parseArgs({
    args: process.argv.slice(2),
    options: { offline: { type: 'boolean', default: false } },
    strict: true,
  });
  const report = await runDoctor({ offline: values.offline });
  for (const text of report.lines) console.log(text);
  return report.exitCode;
}

runCli(main);

import { parseArgs } from 'node:util';
import { cpus, totalmem } from 'node:os';
import { benchFanOut } from './discord-load.js';
import { benchIngest } from './ingest.js';
import { benchMatching } from './matching.js';

// Every figure in one run, printed as one table (README "Benchmarks"). Not a test: nothing here asserts.
const { values } = parseArgs({
  options: {
    n: { type: 'string', default: '100000' },
    'rss-notices': { type: 'string', default: '200000' },
    'fanout-alerts': { type: 'string', default: '20' },
    'fanout-channels': { type: 'string', default: '500' },
  },
});
const n = Number(values.n);
const fmt = (x: number) => Math.round(x).toLocaleString('en-GB');

const startRssMb = process.memoryUsage().rss / 1e6;
const ingest = benchIngest(n);
const ingestPeakMb = process.resourceUsage().maxRSS / 1024;
const matching = benchMatching(n);
const stored = benchIngest(Number(values['rss-notices']));
const afterRssMb = process.memoryUsage().rss / 1e6;
const fanOut = await benchFanOut(Number(values['fanout-alerts']), Number(values['fanout-channels']));

const rows: [string, string, string][] = [
  [`ingest (${fmt(n)} releases): parse → normalise → store ÷ JSON.parse`, ingest.ratio.toFixed(2), '≤ 3'],
  ['ingest: releases per second', fmt(ingest.releases / (ingest.pipelineMs / 1000)), ''],
  [
    `matching (${fmt(n)} notices): 1,000 realistic watchlists ÷ 1 (time)`,
    matching.ratioThousand.toFixed(2),
    '≤ 2',
  ],
  [`matching: 10,000 realistic watchlists ÷ 1 (time)`, matching.ratioTenThousand.toFixed(2), '≤ 4'],
  [
    'matching: notices per second, 1 / 1,000 / 10,000 watchlists',
    [matching.perSecond.one, matching.perSecond.thousand, matching.perSecond.tenThousand]
      .map(fmt)
      .join(' / '),
    '',
  ],
  [
    'matching: watchlists a notice touches, of 1,000 / 10,000',
    `${matching.touchedPerNotice.thousand.toFixed(1)} / ${matching.touchedPerNotice.tenThousand.toFixed(1)}`,
    '',
  ],
  [
    `Discord fan-out: ${values['fanout-alerts']} alerts × ${values['fanout-channels']} channels, achieved ` +
      `÷ allowed rate (50/s)`,
    fanOut.fractionOfAllowed.toFixed(2),
    '≥ 0.9',
  ],
  [
    'Discord fan-out: messages, seconds, 429s received',
    `${fmt(fanOut.messages)}, ${fanOut.seconds.toFixed(0)} s, ${fanOut.rateLimited}`,
    '429s = 0',
  ],
  [`RSS after storing ${fmt(stored.notices)} notices (MB)`, afterRssMb.toFixed(0), '≤ 150'],
  [`peak RSS during the ${fmt(n)}-release ingest (MB)`, ingestPeakMb.toFixed(0), '≤ 150'],
  [
    'peak RSS over the whole run, fan-out included (MB)',
    (process.resourceUsage().maxRSS / 1024).toFixed(0),
    '',
  ],
  ['RSS before any work: Node + tsx + modules (MB)', startRssMb.toFixed(0), ''],
];
console.log(
  `Tender Nudge benchmark — ${new Date().toISOString().slice(0, 10)}, Node ${process.version}, ` +
    `${cpus().length} × ${cpus()[0]?.model ?? 'CPU'}, ${(totalmem() / 2 ** 30).toFixed(0)} GiB, heap ` +
    `flags: ${process.execArgv.filter((a) => a.startsWith('--max')).join(' ') || 'none'}`,
);
console.log('| figure | value | target |\n|---|---|---|');
for (const [name, value, target] of rows) console.log(`| ${name} | ${value} | ${target} |`);

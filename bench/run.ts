import { parseArgs } from 'node:util';
import { benchIngest } from './ingest.js';
import { benchMatching } from './matching.js';

const { values } = parseArgs({ options: { n: { type: 'string', default: '100000' } } });
const n = Number(values.n);

const startRssMb = process.memoryUsage().rss / 1e6;
const ingest = benchIngest(n);
const matching = benchMatching(n);
const rows: [string, string, string][] = [
  ['ingest: parse → normalise → store ÷ JSON.parse', ingest.ratio.toFixed(2), '≤ 3'],
  ['ingest: releases per second', Math.round(ingest.releases / (ingest.pipelineMs / 1000)).toLocaleString('en-GB'), ''],
  ['ingest: notices stored', ingest.notices.toLocaleString('en-GB'), `= ${n.toLocaleString('en-GB')}`],
  ['matching: 1,000 watchlists ÷ 1 watchlist (time)', matching.ratio.toFixed(2), '≤ 2'],
  ['matching: notices per second, 1 watchlist', Math.round(matching.perSecondOne).toLocaleString('en-GB'), ''],
  ['matching: notices per second, 1,000 watchlists', Math.round(matching.perSecondThousand).toLocaleString('en-GB'), ''],
  ['RSS before the run: Node + tsx + modules (MB)', startRssMb.toFixed(0), ''],
  ['peak RSS (MB)', ingest.peakRssMb.toFixed(0), '≤ 150'],
];
console.log(`Tender Nudge benchmark, ${n.toLocaleString('en-GB')} releases, Node ${process.version}, ${new Date().toISOString().slice(0, 10)}`);
console.log('| figure | value | target |\n|---|---|---|');
for (const [name, value, target] of rows) console.log(`| ${name} | ${value} | ${target} |`);

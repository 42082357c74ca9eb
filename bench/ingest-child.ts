import { benchIngest, type Mix } from './ingest.js';

// One ingest with matching (realistic mix unless told), in its own process (run.ts starts it with and
// without the heap flags): prints its CPU time, peak RSS, RSS at the end and the ratio as one JSON line.
const n = Number(process.argv[2] ?? '50000');
const mix = (process.argv[3] ?? 'realistic') as Mix;
const before = process.cpuUsage();
const figures = benchIngest(n, mix, true);
const cpu = process.cpuUsage(before);
console.log(
  JSON.stringify({
    cpuMs: (cpu.user + cpu.system) / 1000,
    peakRssMb: process.resourceUsage().maxRSS / 1024,
    rssAfterMb: process.memoryUsage().rss / 1e6,
    ratio: figures.ratio,
  }),
);

import { benchIngest } from './ingest.js';

// One realistic ingest with matching, in its own process (run.ts starts it with and without the heap
// flags): prints its CPU time, peak RSS and the ratio as one JSON line.
const n = Number(process.argv[2] ?? '50000');
const before = process.cpuUsage();
const figures = benchIngest(n, 'realistic', true);
const cpu = process.cpuUsage(before);
console.log(
  JSON.stringify({
    cpuMs: (cpu.user + cpu.system) / 1000,
    peakRssMb: process.resourceUsage().maxRSS / 1024,
    ratio: figures.ratio,
  }),
);

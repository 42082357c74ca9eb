// Run by the migration race test in a child process: for each (file, instant) pair on the command line, waits
// for the instant, then opens (and so migrates) the database, as a worker starting at the same moment as
// another would. One line per file on stdout: "ok" or the error. One child runs every trial (loading tsx and
// better-sqlite3 in 40 processes took ~28 s of CPU from the rest of the suite).
import { openDb } from '../../src/store/db.js';

const args = process.argv.slice(2);
const pause = new Int32Array(new SharedArrayBuffer(4));
for (let i = 0; i + 1 < args.length; i += 2) {
  const start = Number(args[i + 1]);
  // Asleep until 5 ms before the instant, then spin: a timer would add up to a few ms of jitter, and the
  // point is to start together.
  const early = start - 5 - Date.now();
  if (early > 0) Atomics.wait(pause, 0, 0, early);
  while (Date.now() < start) {
    // Spin.
  }
  try {
    openDb(args[i] ?? '').close();
    process.stdout.write('ok\n');
  } catch (err) {
    process.stdout.write(`${String(err).split('\n')[0]}\n`);
  }
}

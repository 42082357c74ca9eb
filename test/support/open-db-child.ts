// Run by the migration race test in a child process: waits for the agreed instant, then opens (and so
// migrates) the database, as a worker starting at the same moment as another would.
import { openDb } from '../../src/store/db.js';

const [file, at] = process.argv.slice(2);
while (Date.now() < Number(at)) {
  // Spin: a timer would add up to a few ms of jitter, and the point is to start together.
}
openDb(file ?? '').close();

import { existsSync } from 'node:fs';
import { resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
import { parseArgs } from 'node:util';
import { startReplayServer } from '../replay/replay-server.js';
import {
  replayBadPort,
  replayEmpty,
  replayNoFolder,
  replayPortInUse,
  replayServing,
  REPLAY_USAGE,
} from './ops-text.js';
import { byFeed, RECORDED_FOLDERS, releasesIn } from './recorded.js';
import { runCli } from './run.js';

const DEFAULT_PORT = 8787;
/** ../shared/fixtures names two of its folders otherwise (the releases are routed by ocid, not by folder). */
const SHARED_FOLDERS = ['contracts-finder', 'reserved-other-portals'];

/**
 * `npm run replay [-- --port N] [--fixtures <folder>]`: a local stand-in for the four feeds on 127.0.0.1,
 * serving the recorded releases in test/fixtures (or another folder with fts/, cf/, pcs/, s2w/ and reserved/
 * in it, or laid out as ../shared/fixtures), until Ctrl+C, so that `npm run poll` or the worker can be
 * pointed at it offline.
 */
async function main(): Promise<number> {
  let values: { port?: string; fixtures?: string };
  try {
    ({ values } = parseArgs({
      args: process.argv.slice(2),
      options: { port: { type: 'string' }, fixtures: { type: 'string' } },
      strict: true,
    }));
  } catch (err) {
    throw new Error(`${err instanceof Error ? err.message : String(err)}. ${REPLAY_USAGE}`, { cause: err });
  }
  const port = values.port === undefined ? DEFAULT_PORT : Number(values.port);
  if (!/^\d+$/.test(values.port ?? '0') || port > 65_535) throw new Error(replayBadPort(values.port ?? ''));
  const folder = values.fixtures ?? 'test/fixtures';
  if (!existsSync(folder)) throw new Error(replayNoFolder(folder, resolve(folder)));
  const root = pathToFileURL(`${resolve(folder)}/`);
  const recorded = [...RECORDED_FOLDERS, ...SHARED_FOLDERS]
    .map((dir) => new URL(`${dir}/`, root))
    .filter((dir) => existsSync(dir))
    .flatMap((dir) => releasesIn(dir));
  if (recorded.length === 0) throw new Error(replayEmpty(folder));
  const data = byFeed(recorded);
  const replay = await startReplayServer(data, 100, undefined, { port }).catch((err: unknown) => {
    const inUse = err instanceof Error && 'code' in err && err.code === 'EADDRINUSE';
    throw inUse ? new Error(replayPortInUse(port), { cause: err }) : err;
  });
  // Listening for Ctrl+C before saying it is ready: a write to a pipe is synchronous on Linux, so whoever
  // reads the line may signal before the next statement runs (a loaded CI machine killed the replay so).
  const stopped = new Promise<void>((done) => {
    process.once('SIGINT', done);
    process.once('SIGTERM', done);
  });
  console.log(replayServing(replay.url, folder, data));
  await stopped;
  await replay.close();
  return 0;
}

runCli(main);

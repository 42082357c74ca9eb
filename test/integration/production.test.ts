import { execFile } from 'node:child_process';
import { cpSync, existsSync, mkdtempSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { afterAll, describe, expect, it } from 'vitest';
import { startReplayServer, type ReplayServer } from '../../src/replay/replay-server.js';
import { fixtureJson } from '../support/fixtures.js';
import { startWorker } from '../support/worker.js';

const run = promisify(execFile);
const ROOT = new URL('../../', import.meta.url).pathname;
const NODE_MAJOR = Number(process.versions.node.split('.')[0]);
let replay: ReplayServer | null = null;
afterAll(() => replay?.close());

/** The npm beside the running node when there is one (else the one on PATH, run by the node on PATH). */
const npm = existsSync(join(process.execPath, '..', 'npm')) ? join(process.execPath, '..', 'npm') : 'npm';

/** True when dist/ was built after the last change to src/. */
function freshBuild(): boolean {
  const stamp = join(ROOT, 'dist/.build-stamp');
  if (!existsSync(stamp)) return false;
  const newest = (dir: string): number =>
    Math.max(
      0,
      ...readdirSync(dir, { withFileTypes: true }).map((e) =>
        e.isDirectory() ? newest(join(dir, e.name)) : statSync(join(dir, e.name)).mtimeMs,
      ),
    );
  return statSync(stamp).mtimeMs > newest(join(ROOT, 'src'));
}

describe('the production build, installed without dev dependencies', () => {
  it('builds, installs with npm ci --omit=dev in an empty folder, and npm start runs the worker without tsx', async () => {
    const app = mkdtempSync(join(tmpdir(), 'tn-prod-'));
    // CI has just run npm run build: a dist/ newer than every source is that build; otherwise build one here.
    if (freshBuild()) cpSync(join(ROOT, 'dist'), join(app, 'dist'), { recursive: true });
    else await run(process.execPath, [join(ROOT, 'scripts/build.mjs'), '--out', join(app, 'dist')]);
    for (const path of ['package.json', 'package-lock.json', 'config', 'scripts/launch.mjs'])
      cpSync(join(ROOT, path), join(app, path), { recursive: true });
    // From the npm cache (CI has just installed the same lockfile); install scripts are skipped (see below).
    await run(npm, ['ci', '--omit=dev', '--ignore-scripts', '--offline', '--no-audit', '--no-fund'], {
      cwd: app,
      env: { ...process.env, npm_config_loglevel: 'error' },
    });
    for (const dev of ['tsx', 'typescript', 'vitest', 'esbuild', 'eslint', 'nock'])
      expect(existsSync(join(app, 'node_modules', dev)), `${dev} is a dev dependency`).toBe(false);
    // better-sqlite3 12 (Node 20) is a native addon its install script compiles; that takes minutes, so the
    // addon this checkout already compiled for this Node is copied instead. Node 22+ loads better-sqlite3 13,
    // whose prebuilt binaries are in the package, so nothing is copied there.
    if (NODE_MAJOR < 22)
      cpSync(
        join(ROOT, 'node_modules/better-sqlite3/build'),
        join(app, 'node_modules/better-sqlite3/build'),
        {
          recursive: true,
        },
      );

    replay = await startReplayServer({
      fts: fixtureJson('fts/fts-page-2026-09-03-p001.json').releases,
      cf: [],
    });
    const pkg = JSON.parse(readFileSync(join(app, 'package.json'), 'utf8'));
    const [command, ...args] = String(pkg.scripts.start).split(' ');
    expect(command).toBe('node');
    const worker = startWorker(
      {
        DATABASE_PATH: join(app, 'data', 'tender-nudge.db'),
        FTS_BASE_URL: replay.url,
        CF_ENABLED: 'false',
        PCS_ENABLED: 'false',
        S2W_ENABLED: 'false',
        REQUEST_INTERVAL_MS: '0',
      },
      args,
      app,
    );
    await worker.waitFor((out) => out.includes('"msg":"fts: '), 30_000, 'the first poll');
    expect(worker.output()).toContain('Tender Nudge worker started');
    expect(worker.output()).not.toContain('Building dist/');
    const { code, ms } = await worker.stop();
    expect(code).toBe(0);
    expect(ms).toBeLessThan(5_000);
  }, 180_000);
});

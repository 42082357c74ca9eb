import { execFile } from 'node:child_process';
import { existsSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startReplayServer, type ReplayServer } from '../../src/replay/replay-server.js';
import { fixtureJson } from '../support/fixtures.js';
import { startStubServer, type StubServer } from '../support/worker.js';

// Issue 16: only npm start read .env, so deploy-commands said the token was missing and poll used the
// default database. Every command now loads .env (from the folder it runs in) through the one loader.

const run = promisify(execFile);
const LAUNCH = new URL('../../scripts/launch.mjs', import.meta.url).pathname;
let replay: ReplayServer;
let discord: StubServer;
beforeAll(async () => {
  replay = await startReplayServer({
    fts: fixtureJson('fts/fts-page-2026-09-03-p001.json').releases,
    cf: [],
  });
  discord = await startStubServer((_req, res) =>
    res.writeHead(200, { 'Content-Type': 'application/json' }).end('[]'),
  );
});
afterAll(async () => {
  await replay.close();
  await discord.close();
});

/** Runs an npm script's compiled command in `cwd`, with nothing in the environment but PATH. */
const command = (entry: string, cwd: string) =>
  run(process.execPath, [LAUNCH, entry], { cwd, env: { PATH: process.env.PATH ?? '' } });

describe('every command reads .env', () => {
  it('npm run poll uses the database and feed named in .env', async () => {
    const cwd = mkdtempSync(join(tmpdir(), 'tn-dotenv-'));
    writeFileSync(
      join(cwd, '.env'),
      `DATABASE_PATH=from-dotenv.db\nFTS_BASE_URL=${replay.url}\nCF_ENABLED=false\nPCS_ENABLED=false\nS2W_ENABLED=false\nREQUEST_INTERVAL_MS=0\nLOG_LEVEL=warn\n`,
    );
    const { stdout } = await command('cli/poll-once', cwd);
    expect(stdout).toContain('fts: ');
    expect(existsSync(join(cwd, 'from-dotenv.db'))).toBe(true);
    expect(existsSync(join(cwd, 'data'))).toBe(false);
  }, 60_000);

  it('npm run deploy-commands finds the token in .env', async () => {
    const cwd = mkdtempSync(join(tmpdir(), 'tn-dotenv-'));
    writeFileSync(
      join(cwd, '.env'),
      `DISCORD_TOKEN=token-from-dotenv\nDISCORD_APPLICATION_ID=123456789012345678\nDISCORD_API_BASE=${discord.url}\n`,
    );
    const { stdout } = await command('cli/deploy-commands', cwd);
    expect(stdout).toContain('Registered 15 commands globally');
    expect(discord.requests).toContain('PUT /v10/applications/123456789012345678/commands');
  }, 60_000);

  // Found by an outside walkthrough (2026-12-03): radar and inspect read only the process environment.
  it('npm run radar and npm run inspect read .env too, and refuse a misspelt name in it', async () => {
    const cwd = mkdtempSync(join(tmpdir(), 'tn-dotenv-'));
    const file = new URL('../fixtures/fts/fts-uk7-contract-028961-2025.json', import.meta.url).pathname;
    // As npm runs them (tsx on the sources), in a folder of its own holding the .env.
    const tsx = new URL('../../node_modules/tsx/dist/cli.mjs', import.meta.url).pathname;
    const source = (entry: string) => new URL(`../../src/${entry}.ts`, import.meta.url).pathname;
    const withArgs = (entry: string, args: string[]) =>
      run(process.execPath, [tsx, source(entry), ...args], { cwd, env: { PATH: process.env.PATH ?? '' } });
    writeFileSync(join(cwd, '.env'), 'RADAR_LEAD_MONTHS=3\nLOG_LEVEL=warn\n');
    const radar = await withArgs('cli/radar', [file, '--as-of', '2026-09-03', '--all']);
    expect(radar.stdout + radar.stderr).toContain('end within 3 months');
    writeFileSync(join(cwd, '.env'), 'POL_CRON=1\n');
    for (const entry of ['cli/radar', 'cli/inspect']) {
      const failed = await withArgs(entry, [file]).then(
        () => null,
        (err: { code: number; stderr: string }) => err,
      );
      expect(failed?.code).not.toBe(0);
      expect(failed?.stderr).toContain('POLL_CRON');
    }
  }, 60_000);
});

import { execFile, spawn } from 'node:child_process';
import { mkdtempSync, readdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Writable } from 'node:stream';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createLogger } from '../../src/log.js';
import { startReplayServer, type ReplayServer } from '../../src/replay/replay-server.js';
import { fixtureJson } from '../support/fixtures.js';

const run = promisify(execFile);
const TOKEN = 'MTIzNDU2Nzg5MDEyMzQ1Njc4.secret-token-do-not-log.abcdefghijklmnop';
const WEBHOOK = 'https://discord.com/api/webhooks/333333333333333333/webhook-secret-token-do-not-log-0123';

describe('secrets never reach the logs', () => {
  it('the logger redacts tokens and webhook URLs wherever they appear in the metadata', () => {
    let out = '';
    const sink = new Writable({
      write(chunk, _enc, done) {
        out += String(chunk);
        done();
      },
    });
    const log = createLogger('trace', sink);
    log.info(
      {
        token: TOKEN,
        discord: { token: TOKEN },
        webhookUrl: WEBHOOK,
        headers: { authorization: `Bot ${TOKEN}` },
      },
      'Starting',
    );
    log.warn({ target: { webhookUrl: WEBHOOK } }, 'Delivery');
    expect(out).toContain('[redacted]');
    expect(out).not.toContain('secret-token-do-not-log');
  });

  describe('the running worker', () => {
    let replay: ReplayServer;
    beforeAll(async () => {
      replay = await startReplayServer({
        fts: fixtureJson('fts/fts-page-2026-09-03-p002.json').releases,
        cf: [],
      });
    });
    afterAll(() => replay.close());

    it('logs neither the bot token nor a webhook URL at trace level, even when Discord refuses them', async () => {
      const dir = mkdtempSync(join(tmpdir(), 'tn-sec-'));
      const configFile = join(dir, 'local.json');
      writeFileSync(
        configFile,
        JSON.stringify({ discord: { webhooks: [{ name: 'network', url: WEBHOOK }] } }),
      );
      const env = {
        ...process.env,
        DATABASE_PATH: join(dir, 'db.sqlite'),
        FTS_BASE_URL: replay.url,
        CF_ENABLED: 'false',
        PCS_ENABLED: 'false',
        S2W_ENABLED: 'false',
        REQUEST_INTERVAL_MS: '0',
        LOG_LEVEL: 'trace',
        DISCORD_TOKEN: TOKEN,
        DISCORD_APPLICATION_ID: '123456789012345678',
        DISCORD_GATEWAY: 'false',
        DISCORD_API_BASE: `${replay.url}/discord`,
        CONFIG_FILE: configFile,
        POLL_CRON: '*/5 * * * *',
      };
      // Started with node directly (not through npx) so the signal reaches the worker itself.
      const child = spawn(process.execPath, ['--import', 'tsx', 'src/main.ts'], { env });
      let output = '';
      child.stdout.on('data', (d) => (output += String(d)));
      child.stderr.on('data', (d) => (output += String(d)));
      // Until the first cycle has run (a fixed wait was flaky on a busy machine).
      for (let waited = 0; waited < 20_000 && !output.includes('"msg":"fts: '); waited += 100)
        await new Promise((resolve) => setTimeout(resolve, 100));
      child.kill('SIGTERM');
      await new Promise((resolve) => child.on('exit', resolve));
      expect(output).toContain('Tender Nudge worker started');
      expect(output).toContain('"msg":"fts: ');
      expect(output).not.toContain('secret-token-do-not-log');
      expect(output).not.toContain('webhook-secret-token');
    }, 30_000);

    it('a bad configuration is reported without echoing the secret values', async () => {
      const env = {
        ...process.env,
        DISCORD_TOKEN: TOKEN,
        DISCORD_APPLICATION_ID: 'not-a-number',
        FTS_BASE_URL: 'nope',
      };
      const failed = await run(process.execPath, ['--import', 'tsx', 'src/cli/poll-once.ts'], { env }).catch(
        (err: { stderr: string }) => err,
      );
      expect(failed.stderr).toContain('discord.applicationId (from DISCORD_APPLICATION_ID)');
      expect(failed.stderr).not.toContain('secret-token-do-not-log');
    }, 30_000);
  });
});

describe('SQL is only run through prepared statements', () => {
  const files = (dir: string): string[] =>
    readdirSync(dir).flatMap((f) =>
      statSync(join(dir, f)).isDirectory()
        ? files(join(dir, f))
        : f.endsWith('.ts') && !f.endsWith('.test.ts')
          ? [join(dir, f)]
          : [],
    );
  const src = new URL('../../src/', import.meta.url).pathname;

  it('interpolates no values into SQL text: only named SQL constants, never variables', () => {
    const offending: string[] = [];
    for (const file of files(src)) {
      const text = readFileSync(file, 'utf8');
      for (const m of text.matchAll(/\b(?:prepare|exec)\(`([^`]*)`/g)) {
        for (const expr of (m[1] ?? '').matchAll(/\$\{([^}]*)\}/g))
          if (!/^[A-Z][A-Z0-9_]*$/.test(expr[1] ?? ''))
            offending.push(`${file.replace(src, '')}: \${${expr[1]}}`);
      }
      for (const m of text.matchAll(/\bdb\.exec\(([^)]*)\)/g))
        if (!/migration\.sql/.test(m[1] ?? '')) offending.push(`${file.replace(src, '')}: exec(${m[1]})`);
    }
    expect(offending).toEqual([]);
  });
});

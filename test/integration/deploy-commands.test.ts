import { execFile } from 'node:child_process';
import { createServer, type AddressInfo } from 'node:net';
import { promisify } from 'node:util';
import nock from 'nock';
import { describe, expect, it } from 'vitest';
import { createRest } from '../../src/discord/client.js';
import { deployCommands } from '../../src/discord/deploy.js';

const run = promisify(execFile);

describe('npm run deploy-commands -- --print', () => {
  it('prints every command as Discord JSON with no token and no network', async () => {
    const env = { ...process.env, DISCORD_TOKEN: '', DISCORD_APPLICATION_ID: '' };
    const { stdout } = await run(
      process.execPath,
      ['--import', 'tsx', 'src/cli/deploy-commands.ts', '--print'],
      { env },
    );
    const json: {
      name: string;
      description: string;
      default_member_permissions?: string | null;
      options?: { name: string; description: string }[];
      contexts: number[];
      integration_types: number[];
    }[] = JSON.parse(stdout);
    // Discord offers a command only where it works: server commands never in direct messages (context 1).
    const inDms = json.filter((c) => c.contexts.includes(1)).map((c) => c.name);
    expect(inDms).toEqual(['help', 'nudges', 'profile', 'guide', 'glossary']);
    for (const command of json) {
      expect(command.contexts).toContain(0);
      expect(command.integration_types).toEqual([0]);
    }
    expect(json.find((c) => c.name === 'subscribe')?.options?.map((o) => o.name)).toContain('mention_role');
    expect(json.map((c) => c.name)).toEqual([
      'subscribe',
      'unsubscribe',
      'subscriptions',
      'watchlist',
      'report-missed',
      'recent',
      'radar',
      'buyer',
      'explain',
      'status',
      'help',
      'nudges',
      'profile',
      'guide',
      'glossary',
    ]);
    expect(json.find((c) => c.name === 'watchlist')?.options?.map((o) => o.name)).toEqual([
      'create',
      'show',
      'add',
      'remove',
      'delete',
      'list',
      'export',
      'suggestions',
      'accept',
      'import',
    ]);
    expect(json.find((c) => c.name === 'radar')?.options?.map((o) => o.name)).toEqual([
      'area',
      'region',
      'months',
    ]);
    expect(json.find((c) => c.name === 'buyer')?.options).toMatchObject([
      { name: 'name', required: true, autocomplete: true },
    ]);
    expect(json.find((c) => c.name === 'subscribe')?.options?.map((o) => o.name)).toContain('radar_months');
    for (const command of json) {
      expect(command.description.length).toBeLessThanOrEqual(100);
      for (const option of command.options ?? []) expect(option.description.length).toBeLessThanOrEqual(100);
    }
  }, 30_000);

  it('says what is missing instead of trying without a token', async () => {
    const env = { ...process.env, DISCORD_TOKEN: '', DISCORD_APPLICATION_ID: '' };
    const failed = await run(process.execPath, ['--import', 'tsx', 'src/cli/deploy-commands.ts'], {
      env,
    }).catch((err: { code: number; stderr: string }) => err);
    expect('code' in failed && failed.code).toBe(2);
    expect(failed.stderr).toContain('DISCORD_TOKEN and DISCORD_APPLICATION_ID are needed');
  }, 30_000);

  it('says Discord could not be reached, and why, when nothing answers (it said only "fetch failed")', async () => {
    // A port that was free a moment ago: nothing listens there.
    const server = createServer();
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    const { port } = server.address() as AddressInfo;
    await new Promise((resolve) => server.close(resolve));
    const env = {
      ...process.env,
      DISCORD_TOKEN: 'fake.token.not-real',
      DISCORD_APPLICATION_ID: '123456789012345678',
      DISCORD_API_BASE: `http://127.0.0.1:${port}`,
    };
    const args = ['--import', 'tsx', 'src/cli/deploy-commands.ts', '--guild', '123456789012345678'];
    const failed = await run(process.execPath, args, { env }).catch(
      (err: { code: number; stderr: string }) => err,
    );
    expect('code' in failed && failed.code).toBe(2);
    expect(failed.stderr).toBe(
      `No commands were registered: cannot reach Discord at http://127.0.0.1:${port} (ECONNREFUSED): check ` +
        'the network, DNS, proxy or firewall.\n',
    );
  }, 30_000);
});

describe('deployCommands', () => {
  it('PUTs every command to the guild route when given a server, and to the global route otherwise', async () => {
    const seen: { path: string; names: string[]; contexts: unknown[] }[] = [];
    const record = (path: string) => (_uri: string, body: unknown) => {
      const list = body as { name: string; contexts?: unknown }[];
      seen.push({ path, names: list.map((c) => c.name), contexts: list.map((c) => c.contexts) });
      return [];
    };
    nock('https://discord.com')
      .put('/api/v10/applications/123456789012345678/guilds/987654321098765432/commands')
      .reply(200, record('guild'));
    nock('https://discord.com')
      .put('/api/v10/applications/123456789012345678/commands')
      .reply(200, record('global'));
    const rest = createRest('test-token', { retries: 0 });
    expect(await deployCommands(rest, '123456789012345678', '987654321098765432')).toBe(15);
    expect(await deployCommands(rest, '123456789012345678', null)).toBe(15);
    expect(seen.map((s) => s.path)).toEqual(['guild', 'global']);
    expect(seen[0]?.names).toContain('subscribe');
    // Contexts are for global commands only (a server's commands are never offered in direct messages).
    expect(seen[0]?.contexts.every((c) => c === undefined)).toBe(true);
    expect(seen[1]?.contexts.every((c) => Array.isArray(c))).toBe(true);
  });
});

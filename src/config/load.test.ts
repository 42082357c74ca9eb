import { existsSync, mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { ConfigError, loadSettings } from '../config.js';

const TOKEN = 'MTIzNDU2Nzg5MDEyMzQ1Njc4.secret-token-do-not-log.abcdefghijklmnop';
const WEBHOOK = 'https://discord.com/api/webhooks/333333333333333333/webhook-secret-token-do-not-log-0123';

function tempDir(): string {
  return mkdtempSync(join(tmpdir(), 'tn-load-'));
}

/** The ConfigError a load throws (the test fails if it does not throw one). */
function problemsOf(load: () => unknown): ConfigError {
  try {
    load();
  } catch (err) {
    if (err instanceof ConfigError) return err;
    throw err;
  }
  throw new Error('expected a ConfigError');
}

function withConfigFile(content: unknown, env: NodeJS.ProcessEnv = {}) {
  const file = join(tempDir(), 'local.json');
  writeFileSync(file, typeof content === 'string' ? content : JSON.stringify(content));
  return { file, load: () => loadSettings({ env: { CONFIG_FILE: file, ...env }, dotenv: null }) };
}

function withDotenv(text: string, env: NodeJS.ProcessEnv = {}) {
  const file = join(tempDir(), '.env');
  writeFileSync(file, text);
  return { file, load: () => loadSettings({ env, dotenv: file }) };
}

describe('unknown keys in the config file are errors, with "did you mean"', () => {
  it('"webhook" for "webhooks" names the key and the file', () => {
    const { file, load } = withConfigFile({ discord: { webhook: [{ name: 'nw', url: WEBHOOK }] } });
    const error = problemsOf(load);
    expect(error.problems).toEqual([
      `discord.webhook (in ${file}): "webhook" is not a setting; did you mean "webhooks"?`,
    ]);
    expect(error.message).not.toContain('webhook-secret');
  });

  it('"region" for "regions" inside a webhook entry', () => {
    const { file, load } = withConfigFile({
      discord: { webhooks: [{ name: 'nw', url: WEBHOOK, region: ['North West'] }] },
    });
    expect(problemsOf(load).problems).toEqual([
      `discord.webhooks.0.region (in ${file}): "region" is not a setting; did you mean "regions"?`,
    ]);
  });

  it('a key with no near miss lists the settings that exist there', () => {
    const { load } = withConfigFile({ poll: { frequency: 5 } });
    expect(problemsOf(load).message).toContain(
      '"frequency" is not a setting. Settings here: cron, timezone, firstRunLookbackHours, ' +
        'overlapMinutes, recheckHours, recheckLimit, maxPagesPerWindow, cycleDeadlineSeconds.',
    );
  });

  it('a misspelt top-level key and a misspelt key in an RSS feed', () => {
    const { load } = withConfigFile({
      retension: {},
      sources: { rss: [{ id: 'leeds', url: 'https://example.org/feed', nmae: 'Leeds' }] },
    });
    const { message } = problemsOf(load);
    expect(message).toContain('"retension" is not a setting; did you mean "retention"?');
    expect(message).toContain('sources.rss.0.nmae');
    expect(message).toContain('did you mean "name"?');
  });
});

describe('.env: every name must be ours; the process environment may hold anything', () => {
  it('POL_CRON and DATABSE_PATH in .env are errors naming the file, the line and the variable meant', () => {
    const { file, load } = withDotenv('# comment\nPOL_CRON=*/5 * * * *\n\nDATABSE_PATH=data/x.db\n');
    expect(problemsOf(load).problems).toEqual([
      `${file} line 2: POL_CRON is not a Tender Nudge variable; did you mean POLL_CRON?`,
      `${file} line 4: DATABSE_PATH is not a Tender Nudge variable; did you mean DATABASE_PATH?`,
    ]);
  });

  it('values from .env are used, and the process environment wins over them', () => {
    const dir = tempDir();
    const { load } = withDotenv(
      `DATABASE_PATH=${join(dir, 'from-dotenv.db')}\nPOLL_CRON="*/5 * * * *"\nLOG_LEVEL=debug # noisy\n`,
      { LOG_LEVEL: 'warn' },
    );
    const { config } = load();
    expect(config.databasePath).toBe(join(dir, 'from-dotenv.db'));
    expect(config.poll.cron).toBe('*/5 * * * *');
    expect(config.logLevel).toBe('warn');
  });

  it('a near miss in the process environment is a warning, not an error; other variables are ignored', () => {
    const settings = loadSettings({
      env: {
        DATABSE_PATH: 'x.db',
        DISCORD_BOT_TOKEN: TOKEN,
        HTTP_PROXY: 'http://proxy',
        CF_API_TOKEN: 'cf',
        TF_CLI_CONFIG_FILE: 'x',
      },
      dotenv: null,
    });
    expect(settings.warnings).toEqual([
      'The environment has DATABSE_PATH, which is not a Tender Nudge variable; did you mean DATABASE_PATH?',
      'The environment has DISCORD_BOT_TOKEN, which is not a Tender Nudge variable; did you mean DISCORD_TOKEN?',
    ]);
    expect(settings.config.databasePath).toBe('data/tender-nudge.db');
  });

  it('a line that is not NAME=value is reported by number without repeating it (it may be a secret)', () => {
    const { file, load } = withDotenv(`DISCORD_TOKEN="${TOKEN}\nFTS_ENABLED=true\n${TOKEN}\n`);
    const error = problemsOf(load);
    expect(error.problems).toEqual([
      `${file} line 1: not a NAME=value line (a quoted value needs its closing quote).`,
      `${file} line 3: not a NAME=value line (a quoted value needs its closing quote).`,
    ]);
    expect(error.message).not.toContain('secret-token');
    expect(error.message).not.toContain(TOKEN.slice(0, 6));
  });
});

describe('one validation covers everything, before anything is created', () => {
  it('cron, time zones, URLs, webhooks and areas in one message, each naming its key and source', () => {
    const dir = tempDir();
    const database = join(dir, 'sub', 'never-created.db');
    const { file, load } = withConfigFile(
      {
        discord: {
          webhooks: [
            {
              name: 'nw',
              url: 'https://example.org/not-a-webhook',
              areas: ['knitting'],
              timezone: 'Mars/Olympus',
            },
          ],
        },
      },
      {
        POLL_CRON: '*/10 * * *',
        POLL_TIMEZONE: 'Europe/Lodnon',
        FTS_BASE_URL: 'ftp://www.find-tender.service.gov.uk',
        DATABASE_PATH: database,
      },
    );
    const { problems } = problemsOf(load);
    expect(problems).toContain('sources.fts.baseUrl (from FTS_BASE_URL): must be an http:// or https:// URL');
    expect(problems).toContain(
      `discord.webhooks.0.url (in ${file}): must be a Discord webhook URL (https://discord.com/api/webhooks/…)`,
    );
    expect(
      problems.find((p) => p.startsWith('poll.cron (from POLL_CRON): "*/10 * * *" is not a cron')),
    ).toBeTruthy();
    expect(problems).toContain(
      'poll.timezone (from POLL_TIMEZONE): "Europe/Lodnon" is not a time zone (use a name such as ' +
        'Europe/London; see the IANA time zone list).',
    );
    expect(
      problems.find((p) => p.startsWith(`discord.webhooks.0.timezone (in ${file}): "Mars/Olympus"`)),
    ).toBeTruthy();
    expect(
      problems.find((p) =>
        p.startsWith(`discord.webhooks.0.areas (in ${file}): "knitting" is not a service area`),
      ),
    ).toBeTruthy();
    expect(existsSync(join(dir, 'sub'))).toBe(false);
  });

  it('DATABASE_PATH under /proc is refused at once, naming the variable', () => {
    const started = Date.now();
    const { problems } = problemsOf(() =>
      loadSettings({ env: { DATABASE_PATH: '/proc/nope/x.db' }, dotenv: null }),
    );
    expect(Date.now() - started).toBeLessThan(1_000);
    expect(problems).toEqual([
      'databasePath (from DATABASE_PATH): /proc is a system folder (/proc or /sys) where no file can be created.',
    ]);
  });

  it('a database path that is a folder, or under a file, is refused naming DATABASE_PATH', () => {
    const dir = tempDir();
    mkdirSync(join(dir, 'folder.db'));
    writeFileSync(join(dir, 'plain-file'), '');
    const folder = problemsOf(() =>
      loadSettings({ env: { DATABASE_PATH: join(dir, 'folder.db') }, dotenv: null }),
    );
    expect(folder.problems).toEqual([
      'databasePath (from DATABASE_PATH): is a folder; give a file name such as data/tender-nudge.db.',
    ]);
    const underFile = problemsOf(() =>
      loadSettings({ env: { DATABASE_PATH: join(dir, 'plain-file', 'x.db') }, dotenv: null }),
    );
    expect(underFile.problems).toEqual([
      `databasePath (from DATABASE_PATH): ${join(dir, 'plain-file')} is a file, so the folder for the ` +
        `database cannot be created.`,
    ]);
  });

  it.skipIf(process.getuid?.() === 0)('a folder this user cannot write to is refused', () => {
    const { problems } = problemsOf(() => loadSettings({ env: { DATABASE_PATH: '/x.db' }, dotenv: null }));
    expect(problems[0]).toContain('DATABASE_PATH');
    expect(problems[0]).toContain('cannot be written by this user');
  });

  it('a path in the config file names the file and DATABASE_PATH', () => {
    const { file, load } = withConfigFile({ databasePath: '/proc/x/y.db' });
    expect(problemsOf(load).problems[0]).toBe(
      `databasePath (in ${file}; DATABASE_PATH overrides it): /proc is a system folder (/proc or /sys) ` +
        `where no file can be created.`,
    );
  });

  it('two RSS feeds with one id, an RSS id taken by a built-in source, back-off out of order', () => {
    const { load } = withConfigFile(
      {
        sources: {
          rss: [
            { id: 'leeds', url: 'https://example.org/a' },
            { id: 'leeds', url: 'https://example.org/b' },
            { id: 'fts', url: 'https://example.org/c' },
          ],
        },
      },
      { BACKOFF_BASE_MS: '9000', BACKOFF_MAX_MS: '1000' },
    );
    const { message } = problemsOf(load);
    expect(message).toContain('sources.rss.1.id');
    expect(message).toContain('two RSS feeds are called "leeds"');
    expect(message).toContain('"fts" is the id of a built-in source');
    expect(message).toContain(
      'http.backoffMaxMs (from BACKOFF_MAX_MS): must not be smaller than http.backoffBaseMs.',
    );
  });
});

describe('no error message echoes a secret, even in part', () => {
  it('a broken CONFIG_FILE holding the token is reported by line and column only', () => {
    const { file, load } = withConfigFile(
      `{\n  "discord": {\n    "token": "${TOKEN}"\n    "gateway": false\n  }\n}\n`,
    );
    const error = problemsOf(load);
    expect(error.problems).toEqual([
      `CONFIG_FILE: ${file} is not valid JSON at line 4, column 5 (look for a missing comma, quote or ` +
        `bracket there, or a comma before } or ]).`,
    ]);
    for (const part of [TOKEN.slice(0, 4), 'secret-token', TOKEN.slice(-6)])
      expect(error.message).not.toContain(part);
  });

  it('a token in the wrong place or of the wrong type is named by key, never shown', () => {
    const { load } = withConfigFile({
      discord: { token: 12345678, tokne: TOKEN, webhooks: [{ name: 'x', url: TOKEN }] },
    });
    const error = problemsOf(load);
    expect(error.message).toContain('discord.token');
    expect(error.message).toContain('"tokne" is not a setting; did you mean "token"?');
    expect(error.message).not.toContain('secret-token');
    expect(error.message).not.toContain('12345678');
  });

  it('a missing CONFIG_FILE says so', () => {
    const missing = join(tempDir(), 'nope.json');
    expect(problemsOf(() => loadSettings({ env: { CONFIG_FILE: missing }, dotenv: null })).problems).toEqual([
      `CONFIG_FILE: ${missing} does not exist.`,
    ]);
  });
});

describe('.env.example', () => {
  const example = new URL('../../.env.example', import.meta.url).pathname;

  it('lists every variable the loader knows, and loads as it is', async () => {
    const { ALL_VARIABLES } = await import('./variables.js');
    const { readFileSync } = await import('node:fs');
    const text = readFileSync(example, 'utf8');
    expect(ALL_VARIABLES.filter((name) => !text.includes(name))).toEqual([]);
    expect(loadSettings({ env: {}, dotenv: example }).config.poll.cron).toBe('*/10 * * * *');
  });
});

// Found by an outside walkthrough (2026-12-03): a webhook's regions were stored as written, and routing
// compares them exactly, so "UKD", "north west" or a typo held back every notice with a region.
describe("a webhook's regions and value range are read as /subscribe reads them", () => {
  it('regions are kept as their ITL1 names, whichever way they are written', () => {
    const { load } = withConfigFile({
      discord: { webhooks: [{ name: 'nw', url: WEBHOOK, regions: ['north west', 'UKK', ' Wales ', 'UKD'] }] },
    });
    expect(load().config.discord.webhooks[0]?.regions).toEqual(['North West', 'South West', 'Wales']);
  });

  it('a region that is not one, and a maximum below the minimum, are errors naming the setting', () => {
    const { file, load } = withConfigFile({
      discord: {
        webhooks: [
          { name: 'nw', url: WEBHOOK, regions: ['Narnia'] },
          { name: 'range', url: WEBHOOK, minValue: 5000, maxValue: 10 },
          { name: 'both', url: WEBHOOK, regions: ['Narnia'], minValue: 5000, maxValue: 10 },
        ],
      },
    });
    const { problems } = problemsOf(load);
    expect(problems).toContain(
      `discord.webhooks.0.regions.0 (in ${file}): "Narnia" is not a UK region: use an English region ` +
        '(for example "North West"), Scotland, Wales or Northern Ireland, or an ITL code such as "UKD"',
    );
    expect(problems.join('\n')).toContain(
      'discord.webhooks.1.maxValue (in ' +
        `${file}): maxValue is below minValue: no notice that states a value would reach this webhook`,
    );
    // With another of the same webhook's settings wrong, both are said at once.
    expect(problems.join('\n')).toContain(`discord.webhooks.2.regions.0 (in ${file}): "Narnia"`);
    expect(problems.join('\n')).toContain(
      `discord.webhooks.2.maxValue (in ${file}): maxValue is below minValue`,
    );
  });
});

// Found by an outside walkthrough (2026-12-03): "1e3" and "0x10" were read as numbers, and a wrong value
// said zod's "expected number, received NaN" rather than what to write.
describe('numbers and yes/no settings say what to write', () => {
  const load = (env: NodeJS.ProcessEnv) => () => loadSettings({ env, dotenv: null });

  it('a number is digits only', () => {
    for (const odd of ['1e3', '0x10', 'abc', '15 minutes'])
      expect(problemsOf(load({ POLL_OVERLAP_MINUTES: odd })).problems).toEqual([
        'poll.overlapMinutes (from POLL_OVERLAP_MINUTES): must be a whole number written in digits, such as 15',
      ]);
    expect(
      loadSettings({ env: { POLL_OVERLAP_MINUTES: ' 20 ' }, dotenv: null }).config.poll.overlapMinutes,
    ).toBe(20);
  });

  it('a whole number, a range and true/false are named in words', () => {
    expect(problemsOf(load({ HTTP_TIMEOUT_MS: '1.5' })).problems).toEqual([
      'http.timeoutMs (from HTTP_TIMEOUT_MS): must be a whole number, such as 15',
    ]);
    expect(problemsOf(load({ RADAR_LEAD_MONTHS: '99' })).problems).toEqual([
      'radar.leadMonths (from RADAR_LEAD_MONTHS): must be 60 or less',
    ]);
    expect(problemsOf(load({ FTS_ENABLED: 'yes' })).problems).toEqual([
      'sources.fts.enabled (from FTS_ENABLED): must be true or false',
    ]);
  });
});

// Found by an outside walkthrough: a cycle deadline longer than the poll interval was taken in silence.
describe('a cycle deadline not under the poll interval is a warning, not an error', () => {
  const warningsOf = (env: NodeJS.ProcessEnv) => loadSettings({ env, dotenv: null }).warnings;

  it('names both settings, the interval and the deadline, and what happens to a slow source', () => {
    expect(warningsOf({ POLL_CRON: '*/5 * * * *', POLL_CYCLE_DEADLINE_SECONDS: '900' })).toEqual([
      'poll.cycleDeadlineSeconds (from POLL_CYCLE_DEADLINE_SECONDS) is 15 minutes, but poll.cron (from ' +
        'POLL_CRON) "*/5 * * * *" polls as often as every 5 minutes. A source still reading when the next ' +
        'poll starts is left out of that poll (a source is never read twice at once) and read again at the ' +
        'first poll after its run ends, so a slow source is read less often than the schedule says. Set the ' +
        "deadline below 300 seconds so that each source's run ends before the next poll.",
    ]);
  });

  it("takes the schedule's shortest gap (7 past the hour, then 4 minutes to the next hour) and equal counts", () => {
    const [warning] = warningsOf({ POLL_CRON: '*/7 * * * *', POLL_CYCLE_DEADLINE_SECONDS: '240' });
    expect(warning).toContain(
      'poll.cycleDeadlineSeconds (from POLL_CYCLE_DEADLINE_SECONDS) is 4 minutes, but poll.cron (from ' +
        'POLL_CRON) "*/7 * * * *" polls as often as every 4 minutes.',
    );
    // The default deadline (in config/default.json) against a schedule in seconds.
    const fromDefault = warningsOf({ POLL_CRON: '*/30 * * * * *' })[0] ?? '';
    expect(
      fromDefault.startsWith(
        'poll.cycleDeadlineSeconds (in config/default.json) is 9 minutes, but poll.cron (from POLL_CRON) ' +
          '"*/30 * * * * *" polls as often as every 30 seconds.',
      ),
    ).toBe(true);
  });

  it('says nothing for the defaults (540 s against every 10 minutes) or a deadline under the interval', () => {
    expect(warningsOf({})).toEqual([]);
    expect(warningsOf({ POLL_CRON: '*/7 * * * *', POLL_CYCLE_DEADLINE_SECONDS: '239' })).toEqual([]);
  });
});

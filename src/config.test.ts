import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { ConfigError, loadConfig } from './config.js';

describe('loadConfig', () => {
  it('gives the live services and polite defaults with no environment', () => {
    const config = loadConfig({});
    expect(config.databasePath).toBe('data/tender-nudge.db');
    expect(config.sources.fts.baseUrl).toBe('https://www.find-tender.service.gov.uk');
    expect(config.sources.fts.requestIntervalMs).toBe(10_000);
    expect(config.sources.cf.rateLimitWaitMs).toBe(300_000);
    expect(config.poll.cron).toBe('*/10 * * * *');
    expect(config.discord.token).toBeNull();
  });

  it('applies environment overrides, REQUEST_INTERVAL_MS to every source', () => {
    const config = loadConfig({
      DATABASE_PATH: ':memory:',
      FTS_BASE_URL: 'http://127.0.0.1:9999',
      REQUEST_INTERVAL_MS: '0',
      LOG_LEVEL: 'debug',
      CF_ENABLED: 'false',
    });
    expect(config.databasePath).toBe(':memory:');
    expect(config.sources.fts.baseUrl).toBe('http://127.0.0.1:9999');
    expect(config.sources.fts.requestIntervalMs).toBe(0);
    expect(config.sources.cf.requestIntervalMs).toBe(0);
    expect(config.sources.cf.enabled).toBe(false);
    expect(config.logLevel).toBe('debug');
  });

  it('lists every problem with the key and variable it came from, in one error', () => {
    let error: unknown;
    try {
      loadConfig({
        FTS_BASE_URL: 'not a url',
        REQUEST_INTERVAL_MS: '-5',
        LOG_LEVEL: 'loud',
        DISCORD_APPLICATION_ID: 'abc',
        DISCORD_TOKEN: 'secret-token-value',
      });
    } catch (err) {
      error = err;
    }
    expect(error).toBeInstanceOf(ConfigError);
    const message = (error as ConfigError).message;
    expect(message).toContain('sources.fts.baseUrl (from FTS_BASE_URL)');
    expect(message).toContain('sources.fts.requestIntervalMs (from REQUEST_INTERVAL_MS)');
    expect(message).toContain('logLevel (from LOG_LEVEL)');
    expect(message).toContain('discord.applicationId (from DISCORD_APPLICATION_ID)');
    // REQUEST_INTERVAL_MS covers every feed (Find a Tender, Contracts Finder, Scotland, Wales).
    expect((error as ConfigError).problems).toHaveLength(7);
    expect(message).not.toContain('secret-token-value');
  });

  it('merges a CONFIG_FILE with RSS feeds and reports an unreadable one', () => {
    const dir = mkdtempSync(join(tmpdir(), 'tn-config-'));
    const file = join(dir, 'local.json');
    writeFileSync(
      file,
      JSON.stringify({
        sources: { rss: [{ id: 'leeds', url: 'https://example.org/feed.xml', name: 'Leeds portal' }] },
      }),
    );
    expect(loadConfig({ CONFIG_FILE: file }).sources.rss).toEqual([
      { id: 'leeds', url: 'https://example.org/feed.xml', name: 'Leeds portal', requestIntervalMs: 5000 },
    ]);
    writeFileSync(file, '{ broken');
    expect(() => loadConfig({ CONFIG_FILE: file })).toThrow(ConfigError);
  });
});

describe('the radar settings', () => {
  it('default to 18 months ahead and 5 announcements a day, and read RADAR_LEAD_MONTHS, RADAR_DAILY_LIMIT', () => {
    expect(loadConfig({}).radar).toEqual({ leadMonths: 18, dailyLimit: 5 });
    expect(loadConfig({ RADAR_LEAD_MONTHS: '12', RADAR_DAILY_LIMIT: '2' }).radar).toEqual({
      leadMonths: 12,
      dailyLimit: 2,
    });
  });

  it('refuse a lead time of 0 or over 5 years, naming the variable', () => {
    expect(() => loadConfig({ RADAR_LEAD_MONTHS: '0' })).toThrow(
      /radar\.leadMonths \(from RADAR_LEAD_MONTHS\)/,
    );
    expect(() => loadConfig({ RADAR_LEAD_MONTHS: '61' })).toThrow(/RADAR_LEAD_MONTHS/);
  });
});

import { DiscordAPIError, RateLimitError } from '@discordjs/rest';
import { describe, expect, it } from 'vitest';
import { failureOf } from './client.js';

// What a rate limit the REST client will not sit out means for delivery (its rejectOnRateLimit, over
// longestWaitMs). Discord's X-RateLimit-Scope: "user (per bot or user limit), global (per bot or user global
// limit), or shared (per resource limit)"; only the global one is the whole bot's (discord-api-docs,
// topics/rate-limits).
const limit = (global: boolean, scope: 'user' | 'shared' | 'global') =>
  new RateLimitError({
    timeToReset: 1_336_570,
    limit: 5,
    method: 'post',
    hash: 'abc',
    url: 'https://discord.com/api/v10/channels/222222222222222222/messages',
    route: '/channels/:id/messages',
    majorParameter: '222222222222222222',
    global,
    retryAfter: 1_336_570,
    sublimitTimeout: 0,
    scope,
  });

describe('a long rate limit', () => {
  it("on one channel's route or a shared resource holds that destination only", () => {
    for (const scope of ['user', 'shared'] as const)
      expect(failureOf(limit(false, scope), 'bot')).toEqual({
        failure: 'route-limited',
        reason: `Discord rate limit on POST /channels/:id/messages (${scope})`,
        waitMs: 1_336_570,
      });
  });

  it('on the whole bot (global) holds all delivery', () => {
    expect(failureOf(limit(true, 'global'), 'webhook')).toEqual({
      failure: 'rate-limited',
      reason: 'Discord rate limit (global)',
      waitMs: 1_336_570,
    });
  });
});

const refusal = (code: number, message: string) =>
  new DiscordAPIError(
    { code, message },
    code,
    code === 50013 ? 403 : 400,
    'post',
    'https://discord.com/api',
    {},
  );

// Codes from discord-api-docs, topics/opcodes-and-status-codes: each was a 400 read as a bad message (the row
// failed for good, the subscription went on, /status said nothing).
describe('refusals that are about the destination, not the message', () => {
  it('a locked thread, a reply without Read Message History, moderator-only forum tags pause and say why', () => {
    expect(failureOf(refusal(160005, 'Thread is locked'), 'bot')).toEqual({
      failure: 'refused',
      reason: 'the thread is locked',
    });
    expect(failureOf(refusal(160002, 'Cannot reply without permission'), 'bot').failure).toBe('refused');
    expect(failureOf(refusal(40066, 'There are no tags available'), 'bot').reason).toMatch(/Manage Threads/);
  });

  it("a forum at Discord's limit of active posts is tried again later", () => {
    expect(failureOf(refusal(160006, 'Maximum number of active threads reached'), 'bot').failure).toBe(
      'retry',
    );
  });

  it('another 400 is still this message refused', () => {
    expect(failureOf(refusal(50035, 'Invalid Form Body'), 'bot').failure).toBe('bad-message');
  });
});

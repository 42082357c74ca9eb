import { createServer, type Server } from 'node:http';

export interface MockMessage {
  id: string;
  channelId: string;
  nonce: string | null;
  content: string;
  title: string | null;
  at: number;
}

export interface DiscordMock {
  url: string;
  /** Messages created (a repeated nonce with enforce_nonce returns the first one and creates nothing). */
  created: MockMessage[];
  requests: number;
  rateLimited: number;
  dedupedByNonce: number;
  close(): Promise<void>;
}

export interface MockLimits {
  /** Requests per second across the whole bot, as Discord's global limit (50). */
  globalPerSecond: number;
  /** Messages per channel per window, with X-RateLimit-* headers like a per-route bucket. */
  perChannel: number;
  perChannelWindowMs: number;
}

/**
 * A local stand-in for the Discord REST API (127.0.0.1 only): creates channel messages and forum threads,
 * honours nonce + enforce_nonce like Discord, and optionally enforces the documented rate limits with real
 * headers and 429s.
 */
export function startDiscordMock(limits: MockLimits | null = null, latencyMs = 0): Promise<DiscordMock> {
  const created: MockMessage[] = [];
  const byNonce = new Map<string, MockMessage>();
  const buckets = new Map<string, { count: number; resetAt: number }>();
  let globalWindow = { start: 0, count: 0 };
  let next = 100000000000000000n;
  const state = { requests: 0, rateLimited: 0, dedupedByNonce: 0 };
  const server: Server = createServer((req, res) => {
    let raw = '';
    req.on('data', (c) => (raw += String(c)));
    req.on('end', () => {
      state.requests++;
      const now = Date.now();
      const match = /\/channels\/(\d+|[\w-]+)\/messages$/.exec(req.url ?? '');
      if (!match || req.method !== 'POST') {
        res
          .writeHead(404, { 'Content-Type': 'application/json' })
          .end(JSON.stringify({ message: 'Unknown', code: 0 }));
        return;
      }
      const channelId = match[1] ?? '';
      if (limits) {
        if (now - globalWindow.start >= 1000) globalWindow = { start: now, count: 0 };
        const bucket = buckets.get(channelId) ?? { count: 0, resetAt: now + limits.perChannelWindowMs };
        if (now >= bucket.resetAt)
          Object.assign(bucket, { count: 0, resetAt: now + limits.perChannelWindowMs });
        buckets.set(channelId, bucket);
        const globalHit = globalWindow.count >= limits.globalPerSecond;
        const routeHit = bucket.count >= limits.perChannel;
        if (globalHit || routeHit) {
          state.rateLimited++;
          const retryAfter = globalHit
            ? (1000 - (now - globalWindow.start)) / 1000
            : (bucket.resetAt - now) / 1000;
          res
            .writeHead(429, {
              'Content-Type': 'application/json',
              'Retry-After': String(Math.ceil(retryAfter)),
              ...(globalHit
                ? { 'X-RateLimit-Global': 'true', 'X-RateLimit-Scope': 'global' }
                : { 'X-RateLimit-Scope': 'user', 'X-RateLimit-Bucket': `channel-${channelId}` }),
            })
            .end(
              JSON.stringify({
                message: 'You are being rate limited.',
                retry_after: retryAfter,
                global: globalHit,
              }),
            );
          return;
        }
        globalWindow.count++;
        bucket.count++;
        res.setHeader('X-RateLimit-Limit', String(limits.perChannel));
        res.setHeader('X-RateLimit-Remaining', String(limits.perChannel - bucket.count));
        res.setHeader('X-RateLimit-Reset', String(bucket.resetAt / 1000));
        res.setHeader('X-RateLimit-Reset-After', String((bucket.resetAt - now) / 1000));
        res.setHeader('X-RateLimit-Bucket', `channel-${channelId}`);
      }
      const body = JSON.parse(raw || '{}') as {
        content?: string;
        nonce?: string;
        enforce_nonce?: boolean;
        embeds?: { title?: string }[];
      };
      const existing =
        body.nonce && body.enforce_nonce ? byNonce.get(`${channelId}:${body.nonce}`) : undefined;
      if (existing) state.dedupedByNonce++;
      const message = existing ?? {
        id: String(next++),
        channelId,
        nonce: body.nonce ?? null,
        content: body.content ?? '',
        title: body.embeds?.[0]?.title ?? null,
        at: now,
      };
      if (!existing) {
        created.push(message);
        if (body.nonce) byNonce.set(`${channelId}:${body.nonce}`, message);
      }
      // Latency widens the window between "Discord made the message" and "the worker recorded it", where a
      // crash hurts.
      setTimeout(
        () =>
          res
            .writeHead(200, { 'Content-Type': 'application/json' })
            .end(JSON.stringify({ id: message.id, channel_id: channelId })),
        latencyMs,
      );
    });
  });
  return new Promise((resolve) => {
    server.listen(0, '127.0.0.1', () => {
      const address = server.address();
      const port = typeof address === 'object' && address ? address.port : 0;
      resolve({
        url: `http://127.0.0.1:${port}/api`,
        created,
        get requests() {
          return state.requests;
        },
        get rateLimited() {
          return state.rateLimited;
        },
        get dedupedByNonce() {
          return state.dedupedByNonce;
        },
        close: () => new Promise((done) => server.close(() => done())),
      });
    });
  });
}

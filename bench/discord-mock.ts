import { createServer, type IncomingMessage, type ServerResponse, type Server } from 'node:http';

// A local stand-in for the Discord REST API (127.0.0.1 only), for the crash test, the fan-out benchmark
// and the delivery tests. It does what the published API does for the calls the bot makes: channel
// messages (nonce + enforce_nonce, remembered only for `nonceMemoryMs`, as Discord forgets them after a few
// minutes), forum posts (POST /channels/{forum}/threads, no nonce), webhook executes (?wait=true, no
// nonce), and the reads delivery uses to look for a post it may have made: GET channel messages after a
// snowflake, the server's active threads, a webhook's channel, the bot user. Ids are real snowflakes.

export interface MockMessage {
  id: string;
  channelId: string;
  nonce: string | null;
  content: string;
  title: string | null;
  at: number;
  /** What made it: the bot, or the webhook with this id. */
  webhookId: string | null;
  /** The body as the bot sent it, to check it against Discord's limits. */
  body: Record<string, unknown>;
}

export interface DiscordMock {
  url: string;
  /** Messages created (a repeated nonce with enforce_nonce returns the first one and creates nothing). */
  created: MockMessage[];
  /** Forum posts (threads) created, with the forum and title. */
  threads: { id: string; forumId: string; name: string; tags: string[] }[];
  requests: number;
  rateLimited: number;
  dedupedByNonce: number;
  /** Requests that created something and then lost the answer (the connection was dropped). */
  dropped: number;
  close(): Promise<void>;
}

export interface MockLimits {
  /** Requests per second across the whole bot, as Discord's global limit (50). */
  globalPerSecond: number;
  /** Messages per channel per window, with X-RateLimit-* headers like a per-route bucket. */
  perChannel: number;
  perChannelWindowMs: number;
}

export interface MockOptions {
  limits?: MockLimits | null;
  /** Delay before each answer (after the post is made): the window a crash or a second drain hits. */
  latencyMs?: number;
  /** How long a nonce is remembered (Discord: a few minutes). */
  nonceMemoryMs?: number;
  /** Make the post, then drop the connection without answering, for this fraction of creating requests. */
  dropAnswerRate?: number;
  /** The time source (a test can move it on to make the stand-in forget nonces). */
  now?: () => number;
}

const BOT_ID = '500000000000000001';
const WEBHOOK_CHANNEL = '600000000000000001';
const DISCORD_EPOCH = 1_420_070_400_000n;

function json(res: ServerResponse, status: number, body: unknown, headers: Record<string, string> = {}) {
  res.writeHead(status, { 'Content-Type': 'application/json', ...headers }).end(JSON.stringify(body));
}

type Body = Record<string, unknown> & {
  content?: string;
  nonce?: string;
  enforce_nonce?: boolean;
  embeds?: { title?: string; url?: string }[];
  components?: { components?: { custom_id?: string }[] }[];
  name?: string;
  message?: Body;
  applied_tags?: string[];
};

export function startDiscordMock(
  limits: MockLimits | null = null,
  latencyMs = 0,
  options: MockOptions = {},
): Promise<DiscordMock> {
  const opts = { limits, latencyMs, nonceMemoryMs: 120_000, dropAnswerRate: 0, now: Date.now, ...options };
  const created: MockMessage[] = [];
  const threads: DiscordMock['threads'] = [];
  const byNonce = new Map<string, { message: MockMessage; at: number }>();
  const buckets = new Map<string, { count: number; resetAt: number }>();
  let globalWindow = { start: 0, count: 0 };
  let sequence = 0n;
  const state = { requests: 0, rateLimited: 0, dedupedByNonce: 0, dropped: 0 };
  const snowflake = () => String(((BigInt(opts.now()) - DISCORD_EPOCH) << 22n) | (sequence++ & 0x3fffffn));

  /** Discord's documented limits, enforced with real headers and 429s; true when the request may go on. */
  function admit(res: ServerResponse, channelId: string, now: number): boolean {
    const limits = opts.limits;
    if (!limits) return true;
    if (now - globalWindow.start >= 1000) globalWindow = { start: now, count: 0 };
    const bucket = buckets.get(channelId) ?? { count: 0, resetAt: now + limits.perChannelWindowMs };
    if (now >= bucket.resetAt) Object.assign(bucket, { count: 0, resetAt: now + limits.perChannelWindowMs });
    buckets.set(channelId, bucket);
    const globalHit = globalWindow.count >= limits.globalPerSecond;
    if (globalHit || bucket.count >= limits.perChannel) {
      state.rateLimited++;
      const retryAfter = globalHit
        ? (1000 - (now - globalWindow.start)) / 1000
        : (bucket.resetAt - now) / 1000;
      json(
        res,
        429,
        { message: 'You are being rate limited.', retry_after: retryAfter, global: globalHit },
        {
          'Retry-After': String(Math.ceil(retryAfter)),
          ...(globalHit
            ? { 'X-RateLimit-Global': 'true', 'X-RateLimit-Scope': 'global' }
            : { 'X-RateLimit-Scope': 'user', 'X-RateLimit-Bucket': `channel-${channelId}` }),
        },
      );
      return false;
    }
    globalWindow.count++;
    bucket.count++;
    res.setHeader('X-RateLimit-Limit', String(limits.perChannel));
    res.setHeader('X-RateLimit-Remaining', String(limits.perChannel - bucket.count));
    res.setHeader('X-RateLimit-Reset', String(bucket.resetAt / 1000));
    res.setHeader('X-RateLimit-Reset-After', String((bucket.resetAt - now) / 1000));
    res.setHeader('X-RateLimit-Bucket', `channel-${channelId}`);
    return true;
  }

  function make(channelId: string, body: Body, webhookId: string | null): MockMessage {
    const message: MockMessage = {
      id: snowflake(),
      channelId,
      nonce: body.nonce ?? null,
      content: body.content ?? '',
      title: body.embeds?.[0]?.title ?? null,
      at: opts.now(),
      webhookId,
      body,
    };
    created.push(message);
    return message;
  }

  /** Answers after the latency; or, for a share of requests, drops the connection (the post stays made). */
  function answer(res: ServerResponse, status: number, body: unknown) {
    if (opts.dropAnswerRate > 0 && Math.random() < opts.dropAnswerRate) {
      state.dropped++;
      setTimeout(() => res.socket?.destroy(), opts.latencyMs);
      return;
    }
    setTimeout(() => json(res, status, body), opts.latencyMs);
  }

  const asMessage = (m: MockMessage) => ({
    id: m.id,
    channel_id: m.channelId,
    content: m.content,
    author: { id: m.webhookId ?? BOT_ID },
    webhook_id: m.webhookId ?? undefined,
    embeds: (m.body as Body).embeds ?? [],
    components: (m.body as Body).components ?? [],
  });

  function route(req: IncomingMessage, res: ServerResponse, raw: string) {
    const url = new URL(req.url ?? '/', 'http://127.0.0.1');
    const path = decodeURIComponent(url.pathname).replace(/^\/api(\/v\d+)?/, '');
    const now = opts.now();
    const body = (raw ? JSON.parse(raw) : {}) as Body;
    let m: RegExpExecArray | null;
    if (req.method === 'GET' && path === '/users/@me') return json(res, 200, { id: BOT_ID, username: 'bot' });
    // Opening a direct-message channel: one per person, named after them.
    if (req.method === 'POST' && path === '/users/@me/channels')
      return json(res, 200, { id: `dm-${String(body.recipient_id)}`, type: 1 });
    if (req.method === 'GET' && /^\/guilds\/(\d+)\/threads\/active$/.test(path))
      return json(res, 200, {
        threads: threads.map((t) => ({ id: t.id, parent_id: t.forumId, name: t.name })),
        members: [],
      });
    if (req.method === 'GET' && (m = /^\/webhooks\/(\d+)\/([\w-]+)$/.exec(path)))
      return json(res, 200, { id: m[1], channel_id: WEBHOOK_CHANNEL });
    if (req.method === 'GET' && (m = /^\/channels\/([\w-]+)\/messages$/.exec(path))) {
      const channelId = m[1] === WEBHOOK_CHANNEL ? null : m[1];
      const after = BigInt(url.searchParams.get('after') ?? '0');
      const list = created
        .filter((c) => (channelId ? c.channelId === channelId : c.webhookId !== null) && BigInt(c.id) > after)
        // As Discord does with `after`: the (up to) 100 messages right after that id, newest first.
        .slice(0, 100)
        .reverse();
      return json(res, 200, list.map(asMessage));
    }
    if (req.method === 'POST' && (m = /^\/webhooks\/(\d+)\/([\w-]+)$/.exec(path))) {
      if (!admit(res, `webhook-${m[1]}`, now)) return;
      return answer(res, 200, asMessage(make(`webhook-${m[1]}`, body, m[1] ?? null)));
    }
    if (req.method === 'POST' && (m = /^\/channels\/([\w-]+)\/threads$/.exec(path))) {
      const forumId = m[1] ?? '';
      if (!admit(res, forumId, now)) return;
      const starter = make('', body.message ?? {}, null);
      starter.channelId = starter.id;
      threads.push({ id: starter.id, forumId, name: body.name ?? '', tags: body.applied_tags ?? [] });
      return answer(res, 201, { id: starter.id, parent_id: forumId, name: body.name, type: 11 });
    }
    if (req.method === 'POST' && (m = /^\/channels\/([\w-]+)\/messages$/.exec(path))) {
      const channelId = m[1] ?? '';
      if (!admit(res, channelId, now)) return;
      const key = `${channelId}:${body.nonce}`;
      const remembered = body.nonce && body.enforce_nonce ? byNonce.get(key) : undefined;
      if (remembered && now - remembered.at < opts.nonceMemoryMs) {
        state.dedupedByNonce++;
        return answer(res, 200, asMessage(remembered.message));
      }
      const message = make(channelId, body, null);
      if (body.nonce) byNonce.set(key, { message, at: now });
      return answer(res, 200, asMessage(message));
    }
    return json(res, 404, { message: 'Unknown', code: 0 });
  }

  const server: Server = createServer((req, res) => {
    let raw = '';
    req.on('data', (c) => (raw += String(c)));
    req.on('end', () => {
      state.requests++;
      route(req, res, raw);
    });
  });
  return new Promise((resolve) => {
    server.listen(0, '127.0.0.1', () => {
      const address = server.address();
      const port = typeof address === 'object' && address ? address.port : 0;
      resolve({
        url: `http://127.0.0.1:${port}/api`,
        created,
        threads,
        get requests() {
          return state.requests;
        },
        get rateLimited() {
          return state.rateLimited;
        },
        get dedupedByNonce() {
          return state.dedupedByNonce;
        },
        get dropped() {
          return state.dropped;
        },
        close: () =>
          new Promise((done) => {
            server.closeAllConnections();
            server.close(() => done());
          }),
      });
    });
  });
}

import { createServer, type Server } from 'node:http';
import { DateTime } from 'luxon';

/** Recorded OCDS releases to serve, per service. */
export interface ReplayData {
  fts: unknown[];
  cf: unknown[];
  /** Public Contracts Scotland and Sell2Wales, served under /pcs and /s2w (point PCS_BASE_URL there). */
  pcs?: unknown[];
  s2w?: unknown[];
}

export interface ReplayServer {
  url: string;
  /** Requests received, by path, for checks and summaries. */
  requests: string[];
  close(): Promise<void>;
}

const ROUTES: Record<string, keyof ReplayData> = {
  '/api/1.0/ocdsReleasePackages': 'fts',
  '/Published/Notices/OCDS/Search': 'cf',
  '/pcs/v1/Notices': 'pcs',
  '/s2w/v1/Notices': 's2w',
};

/** The Proactis portals' notice type for contract notices; other types answer with an empty month. */
const CONTRACT_NOTICE = '2';

/**
 * A local stand-in for Find a Tender, Contracts Finder, Public Contracts Scotland and Sell2Wales on
 * 127.0.0.1, serving recorded releases as release packages (with `links.next` cursors), so the real worker
 * can run offline (tests, demo, `npm run replay`). Every window gets the whole recording; the worker's dedupe
 * keeps each release once. `serve.port` 0 (the default) takes a free port.
 */
export function startReplayServer(
  data: ReplayData,
  pageSize = 50,
  spread?: { overMs: number; endAt: number },
  serve: { newestFirst?: boolean; indent?: number; port?: number } = {},
): Promise<ReplayServer> {
  const requests: string[] = [];
  // With `spread`, the recording is laid out evenly over the period before `endAt` and each request gets only
  // the releases inside its window, as the live services would; without it, every window gets the whole
  // recording.
  const timed = (feed: keyof ReplayData) =>
    (data[feed] ?? []).map((release, i, all) => ({
      release,
      at: spread ? spread.endAt - spread.overMs + Math.floor(((i + 1) * spread.overMs) / all.length) : 0,
    }));
  const feeds = { fts: timed('fts'), cf: timed('cf'), pcs: timed('pcs'), s2w: timed('s2w') };
  const windowOf = (url: URL): [number, number] => {
    const uk = (v: string | null) => (v ? DateTime.fromISO(v, { zone: 'Europe/London' }).toMillis() : NaN);
    const month = url.searchParams.get('dateFrom');
    if (month) {
      // Proactis: one UK calendar month, `MM-YYYY`.
      const start = DateTime.fromFormat(month, 'MM-yyyy', { zone: 'Europe/London' });
      return [start.toMillis(), start.plus({ months: 1 }).toMillis() - 1];
    }
    const from = uk(url.searchParams.get('updatedFrom') ?? url.searchParams.get('publishedFrom'));
    const to = uk(url.searchParams.get('updatedTo') ?? url.searchParams.get('publishedTo'));
    return [Number.isNaN(from) ? -Infinity : from, Number.isNaN(to) ? Infinity : to];
  };
  const server: Server = createServer((req, res) => {
    const url = new URL(req.url ?? '/', 'http://127.0.0.1');
    requests.push(url.pathname);
    const feed = ROUTES[url.pathname];
    if (!feed || req.method !== 'GET') {
      res.writeHead(404, { 'Content-Type': 'text/plain' }).end('Not found');
      return;
    }
    const type = url.searchParams.get('noticeType');
    if (type !== null && type !== CONTRACT_NOTICE) {
      // As the portals do: a month with nothing of that type is a package with no `releases` at all.
      res.writeHead(200, { 'Content-Type': 'application/json' }).end(JSON.stringify({ uri: url.href }));
      return;
    }
    const offset = Number(url.searchParams.get('cursor') ?? '0') || 0;
    const [from, to] = spread ? windowOf(url) : [-Infinity, Infinity];
    const inWindow = feeds[feed].filter((r) => r.at >= from && r.at <= to).map((r) => r.release);
    // As Find a Tender does, when asked: newest first, 4-space JSON.
    if (serve.newestFirst) inWindow.reverse();
    // The Proactis portals do not page: a month of one notice type comes whole.
    const size = feed === 'pcs' || feed === 's2w' ? Infinity : pageSize;
    const releases = inWindow.slice(offset, offset + size);
    const body: Record<string, unknown> = { uri: url.href, version: '1.1', releases };
    if (offset + size < inWindow.length) {
      const next = new URL(url.href.replace('http://127.0.0.1', `http://${req.headers.host ?? '127.0.0.1'}`));
      next.searchParams.set('cursor', String(offset + pageSize));
      body.links = { next: next.href };
    }
    res.writeHead(200, { 'Content-Type': 'application/json' }).end(JSON.stringify(body, null, serve.indent));
  });
  return new Promise((resolve, reject) => {
    // A port in use (EADDRINUSE) rejects rather than leaving the promise waiting for ever.
    server.once('error', reject);
    server.listen(serve.port ?? 0, '127.0.0.1', () => {
      const address = server.address();
      const port = typeof address === 'object' && address ? address.port : 0;
      resolve({
        url: `http://127.0.0.1:${port}`,
        requests,
        close: () => new Promise((done) => server.close(() => done())),
      });
    });
  });
}

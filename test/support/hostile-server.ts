import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo, Socket } from 'node:net';
import { gzipSync } from 'node:zlib';

// Local servers on 127.0.0.1 that misbehave the way the issue-13 experiments did: huge and endless bodies,
// gzip bombs, drips, redirect loops, links to other hosts, absurd Retry-After values. A "probe" is a second
// server whose every request is a failure: nothing may ever reach it.

export type Handler = (req: IncomingMessage, res: ServerResponse, server: RunningServer) => void;

export interface RunningServer {
  url: string;
  /** Every request path (with query) received, in order. */
  requests: string[];
  close(): Promise<void>;
}

/** Starts a server on 127.0.0.1 (a free port); `handler` answers every request. */
export async function startServer(handler: Handler): Promise<RunningServer> {
  const sockets = new Set<Socket>();
  const requests: string[] = [];
  let running: RunningServer | null = null;
  const server: Server = createServer((req, res) => {
    requests.push(req.url ?? '');
    if (running) handler(req, res, running);
  });
  server.on('connection', (socket) => {
    sockets.add(socket);
    socket.on('close', () => sockets.delete(socket));
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  running = {
    url: `http://127.0.0.1:${port}`,
    requests,
    close: () =>
      new Promise((resolve) => {
        for (const socket of sockets) socket.destroy();
        server.close(() => resolve());
      }),
  };
  return running;
}

/** A release package: `releases` as given, `next` as links.next when set. */
export function packageBody(releases: unknown[], next?: string): string {
  return JSON.stringify({ releases, ...(next ? { links: { next } } : {}) });
}

export const json = (
  res: ServerResponse,
  body: string,
  status = 200,
  headers: Record<string, string> = {},
) => {
  res.writeHead(status, { 'Content-Type': 'application/json', ...headers });
  res.end(body);
};

/** A body of `bytes` bytes of JSON-ish filler, streamed in 64 KiB chunks with backpressure, no length. */
export const hugeBody =
  (bytes: number): Handler =>
  (_req, res) => {
    res.writeHead(200, { 'Content-Type': 'application/json' });
    const chunk = Buffer.alloc(65_536, 0x20);
    let sent = 0;
    const pump = () => {
      while (sent < bytes) {
        sent += chunk.length;
        if (!res.write(chunk)) return void res.once('drain', pump);
      }
      res.end();
    };
    res.on('close', () => (sent = bytes));
    pump();
  };

/** `inflated` bytes of spaces gzipped once (about 1 MB on the wire for 1 GiB), served as gzip. */
export function gzipBomb(inflated: number): Handler {
  const step = 64 * 1048576;
  const part = gzipSync(Buffer.alloc(step, 0x20), { level: 9 });
  // Concatenated gzip members are one valid gzip stream: `inflated / step` copies of the same member.
  const body = Buffer.concat(Array.from({ length: Math.ceil(inflated / step) }, () => part));
  return (_req, res) => {
    res.writeHead(200, { 'Content-Type': 'application/json', 'Content-Encoding': 'gzip' });
    res.end(body);
  };
}

/** One byte every `everyMs`, for ever: never idle long enough for an idle timeout. */
export const drip =
  (everyMs: number): Handler =>
  (_req, res) => {
    res.writeHead(200, { 'Content-Type': 'application/json' });
    res.write('{');
    const timer = setInterval(() => res.write(' '), everyMs);
    res.on('close', () => clearInterval(timer));
  };

/** A redirect to `to(server)` (another host, or itself for a loop). */
export const redirect =
  (to: (server: RunningServer, req: IncomingMessage) => string, status = 302): Handler =>
  (req, res, server) => {
    res.writeHead(status, { Location: to(server, req) });
    res.end();
  };

/** An empty page whose links.next is a fresh cursor every time: an endless chain on the same host. */
export const endlessCursor: Handler = (req, res, server) =>
  json(res, packageBody([], `${server.url}/api/1.0/ocdsReleasePackages?cursor=${server.requests.length}`));

/** Answers `status` with this Retry-After header (then a good page when `then` is given). */
export function retryAfter(value: string, status = 429, then?: string): Handler {
  return (_req, res, server) => {
    if (then !== undefined && server.requests.length > 1) return json(res, then);
    res.writeHead(status, { 'Retry-After': value, 'Content-Type': 'text/plain' });
    res.end('slow down');
  };
}

/** A probe: any request is recorded and answered with an empty page (which must never be believed). */
export const probe: Handler = (_req, res) => json(res, packageBody([]));

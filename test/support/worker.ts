import { spawn, type ChildProcess } from 'node:child_process';
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { Socket } from 'node:net';

/** One JSON log line of the worker (pino). */
export interface WorkerLogLine {
  level: number;
  msg: string;
  [key: string]: unknown;
}

export interface RunningWorker {
  child: ChildProcess;
  /** Everything written to stdout and stderr so far. */
  output(): string;
  logLines(): WorkerLogLine[];
  /** Resolves when a line of output passes `test` (rejects after `timeoutMs`). */
  waitFor(test: (output: string) => boolean, timeoutMs?: number, what?: string): Promise<void>;
  /** Sends a signal and resolves with the exit code and how long the exit took. */
  stop(signal?: NodeJS.Signals): Promise<{ code: number | null; ms: number }>;
}

/**
 * Starts the real worker (`src/main.ts`, with node directly so signals reach it) with `env` over a clean
 * environment (PATH and HOME only), logging JSON at info level.
 */
export function startWorker(
  env: Record<string, string>,
  entry: string | string[] = 'src/main.ts',
  cwd?: string,
): RunningWorker {
  // A .ts entry runs through tsx; an argument list (a package.json script's) is given to node as it is.
  const args = Array.isArray(entry) ? entry : ['--import', 'tsx', entry];
  const child = spawn(process.execPath, args, {
    env: { PATH: process.env.PATH ?? '', HOME: process.env.HOME ?? '', LOG_LEVEL: 'info', ...env },
    cwd,
  });
  let text = '';
  child.stdout?.on('data', (d) => (text += String(d)));
  child.stderr?.on('data', (d) => (text += String(d)));
  const exited = new Promise<number | null>((resolve) => child.once('exit', (code) => resolve(code)));
  return {
    child,
    output: () => text,
    logLines: () =>
      text
        .split('\n')
        .filter((l) => l.startsWith('{'))
        .map((l) => JSON.parse(l) as WorkerLogLine),
    waitFor: (test, timeoutMs = 20_000, what = 'the expected output') =>
      new Promise((resolve, reject) => {
        const started = Date.now();
        const tick = setInterval(() => {
          if (test(text)) {
            clearInterval(tick);
            resolve();
          } else if (Date.now() - started > timeoutMs || child.exitCode !== null) {
            clearInterval(tick);
            reject(new Error(`worker never showed ${what}; output:\n${text}`));
          }
        }, 50);
      }),
    async stop(signal = 'SIGTERM') {
      const started = Date.now();
      child.kill(signal);
      const code = await exited;
      return { code, ms: Date.now() - started };
    },
  };
}

export interface StubServer {
  url: string;
  requests: string[];
  close(): Promise<void>;
}

/**
 * A local HTTP server answering each request with `handle` (which may never answer: a feed or a Discord
 * that hangs). Open connections are destroyed on close.
 */
export function startStubServer(
  handle: (req: IncomingMessage, res: ServerResponse) => void,
): Promise<StubServer> {
  const requests: string[] = [];
  const sockets = new Set<Socket>();
  const server: Server = createServer((req, res) => {
    requests.push(`${req.method} ${req.url}`);
    handle(req, res);
  });
  server.on('connection', (socket) => {
    sockets.add(socket);
    socket.on('close', () => sockets.delete(socket));
  });
  return new Promise((resolve) =>
    server.listen(0, '127.0.0.1', () => {
      const address = server.address();
      const port = typeof address === 'object' && address ? address.port : 0;
      resolve({
        url: `http://127.0.0.1:${port}`,
        requests,
        close: () =>
          new Promise((done) => {
            for (const socket of sockets) socket.destroy();
            server.close(() => done());
          }),
      });
    }),
  );
}

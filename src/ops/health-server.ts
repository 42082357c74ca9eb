import { createServer, type Server } from 'node:http';
import { healthReport, renderMetrics, type MetricsFacts } from './metrics.js';

export interface HealthServer {
  /** The address it listens on, e.g. http://127.0.0.1:9464. */
  url: string;
  close(): Promise<void>;
}

/**
 * Serves GET /healthz (200 when every source was read within three poll intervals, else 503; JSON) and GET
 * /metrics (Prometheus text) on a local port. `facts` is called per request, so both are always current.
 */
export function startHealthServer(
  host: string,
  port: number,
  facts: () => MetricsFacts,
): Promise<HealthServer> {
  const server: Server = createServer((req, res) => {
    const path = new URL(req.url ?? '/', 'http://localhost').pathname;
    if (req.method !== 'GET' && req.method !== 'HEAD') {
      res.writeHead(405, { Allow: 'GET, HEAD' }).end();
      return;
    }
    try {
      if (path === '/healthz') {
        const report = healthReport(facts());
        res
          .writeHead(report.ok ? 200 : 503, { 'Content-Type': 'application/json' })
          .end(JSON.stringify({ status: report.ok ? 'ok' : 'stale', sources: report.sources }));
      } else if (path === '/metrics') {
        res.writeHead(200, { 'Content-Type': 'text/plain; version=0.0.4' }).end(renderMetrics(facts()));
      } else
        res.writeHead(404, { 'Content-Type': 'text/plain' }).end('Not found: try /healthz or /metrics\n');
    } catch {
      // The database may be closing during shutdown: say so rather than crash the server.
      res.writeHead(503, { 'Content-Type': 'text/plain' }).end('unavailable\n');
    }
  });
  server.keepAliveTimeout = 1_000;
  return new Promise((resolve, reject) => {
    server.once('error', reject);
    server.listen(port, host, () => {
      const address = server.address();
      const actual = typeof address === 'object' && address ? address.port : port;
      resolve({
        url: `http://${host.includes(':') ? `[${host}]` : host}:${actual}`,
        close: () =>
          new Promise((done) => {
            server.closeAllConnections();
            server.close(() => done());
          }),
      });
    });
  });
}

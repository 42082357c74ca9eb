import { execFile } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { promisify } from 'node:util';
import { validate } from 'dockerfile-utils';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startHealthServer, type HealthServer } from '../../src/ops/health-server.js';
import { emptyCounters, type MetricsFacts } from '../../src/ops/metrics.js';

// No container engine runs on the CI machine, so the Dockerfile is linted (dockerfile-utils, the validator
// behind the VS Code Docker extension) and checked for the properties the README promises; the steps it
// runs are the ones test/integration/production.test.ts runs for real (build, npm ci --omit=dev
// --ignore-scripts, start the compiled worker).

const run = promisify(execFile);
const ROOT = new URL('../../', import.meta.url).pathname;
const read = (path: string) => readFileSync(`${ROOT}${path}`, 'utf8');
const dockerfile = read('Dockerfile');
const startArgs = String(JSON.parse(read('package.json')).scripts.start).split(' ');

interface Instruction {
  keyword: string;
  args: string;
}

/** The Dockerfile's instructions (continuation lines joined, comments dropped), split into stages. */
function stages(): Instruction[][] {
  const text = dockerfile.replace(/\\\n/g, ' ');
  const all = text
    .split('\n')
    .map((l) => l.trim())
    .filter((l) => l !== '' && !l.startsWith('#'))
    .map((l) => {
      const [keyword = '', ...rest] = l.split(/\s+/);
      return { keyword: keyword.toUpperCase(), args: rest.join(' ') };
    });
  const out: Instruction[][] = [];
  for (const instruction of all) {
    if (instruction.keyword === 'FROM') out.push([]);
    out[out.length - 1]?.push(instruction);
  }
  return out;
}

describe('Dockerfile', () => {
  const [build = [], final = []] = stages();
  const find = (stage: Instruction[], keyword: string) => stage.filter((i) => i.keyword === keyword);

  it('passes the Dockerfile validator with no diagnostics', () => {
    expect(validate(dockerfile)).toEqual([]);
  });

  it('builds on Node 24 in a slim image, compiles, and keeps only the production dependencies', () => {
    expect(dockerfile).toMatch(/^ARG NODE_VERSION=24$/m);
    expect(find(final, 'FROM')[0]?.args).toBe('node:${NODE_VERSION}-bookworm-slim');
    const steps = find(build, 'RUN').map((i) => i.args);
    expect(steps.some((s) => s.includes('npm run build'))).toBe(true);
    expect(steps.some((s) => s.includes('npm ci --omit=dev'))).toBe(true);
    expect(dockerfile).not.toMatch(/:latest\b|^ADD /m);
  });

  it('runs as the unprivileged user node, with the database on a volume', () => {
    expect(find(final, 'USER').map((i) => i.args)).toEqual(['node']);
    expect(find(final, 'VOLUME')[0]?.args).toBe('["/data"]');
    expect(find(final, 'ENV')[0]?.args).toContain('DATABASE_PATH=/data/tender-nudge.db');
    const userAt = final.findIndex((i) => i.keyword === 'USER');
    expect(final.findIndex((i) => i.keyword === 'CMD')).toBeGreaterThan(userAt);
  });

  it('starts the compiled worker with node itself (signals reach it), as npm start does', () => {
    const cmd: string[] = JSON.parse(find(final, 'CMD')[0]?.args ?? '[]');
    expect(cmd).toEqual(startArgs);
    // With the systemd unit's malloc settings, each of them (the idle RSS the bench measures as deployed).
    const env = find(final, 'ENV')[0]?.args ?? '';
    const unitMalloc = [
      ...read('deploy/tender-nudge.service').matchAll(/^Environment=(MALLOC_[A-Z_]+=\d+)$/gm),
    ];
    expect(unitMalloc.map((m) => m[1])).toEqual(['MALLOC_ARENA_MAX=1', 'MALLOC_MMAP_THRESHOLD_=32768']);
    for (const [, setting] of unitMalloc) expect(env.split(/\s+/)).toContain(setting);
    expect(find(final, 'STOPSIGNAL')[0]?.args).toBe('SIGTERM');
  });

  it('copies only files that exist and that .dockerignore lets through', () => {
    const ignored = read('.dockerignore')
      .split('\n')
      .filter((l) => l && !l.startsWith('#') && !l.startsWith('!'));
    for (const copy of [...find(build, 'COPY'), ...find(final, 'COPY')].filter(
      (c) => !c.args.includes('--from'),
    )) {
      const sources = copy.args.split(' ').slice(0, -1);
      for (const source of sources) {
        expect(existsSync(`${ROOT}${source}`), source).toBe(true);
        expect(ignored, source).not.toContain(source.split('/')[0]);
      }
    }
    expect(ignored).toEqual(expect.arrayContaining(['node_modules', 'data', '.env', 'dist']));
  });

  describe('its health check command', () => {
    let server: HealthServer;
    let ok = true;
    const facts = (): MetricsFacts => ({
      now: Date.now(),
      startedAt: ok ? Date.now() : 0,
      pollIntervalMs: 600_000,
      sources: [{ source: 'fts', lastSuccessAt: ok ? Date.now() : null }],
      counters: emptyCounters(),
      outbox: {},
      pausedSubscriptions: 0,
      databaseBytes: 0,
      info: { version: 'test', node: process.version, sqliteDriver: 'test' },
    });
    beforeAll(async () => {
      server = await startHealthServer('127.0.0.1', 0, facts);
    });
    afterAll(() => server.close());

    it('exits 0 while /healthz is healthy and 1 when it is not', async () => {
      const cmd: string[] = JSON.parse(
        /HEALTHCHECK [^\n]*?CMD (\[[^\n]*\])/.exec(dockerfile.replace(/\\\n/g, ' '))?.[1] ?? '[]',
      );
      expect(cmd[0]).toBe('node');
      const port = new URL(server.url).port;
      const check = () =>
        run(process.execPath, cmd.slice(1), { env: { HEALTH_PORT: port } }).then(
          () => 0,
          (err: { code: number }) => err.code,
        );
      expect(await check()).toBe(0);
      ok = false;
      expect(await check()).toBe(1);
    });
  });
});

describe('compose.yaml and the systemd unit', () => {
  it('compose builds this Dockerfile, keeps the database in a volume and gives the worker time to stop', () => {
    const compose = read('compose.yaml');
    expect(compose).toMatch(/^\s+build: \.$/m);
    expect(compose).toMatch(/^\s+DATABASE_PATH: \/data\/tender-nudge\.db$/m);
    expect(compose).toMatch(/^\s+- tender-nudge-data:\/data$/m);
    expect(Number(/stop_grace_period: (\d+)s/.exec(compose)?.[1])).toBeGreaterThan(5);
  });

  it('the unit runs the compiled worker as a system user, with the database in its state directory', () => {
    const unit = read('deploy/tender-nudge.service');
    const exec = /^ExecStart=(\S+) (.*)$/m.exec(unit);
    expect(exec?.[1]).toMatch(/\/node$/);
    expect(exec?.[2]?.split(' ')).toEqual(startArgs.slice(1));
    expect(unit).toMatch(/^User=tender-nudge$/m);
    expect(unit).toMatch(/^StateDirectory=tender-nudge$/m);
    expect(unit).toMatch(/^Environment=DATABASE_PATH=\/var\/lib\/tender-nudge\//m);
    expect(unit).toMatch(/^Environment=MALLOC_ARENA_MAX=1$/m);
    expect(unit).toMatch(/^Environment=MALLOC_MMAP_THRESHOLD_=32768$/m);
    expect(Number(/^TimeoutStopSec=(\d+)$/m.exec(unit)?.[1])).toBeGreaterThan(5);
  });
});

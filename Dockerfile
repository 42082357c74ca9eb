# Tender Nudge: the worker and Discord bot on Node 24 LTS, as a small non-root image with the database on a
# volume. Build: docker build -t tender-nudge .   Run: see compose.yaml and the README ("Docker").

ARG NODE_VERSION=24

FROM node:${NODE_VERSION}-bookworm-slim AS build
WORKDIR /app
COPY package.json package-lock.json ./
# Install scripts are skipped: on Node 24 the worker loads better-sqlite3 13 (N-API), whose prebuilt binaries
# ship inside the npm package; better-sqlite3 12, the Node 20 driver, would only be compiled for nothing.
RUN npm ci --ignore-scripts --no-audit --no-fund
COPY tsconfig.json tsconfig.build.json ./
COPY scripts ./scripts
COPY src ./src
RUN npm run build \
  && npm ci --omit=dev --ignore-scripts --no-audit --no-fund \
  && rm -rf node_modules/better-sqlite3 \
  && find node_modules/better-sqlite3-napi/prebuilds -type f ! -name 'linux-*' -delete

FROM node:${NODE_VERSION}-bookworm-slim
WORKDIR /app
# One malloc arena instead of one per thread (about 4 MB less idle RSS, no CPU cost measured), and blocks of
# 32 KiB or more mapped on their own, so memory freed after a poll goes back to the system (idle after a
# first poll 97-98 MB instead of 99-112): as the systemd unit (README Benchmarks, 2026-12-02).
ENV DATABASE_PATH=/data/tender-nudge.db \
    HEALTH_PORT=9464 \
    HEALTH_HOST=127.0.0.1 \
    MALLOC_ARENA_MAX=1 \
    MALLOC_MMAP_THRESHOLD_=32768
COPY package.json package-lock.json ./
COPY config ./config
COPY scripts/launch.mjs ./scripts/launch.mjs
COPY --from=build /app/node_modules ./node_modules
COPY --from=build /app/dist ./dist
# The database (it holds webhook tokens) lives on a volume owned by the unprivileged user node (uid 1000).
RUN mkdir -p /data && chown node:node /data && chmod 700 /data
VOLUME ["/data"]
USER node
# Healthy while every feed was read within three poll intervals (GET /healthz on the local health port).
HEALTHCHECK --interval=60s --timeout=5s --start-period=60s --retries=3 \
  CMD ["node", "-e", "fetch('http://127.0.0.1:' + process.env.HEALTH_PORT + '/healthz').then((r) => process.exit(r.ok ? 0 : 1), () => process.exit(1))"]
STOPSIGNAL SIGTERM
CMD ["node", "--max-semi-space-size=2", "--max-old-space-size=96", "scripts/launch.mjs", "main"]

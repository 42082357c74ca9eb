// npm run build: compiles src/ to dist/ (tsc), copies the SQL migrations beside the compiled store, and
// stamps the build, so `npm start` runs plain JavaScript (no tsx); `npm ci --omit=dev` is then enough.
import { spawnSync } from 'node:child_process';
import { copyFileSync, mkdirSync, readdirSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
// `--out <dir>` builds elsewhere (the production-install test); dist/ by default.
const outIndex = process.argv.indexOf('--out');
const out = outIndex > 0 ? resolve(process.argv[outIndex + 1] ?? 'dist') : join(root, 'dist');
const started = Date.now();
const tsc = createRequire(import.meta.url).resolve('typescript/bin/tsc');
const args = [
  '-p',
  join(root, 'tsconfig.build.json'),
  '--outDir',
  out,
  '--tsBuildInfoFile',
  join(out, '.tsbuildinfo'),
];
const result = spawnSync(process.execPath, [tsc, ...args], { stdio: 'inherit' });
if (result.status !== 0) process.exit(result.status ?? 1);
const migrations = join(root, 'src/store/migrations');
mkdirSync(join(out, 'store/migrations'), { recursive: true });
for (const file of readdirSync(migrations).filter((f) => f.endsWith('.sql')))
  copyFileSync(join(migrations, file), join(out, 'store/migrations', file));
writeFileSync(join(out, '.build-stamp'), `${new Date().toISOString()}\n`);
console.error(`Built dist/ in ${((Date.now() - started) / 1000).toFixed(1)} s`);

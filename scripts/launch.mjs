// Runs a compiled entry point from dist/ (`node scripts/launch.mjs main`, `… cli/poll-once`): the production
// path, with no tsx. When the build is missing or older than src/ and TypeScript is installed (a fresh clone
// after `npm ci`), it builds first; after `npm ci --omit=dev` it runs the build it has.
import { spawnSync } from 'node:child_process';
import { existsSync, readdirSync, statSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const entry = process.argv[2];
if (!entry) {
  console.error('Usage: node scripts/launch.mjs <entry> [arguments…]   (e.g. main, cli/poll-once)');
  process.exit(2);
}
// The entry point reads its own arguments from process.argv.slice(2).
process.argv.splice(2, 1);

/** The newest modification time of the sources a build is made from (0 when src/ is not shipped). */
function newestSource(dir) {
  if (!existsSync(dir)) return 0;
  let newest = 0;
  for (const name of readdirSync(dir)) {
    const path = join(dir, name);
    const stat = statSync(path);
    if (stat.isDirectory()) newest = Math.max(newest, newestSource(path));
    else if (!name.endsWith('.test.ts')) newest = Math.max(newest, stat.mtimeMs);
  }
  return newest;
}

const stamp = join(root, 'dist/.build-stamp');
const target = join(root, 'dist', `${entry}.js`);
const builtAt = existsSync(stamp) ? statSync(stamp).mtimeMs : 0;
const stale = !existsSync(target) || newestSource(join(root, 'src')) > builtAt;
if (stale) {
  let haveTypeScript = true;
  try {
    createRequire(import.meta.url).resolve('typescript/bin/tsc');
  } catch {
    haveTypeScript = false;
  }
  if (haveTypeScript) {
    console.error('Building dist/ first (src/ changed since the last build)…');
    const built = spawnSync(process.execPath, [join(root, 'scripts/build.mjs')], { stdio: 'inherit' });
    if (built.status !== 0) process.exit(built.status ?? 1);
  } else if (!existsSync(target)) {
    console.error(
      `There is no compiled ${entry}.js in dist/. Run \`npm run build\` where the dev dependencies are ` +
        'installed (npm ci), then `npm ci --omit=dev` if you want them gone.',
    );
    process.exit(1);
  } else console.error('Note: dist/ is older than src/; `npm run build` to bring it up to date.');
}
await import(pathToFileURL(target).href);

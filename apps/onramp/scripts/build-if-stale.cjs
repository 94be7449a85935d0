#!/usr/bin/env node
// `npm run cli` and `npm run migrate` run the built code in dist/. This rebuilds it first only when
// a source the build reads is newer than the build (or there is none), so a command on a current
// build starts at once instead of after a 15-30 s `nest build`. Templates, config and the
// catalogue are read at run time and never need a rebuild.
// `--check [root]` only answers: exit 0 when the build is current, 1 when it would rebuild.
const { spawnSync } = require('node:child_process');
const { existsSync, readdirSync, statSync } = require('node:fs');
const { join } = require('node:path');

const check = process.argv[2] === '--check';
const root = (check && process.argv[3]) || join(__dirname, '../../..');
const built = ['dist/apps/onramp/src/main.js', 'dist/apps/onramp/src/cli.js'].map((f) => join(root, f));
const inputs = ['apps', 'plugins', 'test/bench', 'test/support', 'test/tools'];
const files = ['tsconfig.json', 'tsconfig.build.json', 'nest-cli.json', 'package-lock.json'];
const compiled = /\.(ts|cts|mts|js|cjs|mjs|json)$/;

function newest(dir) {
  let latest = 0;
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    if (entry.name === 'node_modules' || entry.name === 'dist' || entry.name.startsWith('.')) continue;
    const path = join(dir, entry.name);
    if (entry.isDirectory()) latest = Math.max(latest, newest(path));
    else if (compiled.test(entry.name)) latest = Math.max(latest, statSync(path).mtimeMs);
  }
  return latest;
}

const builtAt = built.every((f) => existsSync(f)) ? Math.min(...built.map((f) => statSync(f).mtimeMs)) : 0;
const sourcesAt = Math.max(
  ...inputs.map((d) => (existsSync(join(root, d)) ? newest(join(root, d)) : 0)),
  ...files.map((f) => (existsSync(join(root, f)) ? statSync(join(root, f)).mtimeMs : 0)),
);
const stale = builtAt === 0 || sourcesAt > builtAt;
if (check) process.exit(stale ? 1 : 0);
if (stale) {
  process.stderr.write(builtAt === 0 ? 'onramp: no build yet; building\n' : 'onramp: sources changed since the last build; rebuilding\n');
  const npm = process.env.npm_execpath;
  const result = npm
    ? spawnSync(process.execPath, [npm, 'run', 'build'], { stdio: 'inherit', cwd: root })
    : spawnSync('npm', ['run', 'build'], { stdio: 'inherit', cwd: root, shell: true });
  process.exit(result.status ?? 1);
}

import { existsSync, readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';

let cached: string | undefined;

/**
 * The repository root (where config/ and templates/ live), found from this file whether it runs
 * from TypeScript sources under Jest or from dist/ after a build.
 */
export function projectRoot(): string {
  if (cached) return cached;
  let dir = __dirname;
  for (;;) {
    const pkg = join(dir, 'package.json');
    if (existsSync(pkg) && (JSON.parse(readFileSync(pkg, 'utf8')) as { name?: string }).name === 'onramp') return (cached = dir);
    const parent = dirname(dir);
    if (parent === dir) throw new Error(`cannot find the Onramp project root above ${__dirname}`);
    dir = parent;
  }
}

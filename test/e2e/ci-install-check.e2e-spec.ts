import { spawnSync } from 'node:child_process';
import { appendFileSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

/**
 * `.ci/run` installs through `.ci/unchanged-by`, which fails when the install changes a tracked
 * file. Exercised here in a scratch git repository (no database is involved).
 */
const CHECK = join(__dirname, '../../.ci/unchanged-by');

describe('.ci/unchanged-by (the install step of .ci/run)', () => {
  let repo: string;
  const git = (...args: string[]) => {
    const r = spawnSync('git', args, { cwd: repo, encoding: 'utf8' });
    if (r.status !== 0) throw new Error(`git ${args.join(' ')}: ${r.stderr}`);
  };
  const check = (script: string) => spawnSync(CHECK, ['sh', '-c', script], { cwd: repo, encoding: 'utf8' });

  beforeEach(() => {
    repo = mkdtempSync(join(tmpdir(), 'onramp-ci-'));
    git('init', '-q');
    git('config', 'user.email', 'ci@example.nhs.uk');
    git('config', 'user.name', 'CI');
    writeFileSync(join(repo, 'package-lock.json'), '{"lockfileVersion": 3}\n');
    writeFileSync(join(repo, '.gitignore'), 'node_modules/\n');
    git('add', '.');
    git('commit', '-q', '-m', 'initial');
  });
  afterEach(() => rmSync(repo, { recursive: true, force: true }));

  it('fails, printing git status --porcelain, when the install rewrites a tracked file', () => {
    const r = check('echo \'{"lockfileVersion": 3, "packages": {}}\' > package-lock.json');
    expect(r.status).toBe(1);
    expect(r.stderr).toContain("FAIL: 'sh -c");
    expect(r.stderr).toContain(' M package-lock.json');
  });

  it('passes when the install only writes ignored or untracked files', () => {
    const r = check('mkdir -p node_modules/x && echo 1 > node_modules/x/index.js && echo log > install.log');
    expect({ status: r.status, stderr: r.stderr }).toEqual({ status: 0, stderr: '' });
  });

  it('does not blame the install for an edit made before it, but catches a further change to that file', () => {
    appendFileSync(join(repo, 'package-lock.json'), '\n');
    expect(check('true').status).toBe(0);
    expect(check('echo more >> package-lock.json').status).toBe(1);
  });

  it('is how .ci/run installs', () => {
    const run = readFileSync(join(__dirname, '../../.ci/run'), 'utf8');
    const install = run.split('\n').filter((line) => /^[^#]*\bnpm (install|ci)\b/.test(line));
    expect(install).toEqual(['.ci/unchanged-by npm install --no-audit --no-fund']);
  });

  it("fails with the install's own exit code when the install fails", () => {
    expect(check('exit 3').status).toBe(3);
  });
});

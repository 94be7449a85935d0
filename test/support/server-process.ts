import { spawn, type ChildProcess } from 'node:child_process';
import { generateKeyPairSync } from 'node:crypto';
import { existsSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:net';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import { projectRoot } from '../../apps/onramp/src/shared/config/project-root';

/** The built server and CLI, run as separate processes the way the README runs them (`npm test` builds dist/ first). */
export const MAIN = join(projectRoot(), 'dist/apps/onramp/src/main.js');

export async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address() as { port: number };
      server.close(() => resolve(port));
    });
    server.on('error', reject);
  });
}

export interface Started {
  child: ChildProcess;
  port: number;
  /** From spawning the process to its "Onramp is listening" line (it logs that only when it can serve). */
  readyMs: number;
  output: () => string;
  /** Whether the process is still running. */
  running: () => boolean;
  stop(): Promise<void>;
}

export function runServer(
  args: string[],
  env: Record<string, string>,
): { child: ChildProcess; output: () => string; stderr: () => string; exited: Promise<number | null>; listening: Promise<number> } {
  if (!existsSync(MAIN)) throw new Error(`${MAIN} is missing: run "npm run build" (npm test does it)`);
  const started = performance.now();
  const child = spawn(process.execPath, [MAIN, ...args], {
    env: { PATH: process.env.PATH ?? '', LOG_LEVEL: 'info', ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let output = '';
  let heard: (ms: number) => void = () => {};
  const listening = new Promise<number>((resolve) => (heard = resolve));
  child.stdout!.on('data', (d: Buffer) => {
    output += d.toString();
    if (output.includes('Onramp is listening')) heard(performance.now() - started);
  });
  let stderr = '';
  child.stderr!.on('data', (d: Buffer) => {
    output += d.toString();
    stderr += d.toString();
  });
  // 'close' waits for the output streams to end, so nothing the process wrote is missed.
  const exited = new Promise<number | null>((resolve) => child.on('close', (code) => resolve(code)));
  return { child, output: () => output, stderr: () => stderr, exited, listening };
}

/**
 * Starts the built server on a free port (or on `env.PORT`, for a caller that must name the address
 * before the server starts, such as in an OpenID provider's redirect URI) and resolves once it is
 * listening; fails (and kills it) if it exits first or takes over 45 s. `onSpawn` sees the process at
 * once (it may work before it listens).
 */
export async function startServer(args: string[], env: Record<string, string>, onSpawn?: (child: ChildProcess) => void): Promise<Started> {
  const port = env.PORT ? Number(env.PORT) : await freePort();
  const proc = runServer(args, { ...env, PORT: String(port), HOST: '127.0.0.1' });
  onSpawn?.(proc.child);
  let alive = true;
  void proc.exited.then(() => (alive = false));
  let timer: NodeJS.Timeout | undefined;
  const readyMs = await Promise.race([
    proc.listening,
    proc.exited.then((code) => Promise.reject(new Error(`server exited with ${code}:\n${proc.output()}`))),
    new Promise<never>((_, reject) => {
      timer = setTimeout(() => {
        // A server that never came up must not outlive the test.
        proc.child.kill('SIGKILL');
        reject(new Error(`server did not start in 45 s:\n${proc.output()}`));
      }, 45_000);
    }),
  ]).finally(() => clearTimeout(timer));
  return {
    child: proc.child,
    port,
    readyMs,
    output: proc.output,
    running: () => alive,
    async stop() {
      proc.child.kill('SIGTERM');
      await proc.exited;
    },
  };
}

export const CLI = join(projectRoot(), 'dist/apps/onramp/src/cli.js');

/** Each test app signs its audit trail with a key of its own, kept in its data folder (reused when a suite restarts the app on it). */
export function testSigningKey(dataDir: string): string {
  const file = join(dataDir, 'test-audit-signing-key.pem');
  if (!existsSync(file)) {
    const { privateKey } = generateKeyPairSync('ed25519');
    writeFileSync(file, privateKey.export({ format: 'pem', type: 'pkcs8' }), { mode: 0o600 });
  }
  return file;
}

import { spawn, type ChildProcess } from 'node:child_process';
import { existsSync } from 'node:fs';
import { createServer } from 'node:net';
import { join } from 'node:path';

/** The built server and CLI, run as separate processes the way the README runs them (`npm test` builds dist/ first). */
export const MAIN = join(__dirname, '../../dist/apps/onramp/src/main.js');

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
  output: () => string;
  stop(): Promise<void>;
}

export function runServer(
  args: string[],
  env: Record<string, string>,
): { child: ChildProcess; output: () => string; stderr: () => string; exited: Promise<number | null> } {
  if (!existsSync(MAIN)) throw new Error(`${MAIN} is missing: run "npm run build" (npm test does it)`);
  const child = spawn(process.execPath, [MAIN, ...args], {
    env: { PATH: process.env.PATH ?? '', LOG_LEVEL: 'info', ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let output = '';
  child.stdout!.on('data', (d: Buffer) => (output += d.toString()));
  let stderr = '';
  child.stderr!.on('data', (d: Buffer) => {
    output += d.toString();
    stderr += d.toString();
  });
  // 'close' waits for the output streams to end, so nothing the process wrote is missed.
  const exited = new Promise<number | null>((resolve) => child.on('close', (code) => resolve(code)));
  return { child, output: () => output, stderr: () => stderr, exited };
}

export async function startServer(args: string[], env: Record<string, string>): Promise<Started> {
  const port = await freePort();
  const proc = runServer(args, { ...env, PORT: String(port), HOST: '127.0.0.1' });
  const deadline = Date.now() + 45_000;
  let exitCode: number | null | undefined;
  void proc.exited.then((c) => (exitCode = c));
  for (;;) {
    if (exitCode !== undefined) throw new Error(`server exited with ${exitCode}:\n${proc.output()}`);
    if (/Onramp is listening/.test(proc.output())) break;
    if (Date.now() > deadline) {
      // A server that never came up must not outlive the test.
      proc.child.kill('SIGKILL');
      throw new Error(`server did not start in 45 s:\n${proc.output()}`);
    }
    await new Promise((r) => setTimeout(r, 100));
  }
  return {
    child: proc.child,
    port,
    output: proc.output,
    async stop() {
      proc.child.kill('SIGTERM');
      await proc.exited;
    },
  };
}

export const CLI = join(__dirname, '../../dist/apps/onramp/src/cli.js');

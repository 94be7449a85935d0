// The built server and CLI as separate processes, the way an operator runs them, for the start-up,
// CLI and memory figures of `npm run bench`.
import { generateKeyPairSync } from 'node:crypto';
import { spawn, type ChildProcess } from 'node:child_process';
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { availableParallelism, loadavg } from 'node:os';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import { projectRoot } from '../../apps/onramp/src/shared/config/project-root';

export const MAIN = join(projectRoot(), 'dist/apps/onramp/src/main.js');
export const CLI = join(projectRoot(), 'dist/apps/onramp/src/cli.js');

/** The environment of a bench process: its own database, data folder, mail folder and audit signing key, all under `dir`. */
export function benchEnvironment(dir: string, databaseUrl: string): Record<string, string> {
  const key = join(dir, 'audit-signing-key.pem');
  if (!existsSync(key)) writeFileSync(key, generateKeyPairSync('ed25519').privateKey.export({ format: 'pem', type: 'pkcs8' }), { mode: 0o600 });
  return {
    PATH: process.env.PATH ?? '',
    DATABASE_URL: databaseUrl,
    ONRAMP_DATA_DIR: join(dir, 'data'),
    ONRAMP_MAIL_DIR: join(dir, 'mail'),
    ONRAMP_AUDIT_SIGNING_KEY_FILE: key,
    HOST: '127.0.0.1',
    PORT: '0',
    LOG_LEVEL: 'info',
  };
}

export interface RunningServer {
  child: ChildProcess;
  /** From spawning the process to its "Onramp is listening" line. */
  readyMs: number;
  /** Everything it printed so far. */
  output(): string;
  /** Whether it is still running. */
  running(): boolean;
  stop(): Promise<void>;
}

/** Starts the built server and resolves once it says it is listening (it logs that only when it can serve); `onSpawn` sees the process at once (it may work before it listens). */
export function startServer(env: Record<string, string>, args: string[] = [], onSpawn?: (child: ChildProcess) => void): Promise<RunningServer> {
  if (!existsSync(MAIN)) throw new Error(`${MAIN} is missing: run "npm run build"`);
  const started = performance.now();
  const child = spawn(process.execPath, [MAIN, ...args], { env, stdio: ['ignore', 'pipe', 'pipe'] });
  onSpawn?.(child);
  let alive = true;
  const exited = new Promise<void>((resolve) => child.once('exit', () => ((alive = false), resolve())));
  let output = '';
  return new Promise((resolve, reject) => {
    const onData = (d: Buffer) => {
      output += d.toString();
      if (!output.includes('Onramp is listening')) return;
      child.stdout!.off('data', onData);
      // Keep reading the pipes, so a chatty server never blocks on a full one.
      child.stdout!.on('data', (more: Buffer) => (output += more.toString()));
      resolve({
        child,
        readyMs: performance.now() - started,
        output: () => output,
        running: () => alive,
        async stop() {
          child.kill('SIGTERM');
          await exited;
        },
      });
    };
    child.stdout!.on('data', onData);
    child.stderr!.on('data', (d: Buffer) => (output += d.toString()));
    child.once('exit', (code) => reject(new Error(`the server exited with ${code} before listening:\n${output}`)));
  });
}

/** Runs one CLI command to completion; rejects unless it exits with `expect` (default 0). */
export function runCli(args: string[], env: Record<string, string>, expect = 0): Promise<{ ms: number; stdout: string }> {
  const started = performance.now();
  const child = spawn(process.execPath, [CLI, ...args], { env, stdio: ['ignore', 'pipe', 'pipe'] });
  let stdout = '';
  let stderr = '';
  child.stdout.on('data', (d: Buffer) => (stdout += d.toString()));
  child.stderr.on('data', (d: Buffer) => (stderr += d.toString()));
  return new Promise((resolve, reject) =>
    child.once('exit', (code) => {
      const ms = performance.now() - started;
      if (code === expect) resolve({ ms, stdout });
      else reject(new Error(`onramp ${args.join(' ')} exited with ${code}:\n${stdout}${stderr}`));
    }),
  );
}

export interface ProcessSample {
  rssMb: number;
  anonMb: number;
  fileMb: number;
  /** CPU time used so far, user and system. */
  cpuMs: number;
}

/** Memory from /proc/<pid>/status (VmRSS, split into anonymous and file-backed pages) and CPU time from /proc/<pid>/stat. */
export function sampleProcess(pid: number): ProcessSample {
  const status = readFileSync(`/proc/${pid}/status`, 'utf8');
  const kb = (field: string) => Number(new RegExp(`^${field}:\\s+(\\d+) kB`, 'm').exec(status)?.[1] ?? NaN);
  // Fields after the command name (which may hold spaces) in /proc/<pid>/stat: utime and stime are the 12th and 13th.
  const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
  const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
  const ticksPerSecond = 100; // USER_HZ, 100 on Linux
  return {
    rssMb: kb('VmRSS') / 1024,
    anonMb: kb('RssAnon') / 1024,
    fileMb: kb('RssFile') / 1024,
    cpuMs: ((Number(fields[11]) + Number(fields[12])) * 1000) / ticksPerSecond,
  };
}

export function median(values: number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  const mid = Math.floor(sorted.length / 2);
  return sorted.length % 2 ? sorted[mid] : (sorted[mid - 1] + sorted[mid]) / 2;
}

/** The one-minute load average against the cores: timings taken on a busy machine read high. */
export function machineLoad(): string {
  return `load average ${loadavg()[0].toFixed(1)} on ${availableParallelism()} cores`;
}

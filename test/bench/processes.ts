// The built server and CLI as separate processes, the way an operator runs them, for the start-up,
// CLI and memory figures of `npm run bench`.
import { spawn } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { availableParallelism, loadavg } from 'node:os';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import { CLI, testSigningKey } from '../support/server-process';

/** The environment of a bench process: its own database, data folder, mail folder and audit signing key, all under `dir`. */
export function benchEnvironment(dir: string, databaseUrl: string): Record<string, string> {
  return {
    PATH: process.env.PATH ?? '',
    DATABASE_URL: databaseUrl,
    ONRAMP_DATA_DIR: join(dir, 'data'),
    ONRAMP_MAIL_DIR: join(dir, 'mail'),
    ONRAMP_AUDIT_SIGNING_KEY_FILE: testSigningKey(dir),
    LOG_LEVEL: 'info',
  };
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

import { createReadStream } from 'node:fs';
import { mkdir, open, readdir } from 'node:fs/promises';
import { join } from 'node:path';
import { createInterface } from 'node:readline';
import { checkpointToLine, parseCheckpointLine, type Checkpoint, type CheckpointVerifier } from '../domain/audit-signing';

/** One file per UTC day of the checkpoints' `at`, so old days can be archived or copied off whole. */
const FILE = /^audit-checkpoints-(\d{4}-\d{2}-\d{2})\.jsonl$/;

/**
 * Each write(2) carries whole lines and at most this many bytes. Several processes (instances, the
 * CLI) append to the same files: with O_APPEND the kernel moves to the end and writes in one step,
 * and Linux serialises writes to one regular file on local file systems, so lines never interleave.
 * POSIX promises that formally only for pipes up to PIPE_BUF (4096 on Linux), so lines stay below
 * it; a checkpoint line is about 250 bytes. Not safe on NFS, whose O_APPEND is emulated by the client.
 */
export const MAX_WRITE_BYTES = 4096;

export function checkpointFileName(at: string): string {
  return `audit-checkpoints-${at.slice(0, 10)}.jsonl`;
}

/** A line that was ignored while reading, and why. `line` is 1-based, null for a whole file. */
export interface CheckpointProblem {
  file: string;
  line: number | null;
  problem: string;
}

export interface LatestCheckpoints {
  /** Per chain, the valid checkpoint with the highest seq. */
  latest: Map<string, Checkpoint>;
  /** Lines that did not parse, failed their signature or contradict another checkpoint. */
  problems: CheckpointProblem[];
  /** Valid checkpoints read, over all files. */
  valid: number;
  files: number;
}

/**
 * Signed checkpoints as JSON lines in a directory outside the database
 * (`ONRAMP_AUDIT_CHECKPOINT_DIR`, default `<dataDir>/audit-checkpoints`). Append-only: nothing here
 * rewrites or deletes a line. Files are created 600 and the directory 700; checkpoints are not
 * secret, but nobody else should be able to add lines beside the service's.
 */
export class CheckpointStore {
  constructor(readonly dir: string) {}

  /**
   * Appends the checkpoints and fsyncs each file before returning, so a checkpoint the caller was
   * told about survives a crash. Write checkpoints only for committed entries: one ahead of the
   * database looks exactly like a deleted tail to verification.
   */
  async append(checkpoints: readonly Checkpoint[]): Promise<void> {
    const byFile = new Map<string, string[]>();
    for (const c of checkpoints) {
      const line = `${checkpointToLine(c)}\n`;
      const parsed = parseCheckpointLine(line);
      if ('problem' in parsed) throw new Error(`refusing to store an audit checkpoint for chain ${String(c.chain)}: ${parsed.problem}`);
      if (Buffer.byteLength(line) > MAX_WRITE_BYTES) throw new Error(`an audit checkpoint line is longer than ${MAX_WRITE_BYTES} bytes`);
      const file = checkpointFileName(c.at);
      byFile.set(file, [...(byFile.get(file) ?? []), line]);
    }
    if (byFile.size === 0) return;
    await mkdir(this.dir, { recursive: true, mode: 0o700 });
    for (const [file, lines] of byFile) await this.appendLines(file, lines);
  }

  private async appendLines(file: string, lines: string[]) {
    const path = join(this.dir, file);
    let created = true;
    let handle = await open(path, 'ax', 0o600).catch((e: NodeJS.ErrnoException) => {
      if (e.code !== 'EEXIST') throw e;
      created = false;
      return null;
    });
    handle ??= await open(path, 'a', 0o600);
    try {
      for (const chunk of chunks(lines)) {
        const { bytesWritten } = await handle.write(chunk);
        // A short write (a full disk) leaves a partial line, which readers report and skip.
        if (bytesWritten !== chunk.length) throw new Error(`only ${bytesWritten} of ${chunk.length} bytes were written to ${path}`);
      }
      await handle.sync();
    } finally {
      await handle.close();
    }
    // A new file's directory entry must be durable too, or a crash can lose the whole file.
    if (created) {
      const dir = await open(this.dir, 'r');
      try {
        await dir.sync();
      } finally {
        await dir.close();
      }
    }
  }

  /**
   * Reads every file and returns the latest valid checkpoint per chain. Never throws on content:
   * unparsable lines, bad signatures, checkpoints of another key and two checkpoints naming
   * different heads for one entry are reported in `problems` and left out. A missing directory
   * means no checkpoints yet. With `onlyChain`, checkpoints of other chains are skipped before
   * their signatures are checked (verifying one organisation must not cost one signature check
   * per organisation in England).
   */
  async readLatest(verifier: CheckpointVerifier, onlyChain?: string): Promise<LatestCheckpoints> {
    const result: LatestCheckpoints = { latest: new Map(), problems: [], valid: 0, files: 0 };
    let names: string[];
    try {
      names = (await readdir(this.dir)).filter((n) => FILE.test(n)).sort();
    } catch (e) {
      const code = (e as NodeJS.ErrnoException).code;
      if (code !== 'ENOENT')
        result.problems.push({ file: this.dir, line: null, problem: `the checkpoint directory cannot be read (${code ?? 'unknown error'})` });
      return result;
    }
    const seenAt = new Map<string, string>(); // chain → "file:line" of the current latest, for conflict reports
    for (const file of names) {
      result.files++;
      const report = (line: number | null, problem: string) => result.problems.push({ file, line, problem });
      try {
        let lineNo = 0;
        const lines = createInterface({ input: createReadStream(join(this.dir, file), { encoding: 'utf8' }), crlfDelay: Infinity });
        for await (const text of lines) {
          lineNo++;
          if (text === '') continue;
          const parsed = parseCheckpointLine(text);
          if ('problem' in parsed) {
            report(lineNo, `not a checkpoint (${parsed.problem}); ignored`);
            continue;
          }
          const c = parsed.checkpoint;
          if (onlyChain !== undefined && c.chain !== onlyChain) continue;
          if (!verifier.verifyCheckpoint(c)) {
            report(
              lineNo,
              c.keyId === verifier.keyId
                ? `the checkpoint for chain ${c.chain} at entry ${c.seq} has a signature that does not verify; ignored`
                : `the checkpoint for chain ${c.chain} at entry ${c.seq} was signed by key ${c.keyId}, not the configured key ${verifier.keyId}; ignored`,
            );
            continue;
          }
          result.valid++;
          const current = result.latest.get(c.chain);
          if (current && current.seq === c.seq && current.head !== c.head) {
            // Only a key holder can sign both: a second writer with the key, or a trail restored
            // from a backup and extended differently. Either way a person has to look.
            report(
              lineNo,
              `chain ${c.chain} has two signed checkpoints at entry ${c.seq} naming different heads (the other is at ${seenAt.get(c.chain)}); the first is used`,
            );
          } else if (!current || c.seq > current.seq) {
            result.latest.set(c.chain, c);
            seenAt.set(c.chain, `${file}:${lineNo}`);
          }
        }
      } catch (e) {
        report(null, `the file cannot be read (${(e as NodeJS.ErrnoException).code ?? 'unknown error'}); its checkpoints were skipped`);
      }
    }
    return result;
  }
}

/** Whole lines grouped into writes of at most MAX_WRITE_BYTES. */
function chunks(lines: string[]): Buffer[] {
  const out: Buffer[] = [];
  let current: string[] = [];
  let size = 0;
  for (const line of lines) {
    const bytes = Buffer.byteLength(line);
    if (size + bytes > MAX_WRITE_BYTES && current.length) {
      out.push(Buffer.from(current.join('')));
      current = [];
      size = 0;
    }
    current.push(line);
    size += bytes;
  }
  if (current.length) out.push(Buffer.from(current.join('')));
  return out;
}

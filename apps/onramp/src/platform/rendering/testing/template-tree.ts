import { cpSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';

/** Temporary template folders for override and failure tests; `cleanup()` removes every one made. */
export class TemplateTrees {
  private readonly made: string[] = [];

  /** A new folder holding `files` (path relative to the folder → content). */
  create(files: Record<string, string> = {}): string {
    const root = mkdtempSync(join(tmpdir(), 'onramp-templates-'));
    this.made.push(root);
    for (const [path, content] of Object.entries(files)) {
      mkdirSync(dirname(join(root, path)), { recursive: true });
      writeFileSync(join(root, path), content);
    }
    return root;
  }

  /** A copy of an existing templates folder, optionally without some files (paths relative to it). */
  copy(from: string, without: string[] = []): string {
    const root = this.create();
    cpSync(from, root, { recursive: true });
    for (const path of without) rmSync(join(root, path), { recursive: true, force: true });
    return root;
  }

  cleanup(): void {
    for (const root of this.made.splice(0)) rmSync(root, { recursive: true, force: true });
  }
}

/**
 * Writes a plan, remembering what was there before, so that a failure after writing (composing the
 * supergraph or generating the client on disk) puts every file back: the generator either adds a
 * whole subgraph or changes nothing.
 */
import { existsSync, mkdirSync, readdirSync, readFileSync, rmdirSync, rmSync, writeFileSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import type { FileChange } from './plan';

export interface Undo {
  /** Restores every file written or named since, removes the created ones and the folders made for them. */
  restore(): void;
}

/** `keep`: files that later steps may rewrite (the supergraph, the generated client), restored too. */
export function writeChanges(root: string, changes: FileChange[], keep: string[]): Undo {
  const before = new Map<string, string | null>();
  const remember = (path: string) => {
    const absolute = resolve(root, path);
    if (!before.has(absolute)) before.set(absolute, existsSync(absolute) ? readFileSync(absolute, 'utf8') : null);
  };
  const madeDirs: string[] = [];
  const makeDir = (dir: string) => {
    if (existsSync(dir)) return;
    makeDir(dirname(dir));
    mkdirSync(dir);
    madeDirs.push(dir);
  };
  keep.forEach(remember);
  const undo: Undo = {
    restore() {
      for (const [path, content] of before) {
        if (content === null) rmSync(path, { force: true });
        else writeFileSync(path, content);
      }
      for (const dir of [...madeDirs].reverse()) if (existsSync(dir) && readdirSync(dir).length === 0) rmdirSync(dir);
    },
  };
  try {
    for (const change of changes) {
      remember(change.path);
      const absolute = resolve(root, change.path);
      makeDir(dirname(absolute));
      writeFileSync(absolute, change.content);
    }
  } catch (error) {
    undo.restore();
    throw error;
  }
  return undo;
}

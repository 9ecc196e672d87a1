/**
 * The project's own import graph, read from the source: each file's relative imports (type-only
 * ones too: a type import still ties two files together), resolved to files. Packages are not ours
 * to read.
 */
import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { dirname, join, relative, resolve } from 'node:path';

export const ROOT = resolve(__dirname, '../..');

/** `from '…'`, `import '…'`, `require('…')` and `import('…')` of a relative path. */
const RELATIVE_IMPORT = /(?:\bfrom|\bimport|\brequire\(|\bimport\()\s*['"](\.{1,2}\/[^'"]+)['"]/g;

function resolveImport(from: string, spec: string): string | undefined {
  const base = resolve(dirname(from), spec);
  return [`${base}.ts`, resolve(base, 'index.ts')].find(existsSync);
}

/** The files `file` imports through relative paths. */
export function importsOf(file: string): string[] {
  const text = readFileSync(file, 'utf8');
  return [...new Set([...text.matchAll(RELATIVE_IMPORT)].flatMap((m) => resolveImport(file, m[1]) ?? []))];
}

/** Source files reachable from entry (relative to the project root) through relative imports. */
export function reachableFiles(entry: string): string[] {
  const seen = new Set<string>();
  const queue = [resolve(ROOT, entry)];
  while (queue.length) {
    const file = queue.pop()!;
    if (seen.has(file)) continue;
    seen.add(file);
    queue.push(...importsOf(file));
  }
  return [...seen].sort();
}

/** Every .ts file under the given folders (relative to the project root). */
export function sourceFiles(folders: readonly string[]): string[] {
  const walk = (dir: string): string[] =>
    readdirSync(dir).flatMap((name) => {
      const path = join(dir, name);
      if (statSync(path).isDirectory()) return name === 'node_modules' ? [] : walk(path);
      return path.endsWith('.ts') ? [path] : [];
    });
  return folders.flatMap((folder) => walk(resolve(ROOT, folder))).sort();
}

/**
 * The import cycles among `files`: one per strongly connected component of more than one file (or
 * a file importing itself), each as the files of the component, relative to the project root.
 * Tarjan's algorithm, iterative, so a deep graph cannot overflow the stack.
 */
export function importCycles(files: readonly string[]): string[][] {
  const inScope = new Set(files);
  const edges = new Map(files.map((f) => [f, importsOf(f).filter((t) => inScope.has(t))]));
  const index = new Map<string, number>();
  const low = new Map<string, number>();
  const onStack = new Set<string>();
  const stack: string[] = [];
  const cycles: string[][] = [];
  let next = 0;
  for (const start of files) {
    if (index.has(start)) continue;
    const work: { file: string; edge: number }[] = [{ file: start, edge: 0 }];
    index.set(start, next);
    low.set(start, next++);
    stack.push(start);
    onStack.add(start);
    while (work.length) {
      const frame = work[work.length - 1];
      const targets = edges.get(frame.file)!;
      if (frame.edge < targets.length) {
        const target = targets[frame.edge++];
        if (!index.has(target)) {
          index.set(target, next);
          low.set(target, next++);
          stack.push(target);
          onStack.add(target);
          work.push({ file: target, edge: 0 });
        } else if (onStack.has(target)) {
          low.set(frame.file, Math.min(low.get(frame.file)!, index.get(target)!));
        }
        continue;
      }
      work.pop();
      if (work.length) {
        const parent = work[work.length - 1].file;
        low.set(parent, Math.min(low.get(parent)!, low.get(frame.file)!));
      }
      if (low.get(frame.file) !== index.get(frame.file)) continue;
      const component: string[] = [];
      let member: string;
      do {
        member = stack.pop()!;
        onStack.delete(member);
        component.push(member);
      } while (member !== frame.file);
      if (component.length > 1 || edges.get(frame.file)!.includes(frame.file)) {
        cycles.push(component.map((f) => relative(ROOT, f)).sort());
      }
    }
  }
  return cycles;
}

import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { dirname, join, relative, resolve } from 'node:path';
import { lifecycleMarkdown } from '../../subgraphs/experiments/lifecycle';
import { STATUS_ACTIONS, statusPreconditionKey, statusPreconditionsMarkdown } from '../../subgraphs/experiments/status-preconditions';
import { ROOT } from '../support/import-graph';

/** Folders that are not the project's own documents (dependencies, build output, run data). */
const SKIP = new Set(['node_modules', '.git', 'dist', '.data', 'coverage', '.test-runs', 'test-output']);

function markdownFiles(dir = ROOT): string[] {
  return readdirSync(dir).flatMap((name) => {
    const path = join(dir, name);
    if (statSync(path).isDirectory()) return SKIP.has(name) ? [] : markdownFiles(path);
    return name.endsWith('.md') ? [path] : [];
  });
}

/** Relative link targets of a markdown text: `[text](target)`, without an #anchor; web links and anchors alone skipped. */
function relativeLinks(text: string): string[] {
  return [...text.matchAll(/\]\(([^)\s]+)\)/g)]
    .map((m) => m[1].split('#')[0])
    .filter((target) => target !== '' && !/^[a-z][a-z0-9+.-]*:/i.test(target));
}

const architecture = () => readFileSync(resolve(ROOT, 'docs/ARCHITECTURE.md'), 'utf8');

describe('project documents', () => {
  const docs = markdownFiles();

  it('are found (README, docs/)', () => {
    expect(docs.map((f) => relative(ROOT, f))).toEqual(expect.arrayContaining(['README.md', 'docs/ARCHITECTURE.md', 'docs/DEPLOYING.md', 'docs/CLIENTS.md']));
  });

  it('link only to files inside the repository that exist, so a clone reads them whole', () => {
    const broken = docs.flatMap((file) =>
      relativeLinks(readFileSync(file, 'utf8')).flatMap((target) => {
        const path = resolve(dirname(file), target);
        const inside = !relative(ROOT, path).startsWith('..');
        return inside && existsSync(path) ? [] : [`${relative(ROOT, file)} → ${target}`];
      }),
    );
    expect(broken).toEqual([]);
  });

  it('never point outside the checkout (../shared/ and the like)', () => {
    const outside = docs.filter((file) => /\.\.\/shared\//.test(readFileSync(file, 'utf8'))).map((f) => relative(ROOT, f));
    expect(outside).toEqual([]);
  });

  it('list the experiment lifecycle and the status precondition keys exactly as the code has them', () => {
    expect(architecture()).toContain(lifecycleMarkdown());
    expect(architecture()).toContain(statusPreconditionsMarkdown());
    const documentedKeys = [...architecture().matchAll(/`(STATUS:[A-Z_]+)`/g)].map((m) => m[1]);
    expect([...new Set(documentedKeys)].sort()).toEqual(STATUS_ACTIONS.map(statusPreconditionKey).sort());
  });
});

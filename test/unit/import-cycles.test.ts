import { writeFileSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { importCycles, sourceFiles } from '../support/import-graph';

/** The folders whose files import each other; a circle among them is a design knot to untie. */
const FOLDERS = ['common', 'gateway', 'subgraphs', 'platform', 'client'];

describe('import graph', () => {
  it('has no import cycle in common/, gateway/, subgraphs/, platform/ or client/ (type-only imports count)', () => {
    expect(importCycles(sourceFiles(FOLDERS))).toEqual([]);
  });

  it('finds a cycle when there is one, type-only imports included', () => {
    const dir = mkdtempSync(join(tmpdir(), 'import-cycles-'));
    try {
      writeFileSync(join(dir, 'a.ts'), "import { b } from './b';\nexport const a = b;\n");
      writeFileSync(join(dir, 'b.ts'), "import type { C } from './c';\nexport const b: C = 1;\n");
      writeFileSync(join(dir, 'c.ts'), "import { a } from './a';\nexport type C = typeof a;\n");
      writeFileSync(join(dir, 'd.ts'), "import { a } from './a';\nexport const d = a;\n");
      const cycles = importCycles(['a', 'b', 'c', 'd'].map((f) => join(dir, `${f}.ts`)));
      expect(cycles).toHaveLength(1);
      expect(cycles[0].map((f) => f.slice(-4))).toEqual(['a.ts', 'b.ts', 'c.ts']);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});

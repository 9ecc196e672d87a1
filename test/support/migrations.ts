/** A registered subgraph's migration classes, found by the convention every subgraph follows. */
import { resolve } from 'node:path';
import type { SubgraphName } from '../../common/subgraph-registry';

const ROOT = resolve(__dirname, '../..');

/** migrations/<name>/index.ts exports `<name>Migrations`, in the order they run. */
export function migrationsOf(name: SubgraphName): { name: string }[] {
  // require, not import: the module is chosen by the registry at run time.
  // eslint-disable-next-line @typescript-eslint/no-require-imports -- a path known only at run time, loaded synchronously
  const exported = (require(resolve(ROOT, 'migrations', name)) as Record<string, unknown>)[`${name}Migrations`];
  if (!Array.isArray(exported)) throw new Error(`migrations/${name}/index.ts must export ${name}Migrations (the list its main.ts runs)`);
  return exported as { name: string }[];
}

/** What a new subgraph may be called, and the spellings its files and variables use. */

/** Names the platform already uses for something else: folders, compose services, variable prefixes. */
export const RESERVED_NAMES = [
  'gateway', 'kit', 'common', 'platform', 'client', 'schema', 'migrations', 'subgraph', 'subgraphs', 'test', 'ops', 'deploy',
  'bench', 'docs', 'dist', 'postgres', 'ratelimit', 'lb', 'portal', 'addon', 'data', 'pg', 'app',
] as const;

export interface SubgraphNames {
  /** As given: folders, files, compose services, the SDL field prefix (`surveys`). */
  name: string;
  /** Types and classes (`Surveys`). */
  Name: string;
  /** Environment variables (`SURVEYS`). */
  NAME: string;
}

export function namesOf(name: string): SubgraphNames {
  return { name, Name: name[0].toUpperCase() + name.slice(1), NAME: name.toUpperCase() };
}

/** Why `name` cannot be a new subgraph, or null when it can. */
export function nameProblem(name: string | undefined, existing: readonly string[]): string | null {
  if (!name) return 'name the subgraph: npm run new-subgraph -- NAME (lower-case letters, e.g. surveys)';
  if (!/^[a-z]+$/.test(name)) return `"${name}" is not a subgraph name: use lower-case letters a-z only (it becomes a folder, a database, a compose service and the ${name.toUpperCase().replace(/[^A-Z]/g, '_')}_* variables)`;
  if (name.length < 3 || name.length > 30) return `"${name}" is ${name.length} letters long: use 3 to 30`;
  if (existing.includes(name)) return `"${name}" is already a subgraph (common/subgraph-registry.ts): choose another name`;
  if ((RESERVED_NAMES as readonly string[]).includes(name)) return `"${name}" is already used by the platform (a folder, compose service or variable prefix): choose another name`;
  return null;
}

/** The smallest offset from PORT that no subgraph and nothing reserved (the gateway, its ops listener) uses. */
export function nextPortOffset(used: readonly number[], reserved: readonly number[]): number {
  let offset = 1;
  while (used.includes(offset) || reserved.includes(offset)) offset++;
  return offset;
}

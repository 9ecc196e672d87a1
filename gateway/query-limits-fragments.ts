/**
 * One computation per named fragment and context key, remembered for the rest of the validation:
 * a fragment spread many times (or spreading others many times, as in
 * `fragment F0 on Query { ...F1 ...F1 }` 24 levels deep) is walked once, so a limit check costs
 * time linear in the document instead of in its expansion. A cycle (reported by graphql's own
 * NoFragmentCyclesRule) counts as `empty`.
 */
import type { FragmentDefinitionNode, ValidationContext } from 'graphql';

export function fragmentMemo<T>(
  context: ValidationContext,
  empty: T,
  compute: (fragment: FragmentDefinitionNode, key: string) => T,
): (name: string, key?: string) => T {
  const done = new Map<string, T>();
  const active = new Set<string>();
  return (name, key = '') => {
    const id = `${name}\u0000${key}`;
    const known = done.get(id);
    if (known !== undefined) return known;
    const fragment = context.getFragment(name);
    if (!fragment || active.has(id)) return empty;
    active.add(id);
    const value = compute(fragment, key);
    active.delete(id);
    done.set(id, value);
    return value;
  };
}

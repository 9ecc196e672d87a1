/**
 * A subgraph's erase/export hooks must match its declaration in common/subgraph-registry.ts:
 * identity's deleteAccount and exportMyData call every subgraph declared as holding account data,
 * so a declared one without hooks would fail every deletion, and one with hooks but not declared
 * would silently keep its rows after deletion. Checked at start, before anything listens.
 */
import { ACCOUNT_OWNER, type SubgraphDeclaration } from '../../common/subgraph-registry';

/** What is wrong, in words, or null when the hooks match the declaration. */
export function accountDataHooksProblem(name: string, declaration: Pick<SubgraphDeclaration, 'holdsAccountData'>, hasHooks: boolean): string | null {
  // identity owns the accounts and erases its own rows inside the saga; it serves no hooks.
  if (name === ACCOUNT_OWNER) return null;
  const declared = declaration.holdsAccountData;
  if (declared && !hasHooks) {
    return `the ${name} subgraph is declared with holdsAccountData: true in common/subgraph-registry.ts but defines no accountData (erase/export) hooks in its main.ts; account deletion would fail at its step`;
  }
  if (!declared && hasHooks) {
    return `the ${name} subgraph defines accountData hooks but is declared with holdsAccountData: false in common/subgraph-registry.ts; account deletion and export would skip it. Declare it as holding account data`;
  }
  return null;
}

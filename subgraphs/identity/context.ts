import DataLoader from 'dataloader';
import type { BaseSubgraphContext } from '../kit/server';
import { findAccountsByIds, type Account } from './accounts';
import type { SigningKeyCache } from './signing-keys';

export interface IdentityContext extends BaseSubgraphContext {
  accounts: DataLoader<string, Account | null>;
  signingKeys: SigningKeyCache;
  /** Accounts the caller proved to own in this request (signUp/signIn), besides its token's account. */
  ownAccountIds: Set<string>;
}

export function createIdentityContext(base: BaseSubgraphContext, signingKeys: SigningKeyCache): IdentityContext {
  return {
    ...base,
    signingKeys,
    ownAccountIds: new Set(base.caller.accountId ? [base.caller.accountId] : []),
    accounts: new DataLoader((ids) => findAccountsByIds(base.db, ids)),
  };
}

/** Puts a fresh account into every account column of agreements: the consent ledger, its chain head, the consent state. */
import type { TestUser } from '../graphql-client';
import { acceptAgreements } from '../experiments';
import type { AccountDataWorld } from './world';

export async function fillAccountData(user: TestUser, _world: AccountDataWorld): Promise<void> {
  await acceptAgreements(user);
}

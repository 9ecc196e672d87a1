/** Puts a fresh account into every account column of the {{name}} subgraph (test/e2e/account-data-coverage.test.ts). */
import { gql, type TestUser } from '../graphql-client';
import { ok } from '../experiments';
import type { AccountDataWorld } from './world';

export async function fillAccountData(user: TestUser, _world: AccountDataWorld): Promise<void> {
  ok(await gql(`mutation ($text: String!) { set{{Name}}Note(text: $text) { note } }`, { text: 'Written by the coverage fixture.' }, { token: user.accessToken }));
}

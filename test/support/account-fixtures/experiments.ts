/** Puts a fresh account into every account column of experiments that erase clears: its enrollment and the enrollment's history. */
import { gql, type TestUser } from '../graphql-client';
import { acceptAgreements, ok } from '../experiments';
import type { AccountDataWorld } from './world';

export async function fillAccountData(user: TestUser, world: AccountDataWorld): Promise<void> {
  await acceptAgreements(user);
  ok(await gql(`mutation ($slug: String!) { optIn(experiment: $slug) { status } }`, { slug: await world.launchedExperiment() }, { token: user.accessToken }));
}

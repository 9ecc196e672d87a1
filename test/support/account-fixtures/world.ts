/**
 * What the account-data fixtures (one file per subgraph that holds account data, named after it)
 * may need besides the account: made once per test file, on first use.
 */
import { launchExperiment, makeCrew } from '../experiments';
import type { TestUser } from '../graphql-client';

export interface AccountDataWorld {
  /** An IN_BETA experiment with PER_EXPERIMENT opt-in and full rollout: an account can opt in and send feedback. */
  launchedExperiment(): Promise<string>;
}

export function accountDataWorld(): AccountDataWorld {
  let launched: Promise<string> | undefined;
  return {
    launchedExperiment: () => (launched ??= makeCrew().then((crew) => launchExperiment(crew, { optInPolicy: 'PER_EXPERIMENT' }))),
  };
}

/** The shape of test/support/account-fixtures/<subgraph>.ts. */
export interface AccountDataFixture {
  /** Through the API, puts `user` into every account column of the subgraph that erase must clear. */
  fillAccountData(user: TestUser, world: AccountDataWorld): Promise<void>;
}

/** Experiments subgraph process: experiments, lifecycle, sign-offs, revisions, rollout, enrollment. */
import { runSubgraphProcess } from '../kit/server';
import { experimentsMigrations } from '../../migrations/experiments';
import { resolvers } from './resolvers';
import { createExperimentsContext } from './context';
import { experimentsAccountData } from './account-data';

runSubgraphProcess({
  name: 'experiments',
  defaultPort: 4003,
  migrations: experimentsMigrations,
  resolvers,
  accountData: experimentsAccountData,
  createContext: (base) => createExperimentsContext(base),
});

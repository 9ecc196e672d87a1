/** Experiments subgraph process: experiments, lifecycle, sign-offs, revisions, rollout, enrollment. */
// First: tracing must patch http, undici, pg and graphql before anything loads them.
import '../../common/tracing';
import { runSubgraphProcess } from '../kit/server';
import { experimentsMigrations } from '../../migrations/experiments';
import { resolvers } from './resolvers';
import { createExperimentsContext, type ExperimentsResources } from './context';
import { experimentsCatalog } from './catalog';
import { experimentsAccountData } from './account-data';

runSubgraphProcess({
  name: 'experiments',
  migrations: experimentsMigrations,
  resolvers,
  accountData: experimentsAccountData,
  async resources(db, log): Promise<ExperimentsResources> {
    const catalog = experimentsCatalog(db, log);
    await catalog.start();
    return { catalog, stop: () => catalog.stop() };
  },
  createContext: (base, resources) => createExperimentsContext(base, resources),
});

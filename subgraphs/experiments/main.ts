/** Experiments subgraph process: experiments, lifecycle, rollout and enrollment. */
import { runSubgraphProcess } from '../kit/server';
import { experimentsMigrations } from '../../migrations/experiments';
import { DateTime } from '../kit/scalars';

runSubgraphProcess({
  name: 'experiments',
  defaultPort: 4003,
  migrations: experimentsMigrations,
  resolvers: {
    DateTime,
    Query: { experiments: () => [] },
  },
  createContext: (base) => base,
});

/** Feedback subgraph process: feedback, aggregates and consented usage events. */
import { runSubgraphProcess } from '../kit/server';
import { feedbackMigrations } from '../../migrations/feedback';
import { DateTime } from '../kit/scalars';

runSubgraphProcess({
  name: 'feedback',
  defaultPort: 4004,
  migrations: feedbackMigrations,
  resolvers: {
    DateTime,
    Experiment: { feedbackCount: () => 0 },
  },
  createContext: (base) => base,
});

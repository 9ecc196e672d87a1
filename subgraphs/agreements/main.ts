/** Agreements subgraph process: versioned documents and the consent ledger. */
import { runSubgraphProcess } from '../kit/server';
import { agreementsMigrations } from '../../migrations/agreements';
import { DateTime } from '../kit/scalars';

runSubgraphProcess({
  name: 'agreements',
  defaultPort: 4002,
  migrations: agreementsMigrations,
  resolvers: {
    DateTime,
  },
  createContext: (base) => base,
});

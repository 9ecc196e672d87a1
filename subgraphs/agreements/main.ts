/** Agreements subgraph process: versioned documents and the consent ledger. */
import { runSubgraphProcess } from '../kit/server';
import { agreementsMigrations } from '../../migrations/agreements';
import { resolvers } from './resolvers';
import { createAgreementsContext } from './context';
import { publishInitialVersions } from './publishing';
import { agreementsAccountData } from './account-data';

runSubgraphProcess({
  name: 'agreements',
  defaultPort: 4002,
  migrations: agreementsMigrations,
  resolvers,
  async onStart(db, log) {
    const published = await publishInitialVersions(db);
    if (published.length) log.info('published initial beta agreement texts', { kinds: published });
  },
  accountData: agreementsAccountData,
  createContext: createAgreementsContext,
});
